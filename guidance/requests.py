"""The bodies of POST /api/v1/ask and POST /api/v1/self-check as strict pydantic models.

Like the feedback body (consultation/intake/payload.py) they validate without coercion and generate
the schemas of the OpenAPI document, so the two cannot drift apart.
"""
from __future__ import annotations

from typing import Annotated, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr

from consultation.i18n import N_
from consultation.intake import fields

from .answer import MAX_QUESTION

MAX_ANSWERS = 200  # the longest path through the self-check asks well under this
MAX_NAME = 40
MAX_VALUE = 40


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", regex_engine="python-re", frozen=True)


class AskIn(_Model):
    question: Annotated[str, Field(max_length=MAX_QUESTION, pattern=fields.NON_BLANK,
                                   description="A question about the draft, in Chinese or English",
                                   examples=["县级市可以申报示范区吗？"]), AfterValidator(fields.no_surrogates)]


Value = Annotated[StrictStr, Field(max_length=MAX_VALUE, pattern=fields.TEXT), AfterValidator(fields.no_surrogates)]
Answer = Union[StrictBool, StrictInt, StrictFloat, Value, Annotated[list[Value], Field(max_length=3)]]


class SelfCheckIn(_Model):
    answers: Annotated[dict[Annotated[str, Field(max_length=MAX_NAME)], Answer],
                       Field(max_length=MAX_ANSWERS, description="By question name (GET "
                             "/api/v1/self-check/questions): zone_types (array), entity_kind, art-5.N (yes|partly|no), "
                             "art-6.N.M, annex-N/R (a number or a rubric level key). The questions are those of the "
                             "text the self-check uses (the final revision once published; `text` in the questions "
                             "and in the result says which)")]
    save: StrictBool = Field(False, description="Also save it and return a private link")


# --- the answers' schema: which answers make a complete self-check ----------------------------------------

def _value_schema(question) -> dict:
    """What validation.validate_value accepts from JSON for one question (numbers as JSON numbers)."""
    from .selfcheck.validation import MAX_NUMBER

    if question.kind == "zone_types":
        return {"type": "array", "items": {"enum": list(question.choices)}, "minItems": 1, "maxItems": 3}
    if question.kind == "condition":
        return {"anyOf": [{"enum": list(question.choices)}, {"type": "boolean"}]}
    if question.kind in ("entity_kind", "level"):
        return {"enum": list(question.choices)}
    top = float(MAX_NUMBER)
    if question.input == "count":
        return {"type": "integer", "minimum": 0, "maximum": int(top)}
    if question.input == "percent":
        return {"type": "number", "minimum": 0, "maximum": 100}
    if question.input == "growth":
        return {"type": "number", "minimum": -100, "maximum": 1000}
    return {"type": "number", "minimum": 0, "maximum": top}


def answers_schema(consultation) -> dict:
    """The `answers` object as JSON Schema: one branch per choice of zone types for an eligible entity
    (every question on that path required), one for an entity that is not eligible (the check ends there).
    Published in the OpenAPI document and enforced by the API, so the two cannot disagree."""
    from itertools import combinations

    from consultation.schema import ZONE_TYPES

    from .selfcheck import flow

    kinds = flow.entity_kinds()
    refused = [k for k in kinds if flow.assess_entity(k).verdict == "not_eligible"]
    admitted = [k for k in kinds if k not in refused]
    questions = flow.all_questions(consultation)
    branches = []
    for size in range(1, len(ZONE_TYPES) + 1):
        for chosen in combinations(ZONE_TYPES, size):
            asked = flow.questions_for(list(chosen), consultation, entity_kind=admitted[0])
            branches.append({"properties": {
                "zone_types": {"items": {"enum": list(chosen)}, "allOf": [{"contains": {"const": t}} for t in chosen]},
                "entity_kind": {"enum": admitted}}, "required": [q.name for q in asked]})
    branches.append({"properties": {"entity_kind": {"enum": refused}}, "required": ["zone_types", "entity_kind"]})
    schema = SelfCheckIn.model_json_schema()["properties"]["answers"]
    schema.pop("propertyNames", None)
    # Each answer's own form, once; the branches only say which answers a choice of zone types requires.
    schema["properties"] = {name: _value_schema(q) for name, q in questions.items()}
    schema["additionalProperties"] = False
    schema["anyOf"] = branches
    return schema


def example_answers(consultation) -> dict:
    """A complete, valid set of answers for one zone type (the document's example)."""
    from .selfcheck import flow

    kind = next(k for k in flow.entity_kinds() if flow.assess_entity(k).verdict == "eligible")
    answers = {}
    for q in flow.questions_for(["deep_application"], consultation, entity_kind=kind):
        schema = _value_schema(q)
        if q.kind == "zone_types":
            answers[q.name] = ["deep_application"]
        elif q.kind == "entity_kind":
            answers[q.name] = kind
        elif "enum" in schema or "anyOf" in schema:
            answers[q.name] = q.choices[-1] if q.kind == "level" else q.choices[0]
        else:
            answers[q.name] = 10
    return answers


_VALIDATORS: dict = {}  # by consultation id: the schema is built from the draft once
MSG_ANSWER_FORM = N_("This answer is not in the form the API takes: numbers as JSON numbers, zone types as a list.")


def answers_outside_schema(answers: dict, consultation) -> list[str]:
    """The answer names the published schema refuses (after validation.validate_answers accepted them:
    it also takes the web form's text), so that the API accepts exactly what its document describes."""
    import jsonschema_rs

    if consultation.revision is not None:  # a revised text has the draft's id: held per text object
        from .selfcheck.texts import per_text

        check = per_text("answers-schema", consultation,
                         lambda: jsonschema_rs.validator_for(answers_schema(consultation)))
    else:
        check = _VALIDATORS.get(consultation.id)
    if check is None:
        check = _VALIDATORS[consultation.id] = jsonschema_rs.validator_for(answers_schema(consultation))
    if check.is_valid(answers):
        return []
    fields_ = {str(e.instance_path[0]) for e in check.iter_errors(answers) if e.instance_path}
    return sorted(fields_) or ["answers"]
