"""The feedback body as a strict pydantic model: what it validates is what the OpenAPI document says.

Strict means no coercion: `name: true` or `name: {"$gt": ""}` is a wrong type, not the text "True";
unknown keys are refused; text may not carry control, bidi or surrogate characters (fields.py). The
rules that tie fields together (a proposal for "amend", a contact, points only for indicator rows)
are checked by `consultation.submissions.validate` after the model, and published in the schema by
`feedback_schema`, from the same constants, so that a request valid by the document is accepted.
"""
from __future__ import annotations

import re

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, ValidationError, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..i18n import N_
from ..models import CATEGORIES, COMMENT_KINDS
from . import fields

LIMITS = {"proposal": 5000, "reason": 5000, "name": 100, "organisation": 200, "phone": 40, "email": 254}
MAX_COMMENTS = 50
MAX_POINTS = 100  # every annex table totals 100; the domain checks the row's own table
# Kinds that change the text need the wording proposed; the others need a proposal or a reason.
NEEDS_PROPOSAL = ("amend", "add")
TARGET = r"^(notice|general|explanation|art-[0-9]{1,2}(\.[0-9]{1,2}){0,2}|annex-[0-9]{1,2}(/[0-9]{1,3})?)$"
POINTS_TEXT = r"^(100|[1-9]?[0-9])?$"


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", regex_engine="python-re", frozen=True)


NoSurrogates = AfterValidator(fields.no_surrogates)
OneLine = AfterValidator(fields.one_line)


def _text(limit: int, *, required: bool = False, one_line: bool = False, description: str | None = None):
    blank_or_not = (fields.LINE, fields.NON_BLANK_LINE) if one_line else (fields.TEXT, fields.NON_BLANK)
    checks = (NoSurrogates, OneLine) if one_line else (NoSurrogates,)
    return Annotated[str, Field(max_length=limit, pattern=blank_or_not[required], description=description), *checks]


_POINTS_TEXT = re.compile(POINTS_TEXT)
_OUT_OF_RANGE_TEXT = re.compile(r"-?[1-9][0-9]{0,11}")  # a whole number past the range, written canonically


