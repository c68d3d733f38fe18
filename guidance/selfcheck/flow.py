"""The self-check as a small question graph (in the manner of GOV.UK Smart Answers).

The flow only says which node comes next; validation lives in validation.py,
policy (points, conditions, recommendation) in scoring.py, wording in the
adapters. Answers are a dict keyed by question name, never by position:

    zone_types                       ["deep_application", ...]   which tables to check against
    entity_kind                      a kind of guidance.eligibility.ENTITY_KINDS (article 3)
    art-5.1 .. art-5.3               "yes" | "partly" | "no"   (general conditions, article 5)
    art-6.N.1 .. art-6.N.3           "yes" | "partly" | "no"   (the type's conditions, article 6)
    annex-N/<row>                    a number, or a rubric level key (the indicators)

Nodes are pages of questions:

    zone_types → entity → (not_eligible | general) → conditions/<type>
      → indicators/<type>/1 … indicators/<type>/<categories> → (next type's conditions …) → result
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from consultation.document import Consultation, get_consultation
from consultation.i18n import N_
from consultation.schema import ZONE_TYPES

from .texts import per_text, scoring_references

CONDITION_CHOICES = ("yes", "partly", "no")
CONDITION_LABELS = {
    "yes": N_("Yes, fully"),
    "partly": N_("Partly"),
    "no": N_("No, not yet"),
}
ZONE_TYPE_LABELS = {
    "deep_application": N_("AI deep-application demonstration zone"),
    "product_innovation": N_("AI product-innovation demonstration zone"),
    "tech_empowerment": N_("AI technology-empowerment demonstration zone"),
}
LEVEL_LABELS = {
    "none": N_("None"),
    "basic": N_("Basic"),
    "good": N_("Good"),
    "excellent": N_("Excellent"),
}
INPUT_HINTS = {
    "count": N_("A whole number, 0 or more."),
    "percent": N_("A percentage between 0 and 100."),
    "amount": N_("An amount in 100 million yuan (亿元), 0 or more."),
    "pflops": N_("Computing capacity in PFLOPS, 0 or more."),
    "ratio": N_("A number, 0 or more."),
    "growth": N_("Year-on-year growth in percent, between -100 and 1000."),
}

START = "zone_types"
OUTCOME_NOT_ELIGIBLE = "not_eligible"
OUTCOME_RESULT = "result"


@dataclass(frozen=True)
class Question:
    name: str  # the answer key
    kind: str  # zone_types | entity_kind | condition | number | level
    ref: str | None = None  # where in the draft the question comes from
    zone_type: str | None = None
    input: str | None = None  # numbers: count | percent | amount | pflops | ratio | growth
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Screen:
    """One page of the self-check: its questions, or an outcome."""

    name: str
    kind: str  # question | outcome
    questions: tuple[Question, ...] = ()
    ref: str | None = None  # the article or table the page rests on
    zone_type: str | None = None
    category: str | None = None  # indicator pages: the first-level category (e.g. 产业基础)


def entity_kinds() -> tuple[str, ...]:
    from guidance.eligibility import ENTITY_KINDS

    return tuple(ENTITY_KINDS)


def assess_entity(kind: str):
    """The eligibility rules' verdict on an entity kind (article 3), shared with the Q&A."""
    from guidance.eligibility import assess_kind

    return assess_kind(kind)


def type_item_ref(consultation: Consultation, zone_type: str) -> str:
    """art-6.N: the item of article 6 that sets the conditions for `zone_type`."""
    annex = next(a for a in consultation.annexes if a.zone_type == zone_type)
    ref = f"art-6.{annex.number}"
    item = consultation.node(ref)
    if not annex.title.startswith(item.text):
        raise LookupError(f"{ref} ({item.text}) does not name the type of annex {annex.number}")
    return ref


def annex_number(consultation: Consultation, zone_type: str) -> int:
    return next(a.number for a in consultation.annexes if a.zone_type == zone_type)


@lru_cache(maxsize=4)
def _graph(consultation_id: str) -> dict[str, Screen]:
    return _build_graph(get_consultation(consultation_id))


