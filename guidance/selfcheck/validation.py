"""Checking answers: one path for the web wizard, the API and the bot.

Errors are `FieldError(field, message, params)` with an English msgid (marked
with N_) that each adapter translates; nothing is saved when there is one.
"""
from __future__ import annotations

import math
from decimal import Decimal

from consultation.document import Consultation
from consultation.i18n import N_
from consultation.intake import fields
from consultation.schema import ZONE_TYPES
from consultation.submissions import FieldError, ValidationFailed

from .flow import Question, all_nodes, all_questions, next_node, node

MAX_NUMBER = Decimal("1e12")
PERCENT_INPUTS = ("percent", "growth")  # answers that may be typed with a % sign

MSG_REQUIRED = N_("Answer this question.")
MSG_NOT_A_NUMBER = N_("Enter a number, for example 12 or 3.5.")
MSG_COUNT = N_("Enter a whole number, 0 or more.")
MSG_PERCENT = N_("Enter a percentage between 0 and 100.")
MSG_NON_NEGATIVE = N_("Enter a number, 0 or more.")
MSG_GROWTH = N_("Enter a growth rate between -100 and 1000 (percent).")
MSG_TOO_LARGE = N_("This number is too large.")
MSG_CHOICE = N_("Choose one of the options.")
MSG_ZONE_TYPES = N_("Choose at least one type of demonstration zone.")
MSG_UNKNOWN_QUESTION = N_("There is no such question in the self-check.")
MSG_NOT_AN_OBJECT = N_("The answers must be an object with one entry per question.")

def _parse_number(raw, question: Question) -> Decimal:
    """A JSON or YAML number as it is (the API and `consult self-check`), text by the rule for numbers typed
    by people (consultation.intake.fields: ASCII or full-width digits, a % sign where the answer is a
    percentage); NotANumber otherwise."""
    if isinstance(raw, bool):
        raise fields.NotANumber()
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise fields.NotANumber()
        return Decimal(str(raw))
    if not isinstance(raw, str):
        raise fields.NotANumber()
    return fields.typed_number(raw, percent=question.input in PERCENT_INPUTS)


def _blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def _number_out(value: Decimal, integer: bool):
    if integer:
        return int(value)
    return int(value) if value == value.to_integral_value() else float(value)


def validate_value(question: Question, raw) -> tuple[object, tuple[str, dict] | None]:
    """(clean value, None) or (None, (msgid, params)) for one answer to one question."""
    if _blank(raw):
        return None, (MSG_ZONE_TYPES if question.kind == "zone_types" else MSG_REQUIRED, {})
    if question.kind == "zone_types":
        values = [raw] if isinstance(raw, str) else raw
        if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
            return None, (MSG_ZONE_TYPES, {})
        if any(v not in ZONE_TYPES for v in values):
            return None, (MSG_CHOICE, {})
        return [t for t in ZONE_TYPES if t in values], None
    if question.kind == "condition" and isinstance(raw, bool):
        return ("yes" if raw else "no"), None  # JSON true/false, or YAML's bare yes/no
    if question.kind in ("entity_kind", "condition", "level"):
        if not isinstance(raw, str) or raw not in question.choices:
            return None, (MSG_CHOICE, {})
        return raw, None
    try:
        number = _parse_number(raw, question)
    except fields.NotANumber as exc:  # digits of another script are said as such; else the question's words
        return None, (exc.message or (MSG_COUNT if question.input == "count" else MSG_NOT_A_NUMBER), {})
    if abs(number) > MAX_NUMBER:
        return None, (MSG_TOO_LARGE, {})
    kind = question.input
    if kind == "count":
        if number < 0 or number != number.to_integral_value():
            return None, (MSG_COUNT, {})
        return _number_out(number, True), None
    if kind == "percent":
        if not (0 <= number <= 100):
            return None, (MSG_PERCENT, {})
    elif kind == "growth":
        if not (-100 <= number <= 1000):
            return None, (MSG_GROWTH, {})
    elif number < 0:
        return None, (MSG_NON_NEGATIVE, {})
    return _number_out(number, False), None


def validate_node(node_name: str, raw: dict, consultation: Consultation | None = None
                  ) -> tuple[dict, list[FieldError]]:
    """Check the answers given on one page; (clean answers, errors by question name)."""
    clean, errors = {}, []
    for q in node(node_name, consultation).questions:
        value, error = validate_value(q, raw.get(q.name))
        if error:
            errors.append(FieldError(q.name, error[0], error[1]))
        else:
            clean[q.name] = value
    return clean, errors


def check_node(node_name: str, raw: dict, consultation: Consultation | None = None) -> dict:
    """Like validate_node, but raises ValidationFailed (nothing to save) on any error."""
    clean, errors = validate_node(node_name, raw, consultation)
    if errors:
        raise ValidationFailed(errors)
    return clean


def validate_answers(raw, consultation: Consultation | None = None) -> dict:
    """A complete set of answers, walked along the flow; returns the clean answers on the path.

    Every question on the path must be answered; names that are no question are refused;
    answers to questions off the path (e.g. a type not chosen) are dropped.
    Raises ValidationFailed with every error at once.
    """
    if not isinstance(raw, dict):
        raise ValidationFailed([FieldError("answers", MSG_NOT_AN_OBJECT, {})])
    known = all_questions(consultation)
    errors = [FieldError(name, MSG_UNKNOWN_QUESTION, {}) for name in raw if name not in known]
    clean: dict = {}
    nodes = all_nodes(consultation)
    current = "zone_types"
    while nodes[current].kind != "outcome":
        values, node_errors = validate_node(current, raw, consultation)
        clean.update(values)
        errors += node_errors
        if node_errors and current in ("zone_types", "entity"):
            break  # the route depends on these answers
        current = next_node(current, clean, consultation)
    if errors:
        raise ValidationFailed(errors)
    return clean