def _points(value: Any) -> int | None:
    """A whole number 0-100 as a JSON integer (100.0 is one, as JSON Schema counts), or as text exactly as the
    schema's pattern says (POINTS_TEXT: "6", not "06", "6.0", " 6" or "６"), so that the document and the
    service agree (retest round 11, N7). The form and the bots send what people typed in that form, having
    read it by the rule for typed numbers (fields.as_typed_number: "６", "06" and "6.0" become "6"). A
    canonical number past the range ("150", "-5") is refused with the range's words."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and _POINTS_TEXT.fullmatch(value):
        number = int(value)
    elif isinstance(value, str) and _OUT_OF_RANGE_TEXT.fullmatch(value):
        raise PydanticCustomError("points_range", "points out of range", {"max": MAX_POINTS})
    elif isinstance(value, str) and fields.other_digits(value):  # "٦": said as such (fields.MSG_DIGITS)
        raise PydanticCustomError("digits", "digits 0-9 only")
    else:
        raise PydanticCustomError("points", "points must be a whole number")
    if not 0 <= number <= MAX_POINTS:
        raise PydanticCustomError("points_range", "points out of range", {"max": MAX_POINTS})
    return number


Points = Annotated[Any, PlainValidator(_points), WithJsonSchema({
    "anyOf": [{"type": "integer", "minimum": 0, "maximum": MAX_POINTS},
              {"type": "string", "pattern": POINTS_TEXT}, {"type": "null"}],
    "description": "Points proposed for an indicator row (annex-N/R only), 0 to the table's total (100)."})]


class CommentIn(_Model):
    target: Annotated[str, Field(pattern=TARGET, description="A commentable part of the draft: notice, general, "
                                 "explanation, art-N, art-N.M, art-N.M.K, annex-N or annex-N/R", examples=["art-3"])]
    kind: Literal[COMMENT_KINDS]  # type: ignore[valid-type]
    proposal: _text(LIMITS["proposal"], description="The wording proposed; required for amend and add") = ""
    reason: _text(LIMITS["reason"], description="Why; a proposal or a reason is required") = ""
    proposed_points: Points = None


class SubmitterIn(_Model):
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    name: _text(LIMITS["name"], required=True, one_line=True)
    organisation: Annotated[str | None, Field(max_length=LIMITS["organisation"], pattern=fields.LINE,
                                              description="Required unless category is individual"),
                            NoSurrogates, OneLine] = None
    phone: Annotated[str | None, Field(max_length=LIMITS["phone"], pattern=fields.PHONE,
                                       description="A phone number or an email address is required"),
                     OneLine] = None
    email: Annotated[str | None, Field(max_length=LIMITS["email"], pattern=fields.EMAIL), OneLine] = None


class FeedbackIn(_Model):
    comments: Annotated[list[CommentIn], Field(min_length=1, max_length=MAX_COMMENTS)]
    submitter: SubmitterIn
    consent: Annotated[bool, Field(json_schema_extra={"const": True}, description="Must be true: consent to the "
                                   "processing of the personal information given")]


EXAMPLE = {
    "comments": [{"target": "art-3", "kind": "amend", "proposal": "建议增加“省级以上园区”。", "reason": "覆盖更多主体。"},
                 {"target": "annex-1/16", "kind": "other", "reason": "PFLOPS 口径需要说明。", "proposed_points": 6}],
    "submitter": {"category": "enterprise", "name": "张三", "organisation": "合肥某科技有限公司",
                  "phone": "13800138000", "email": "zhangsan@example.com"},
    "consent": True,
}

# --- errors -------------------------------------------------------------------------------------------

MSG_UNKNOWN_FIELD = N_("Unknown field: remove it.")
MSG_TOO_LONG = N_("Too long: at most %(max)d characters (you sent %(got)d).")
MSG_REQUIRED = N_("This field is required.")
MSG_TOO_MANY = N_("At most %(max)d comments in one submission.")
# One whole sentence per expected type, so that each is translated as a whole (a type's name passed into
# a sentence as a parameter stays untranslated).
_OBJECT = N_("Wrong type: this must be an object.")
TYPE_MESSAGES = {"string_type": N_("Wrong type: this must be text."),
                 "int_type": N_("Wrong type: this must be a whole number."),
                 "bool_type": N_("Wrong type: this must be true or false."),
                 "list_type": N_("Wrong type: this must be a list."),
                 "dict_type": _OBJECT, "model_type": _OBJECT, "model_attributes_type": _OBJECT,
                 "literal_error": N_("Wrong type: this must be one of the listed values.")}
# Messages for a field that is missing, blank or not one of its choices.
FIELD_MESSAGES = {
    "comments": N_("Add at least one comment."),
    "target": N_("Choose what the comment is about."),
    "kind": N_("Choose the kind of comment."),
    "proposed_points": N_("Points must be a whole number."),
    "category": N_("Choose who you are commenting as."),
    "name": N_("Give your name."),
    "phone": fields.MSG_PHONE,
    "email": fields.MSG_EMAIL,
    "consent": N_("Agree to the processing of your personal information to send feedback."),
    "submitter": N_("Tell us who is sending the feedback."),
}


def field_errors(exc: ValidationError, root_message: str, messages: dict | None = None
                 ) -> list[tuple[str, str, dict]]:
    """(dotted path, msgid, params) for each of pydantic's errors, in the service's own words.

    `messages`: the message for a missing, blank or unknown value, by field name (FIELD_MESSAGES)."""
    messages = FIELD_MESSAGES if messages is None else messages
    out = []
    for err in exc.errors(include_url=False):
        loc = [str(part) for part in err["loc"]]
        path = ".".join(loc)
        last = loc[-1] if loc else ""
        kind = err["type"]
        value = err.get("input")
        if kind == "extra_forbidden":
            out.append((path, MSG_UNKNOWN_FIELD, {}))
        elif kind == "string_too_long":
            out.append((path, MSG_TOO_LONG, {"max": err["ctx"]["max_length"], "got": len(value)}))
        elif kind == "too_long" and last == "comments":
            out.append((path, MSG_TOO_MANY, {"max": MAX_COMMENTS}))
        elif kind == "digits":
            out.append((path, fields.MSG_DIGITS, {}))
        elif kind == "points_range":
            out.append((path, N_("Points must be between 0 and %(max)d, the table's total."), {"max": MAX_POINTS}))
        elif kind == "control_characters" or (kind == "string_pattern_mismatch" and isinstance(value, str)
                                               and fields.has_forbidden(value)):
            out.append((path, fields.MSG_CONTROL, {}))
        elif kind == "one_line" or (kind == "string_pattern_mismatch" and isinstance(value, str)
                                    and fields.has_line_break(value)
                                    and (err.get("ctx") or {}).get("pattern") in fields.ONE_LINE_PATTERNS):
            out.append((path, fields.MSG_ONE_LINE, {}))
        elif kind in ("missing", "string_pattern_mismatch", "too_short", "literal_error", "points") \
                and last in messages:
            out.append((path, messages[last], {}))
        elif last == "consent" and "consent" in messages:
            out.append((path, messages["consent"], {}))
        elif kind in TYPE_MESSAGES and not loc:
            out.append(("", root_message, {}))
        elif kind in TYPE_MESSAGES:
            out.append((path, TYPE_MESSAGES[kind], {}))
        elif kind == "missing":
            out.append((path, MSG_REQUIRED, {}))
        elif isinstance(value, str) and fields.has_forbidden(value):
            out.append((path, fields.MSG_CONTROL, {}))
        else:
            out.append((path, TYPE_MESSAGES["string_type"], {}))
    return out


# --- the published schema -----------------------------------------------------------------------------

def _non_blank(limit: int, pattern: str = fields.NON_BLANK) -> dict:
    return {"type": "string", "maxLength": limit, "pattern": pattern}


def feedback_schemas(consultation) -> dict:
    """The components for the OpenAPI document: the model's own schema, with the rules that tie fields
    together written as anyOf/allOf, and the targets listed from the consultation being served."""
    schema = FeedbackIn.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.pop("$defs")
    schema["examples"] = [EXAMPLE]
    components["FeedbackIn"] = schema
    comment = components["CommentIn"]
    nodes = consultation.nodes.values()
    rows = [n.ref for n in nodes if n.commentable and n.kind == "row"]
    others = [n.ref for n in nodes if n.commentable and n.kind != "row"]
    comment["properties"]["target"]["enum"] = others + rows
    other_kinds = [k for k in COMMENT_KINDS if k not in NEEDS_PROPOSAL]
    comment["allOf"] = [
        {"anyOf": [
            {"properties": {"kind": {"enum": list(NEEDS_PROPOSAL)}, "proposal": _non_blank(LIMITS["proposal"])},
             "required": ["proposal"]},
            {"properties": {"kind": {"enum": other_kinds}, "proposal": _non_blank(LIMITS["proposal"])},
             "required": ["proposal"]},
            {"properties": {"kind": {"enum": other_kinds}, "reason": _non_blank(LIMITS["reason"])},
             "required": ["reason"]},
        ]},
        {"anyOf": [
            {"properties": {"target": {"enum": rows}}},
            {"properties": {"proposed_points": {"anyOf": [{"type": "null"}, {"enum": [""]}]}}},
        ]},
    ]
    submitter = components["SubmitterIn"]
    submitter["allOf"] = [
        {"anyOf": [
            {"properties": {"phone": {"type": "string", "pattern": r"[0-9]"}}, "required": ["phone"]},
            {"properties": {"email": {"type": "string", "pattern": "@"}}, "required": ["email"]},
        ]},
        {"anyOf": [
            {"properties": {"category": {"enum": ["individual"]}}},
            {"properties": {"organisation": _non_blank(LIMITS["organisation"], fields.NON_BLANK_LINE)},
             "required": ["organisation"]},
        ]},
    ]
    return components