def _build_graph(consultation: Consultation) -> dict[str, Screen]:
    """The pages for `consultation`'s articles 5 and 6 and its annex tables (the draft, or a revised text)."""
    references = scoring_references(consultation)
    nodes: dict[str, Screen] = {}

    nodes[START] = Screen(START, "question", (Question("zone_types", "zone_types", choices=ZONE_TYPES),))
    nodes["entity"] = Screen("entity", "question",
                           (Question("entity_kind", "entity_kind", ref="art-3", choices=entity_kinds()),),
                           ref="art-3")
    nodes["general"] = Screen("general", "question", tuple(
        Question(ref, "condition", ref=ref, choices=CONDITION_CHOICES)
        for ref in consultation.node("art-5").children), ref="art-5")
    for zone_type in ZONE_TYPES:
        item = type_item_ref(consultation, zone_type)
        nodes[f"conditions/{zone_type}"] = Screen(
            f"conditions/{zone_type}", "question",
            tuple(Question(ref, "condition", ref=ref, zone_type=zone_type, choices=CONDITION_CHOICES)
                  for ref in consultation.node(item).children),
            ref=item, zone_type=zone_type)
        number = annex_number(consultation, zone_type)
        annex = next(a for a in consultation.annexes if a.number == number)
        rows = consultation.annex_rows(number)
        for index, category in enumerate(annex.categories, start=1):
            questions = []
            for row in rows:
                if row.category != category.name:
                    continue
                reference = references[zone_type][row.ref]
                if reference.curve == "rubric":
                    questions.append(Question(row.ref, "level", ref=row.ref, zone_type=zone_type,
                                              choices=tuple(lv.key for lv in reference.levels)))
                else:
                    questions.append(Question(row.ref, "number", ref=row.ref, zone_type=zone_type,
                                              input=reference.input))
            name = f"indicators/{zone_type}/{index}"
            nodes[name] = Screen(name, "question", tuple(questions), ref=f"annex-{number}",
                               zone_type=zone_type, category=category.name)
    nodes[OUTCOME_NOT_ELIGIBLE] = Screen(OUTCOME_NOT_ELIGIBLE, "outcome", ref="art-3")
    nodes[OUTCOME_RESULT] = Screen(OUTCOME_RESULT, "outcome")
    return nodes


def all_nodes(consultation: Consultation | None = None) -> dict[str, Screen]:
    """Every node of the graph, for every zone type, by name."""
    consultation = consultation or get_consultation()
    if consultation.revision is not None:
        return per_text("graph", consultation, lambda: _build_graph(consultation))
    return _graph(consultation.id)


def node(name: str, consultation: Consultation | None = None) -> Screen:
    return all_nodes(consultation)[name]


def all_questions(consultation: Consultation | None = None) -> dict[str, Question]:
    return {q.name: q for n in all_nodes(consultation).values() for q in n.questions}


def chosen_types(answers: dict) -> list[str]:
    """The zone types the answers ask about, in the draft's order."""
    chosen = answers.get("zone_types") or []
    if isinstance(chosen, str):
        chosen = [chosen]
    return [t for t in ZONE_TYPES if t in chosen]


def _type_sequence(answers: dict, consultation: Consultation | None) -> list[str]:
    names = []
    nodes = all_nodes(consultation)
    for zone_type in chosen_types(answers):
        names.append(f"conditions/{zone_type}")
        names += [n for n in nodes if n.startswith(f"indicators/{zone_type}/")]
    return names


def next_node(current: str, answers: dict, consultation: Consultation | None = None) -> str:
    """The node after `current`, given the (validated) answers so far."""
    if current == START:
        return "entity"
    if current == "entity":
        if assess_entity(answers["entity_kind"]).verdict == "not_eligible":
            return OUTCOME_NOT_ELIGIBLE
        return "general"
    sequence = _type_sequence(answers, consultation)
    if current == "general":
        return sequence[0] if sequence else OUTCOME_RESULT
    if current in sequence:
        i = sequence.index(current)
        return sequence[i + 1] if i + 1 < len(sequence) else OUTCOME_RESULT
    raise ValueError(f"no way on from node {current!r}")


def node_answered(node_: Screen, answers: dict) -> bool:
    from .validation import validate_value

    for q in node_.questions:
        if q.name not in answers:
            return False
        _, error = validate_value(q, answers[q.name])
        if error:
            return False
    return True


def path(answers: dict, consultation: Consultation | None = None) -> list[str]:
    """Nodes visited for these answers: from the start to the first unanswered node or an outcome."""
    nodes = all_nodes(consultation)
    visited = [START]
    while True:
        current = nodes[visited[-1]]
        if current.kind == "outcome" or not node_answered(current, answers):
            return visited
        visited.append(next_node(current.name, answers, consultation))


def current_node(answers: dict, consultation: Consultation | None = None) -> str:
    """The first node still to answer, or the outcome reached."""
    return path(answers, consultation)[-1]


def previous_node(name: str, answers: dict, consultation: Consultation | None = None) -> str | None:
    visited = path(answers, consultation)
    if name in visited:
        i = visited.index(name)
        return visited[i - 1] if i > 0 else None
    return None


def reachable(name: str, answers: dict, consultation: Consultation | None = None) -> bool:
    """Whether a person with these answers may open node `name` (it lies on their path)."""
    return name in path(answers, consultation)


def planned_nodes(answers: dict, consultation: Consultation | None = None) -> list[str]:
    """The question pages someone with these answers will go through, in order (for progress lines).

    Without an entity kind yet, the pages of an eligible body are planned; with a not-eligible kind the
    plan stops after it.
    """
    names = [START, "entity"]
    kind = answers.get("entity_kind")
    if kind is None or assess_entity(kind).verdict != "not_eligible":
        names.append("general")
        names += _type_sequence(answers, consultation)
    return names


def questions_for(zone_types, consultation: Consultation | None = None,
                  entity_kind: str | None = None) -> list[Question]:
    """Every question someone checking against `zone_types` answers, in order."""
    nodes = all_nodes(consultation)
    answers = {"zone_types": list(zone_types)}
    if entity_kind is not None:
        answers["entity_kind"] = entity_kind
    return [q for n in planned_nodes(answers, consultation) for q in nodes[n].questions]
