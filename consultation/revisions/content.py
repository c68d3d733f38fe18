"""A revision's text as data: the consultation file (the same strict schema and loader as the draft),
where each node came from, and every problem the loader finds in it.

The draft is refused at start-up on its first problem; a revision in progress is kept with all of its
problems listed, and only a revision with none can become final (see editing.mark_final).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

from pydantic import ValidationError

from consultation.document import Consultation, DataError, build, points_problems
from consultation.i18n import N_, gettext
from consultation.schema import ConsultationFile

MESSAGES = {
    "categories-total": N_("Annex %(annex)d: the categories add up to %(total)d points, not 100."),
    "rows-total": N_("Annex %(annex)d: the rows add up to %(total)d points, not 100."),
    "category-sum": N_("Annex %(annex)d: the rows of %(category)s add up to %(total)d points; "
                       "its heading says %(heading)d."),
    "unknown-category": N_("Annex %(annex)d, row %(row)d: there is no category %(category)s."),
    "schema": N_("%(where)s: %(detail)s"),
    "structure": N_("The text cannot be read: %(detail)s"),
}


# What pydantic says about a field, in the reader's language (its own English otherwise).
SCHEMA_DETAILS = {
    "missing": N_("this field is required"),
    "extra_forbidden": N_("this field is not part of the format"),
    "int_parsing": N_("enter a whole number"),
    "int_type": N_("enter a whole number"),
    "int_from_float": N_("enter a whole number"),
    "string_type": N_("enter text"),
    "string_too_short": N_("enter the text"),
    "literal_error": N_("this value is not one the format allows"),
    "list_type": N_("enter a list"),
    "dict_type": N_("enter a mapping of fields"),
    "model_type": N_("enter a mapping of fields"),
    "date_from_datetime_parsing": N_("enter a date as YYYY-MM-DD"),
}


@dataclass(frozen=True)
class Problem:
    code: str
    params: dict = field(default_factory=dict)

    @property
    def where(self) -> str:
        """The field of the data file the problem is in ("" when it is about the whole text)."""
        return self.params.get("where", "") if self.code == "schema" else ""

    def text(self, locale: str) -> str:
        params = dict(self.params)
        if self.code == "schema" and params.get("type") in SCHEMA_DETAILS:
            params["detail"] = gettext(locale, SCHEMA_DETAILS[params["type"]])
        return gettext(locale, MESSAGES[self.code], **params)


@dataclass(kw_only=True)
class RevisedConsultation(Consultation):
    """A revision's text, read by the draft's loader, that also knows each draft node's successor."""

    draft: Consultation = field(repr=False)
    successors: dict[str, str | None] = field(default_factory=dict)  # draft ref -> its ref here (None: removed)
    origins: dict[str, str] = field(default_factory=dict)  # ref here -> the draft ref it descends from, or "new-N"
    scoring: dict[str, dict] = field(default_factory=dict)  # origin -> the office's scoring reference for the row

    def successor(self, draft_ref: str) -> str | None:
        return self.successors.get(draft_ref)

    def consulted(self) -> Consultation:
        return self.draft


def draft_content(draft: Consultation) -> dict:
    """The draft's data file as plain data: the starting point of revision 1."""
    return draft.source.model_dump(mode="json")


def identity_origins(draft: Consultation) -> dict[str, str]:
    return {ref: ref for ref in draft.nodes}


def successors_of(origins: dict[str, str], draft: Consultation) -> dict[str, str | None]:
    """Draft ref -> the ref of the node that descends from it in the revision (None: removed)."""
    found = {origin: ref for ref, origin in origins.items()}
    return {ref: found.get(ref) for ref in draft.nodes}


def check(content: dict) -> tuple[ConsultationFile | None, Consultation | None, list[Problem]]:
    """Read `content` as the loader reads the draft; the points rule is reported, not raised, so a
    revision still being fixed can be shown. (None, None, problems) when it cannot be read at all."""
    try:
        source = ConsultationFile.model_validate(content)
    except ValidationError as exc:
        return None, None, [Problem("schema", {"where": ".".join(str(p) for p in e["loc"]) or "-",
                                               "detail": e["msg"], "type": e["type"]}) for e in exc.errors()]
    problems = [Problem(code, params) for annex in source.annexes for code, params in points_problems(annex)]
    try:
        consultation = build(source, check_points=False)
    except DataError as exc:
        return source, None, problems + [Problem("structure", {"detail": str(exc)})]
    return source, consultation, problems


def revised(content: dict, origins: dict[str, str], draft: Consultation, number: int,
            scoring: dict | None = None) -> RevisedConsultation | None:
    """The revision as a Consultation (None if it cannot be read), its successor map attached."""
    _, consultation, _ = check(content)
    if consultation is None:
        return None
    return RevisedConsultation(source=consultation.source, nodes=consultation.nodes, findings=consultation.findings,
                               revision=number, draft=draft, successors=successors_of(origins, draft),
                               origins=dict(origins), scoring=dict(scoring or {}))


def carry_findings(content: dict, origins: dict[str, str], draft: Consultation) -> dict:
    """The draft's own findings that still hold: those on a node the revision kept unchanged (moved to its
    new reference); a finding on a changed or removed node may have been what the change fixed."""
    content = copy.deepcopy(content)
    new_source = None
    try:
        new_source = ConsultationFile.model_validate({**content, "findings": []})
        new_nodes = build(new_source, check_points=False).nodes
    except (ValidationError, DataError):
        new_nodes = {}
    successors = successors_of(origins, draft)
    kept = []
    for f in draft.source.findings:
        ref = successors.get(f.ref)
        if ref and ref in new_nodes and same_node(draft.nodes[f.ref], new_nodes[ref]):
            kept.append({**f.model_dump(mode="json"), "ref": ref})
    content["findings"] = kept
    return content


def same_node(old, new) -> bool:
    return (old.text, old.title, old.category, old.group, old.method, old.points) == \
        (new.text, new.title, new.category, new.group, new.method, new.points)
