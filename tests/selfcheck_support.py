"""Answer builders shared by the self-check tests (flow, scoring, API, browser)."""
from __future__ import annotations

from guidance.selfcheck import flow
from guidance.selfcheck.texts import scoring_references


def eligible_kind() -> str:
    kinds = flow.entity_kinds()
    if "county" in kinds:
        return "county"
    return next(k for k in kinds if flow.assess_entity(k).verdict == "eligible")


def not_eligible_kind() -> str:
    kinds = flow.entity_kinds()
    if "enterprise" in kinds:
        return "enterprise"
    return next(k for k in kinds if flow.assess_entity(k).verdict == "not_eligible")


def max_value(reference):
    if reference.curve == "rubric":
        return reference.levels[-1].key
    if reference.curve == "linear":
        value = reference.reference_value
    else:
        value = reference.steps[-1].at
    return int(value) if float(value).is_integer() else value


def zero_value(reference):
    return reference.levels[0].key if reference.curve == "rubric" else 0


def indicator_answers(zone_type: str, level: str = "max") -> dict:
    pick = max_value if level == "max" else zero_value
    return {ref: pick(r) for ref, r in scoring_references()[zone_type].items()}


def full_answers(zone_types, level: str = "max", condition: str = "yes", entity: str | None = None) -> dict:
    """A complete set of answers along the flow for `zone_types`."""
    answers = {"zone_types": list(zone_types), "entity_kind": entity or eligible_kind()}
    for q in flow.questions_for(zone_types):
        if q.kind == "condition":
            answers[q.name] = condition
    for zone_type in zone_types:
        answers.update(indicator_answers(zone_type, level))
    return answers
