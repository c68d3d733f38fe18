"""Scoring references per text: the draft's, read from the scoring files (guidance.selfcheck.references),
and a revised text's, derived from them row by row.

A revised text keeps the draft's id, so it cannot share the draft's caches (by id): its references are
built once per text object (`per_text`).
"""
from __future__ import annotations

import threading
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from consultation.document import Consultation, get_consultation
from consultation.revisions.content import RevisedConsultation

from .references import SCORING_DIR, Level, RubricReference, ScoringReference, Text, draft_references


def scoring_references(consultation: Consultation | None = None,
                       scoring_dir: Path = SCORING_DIR) -> dict[str, dict[str, ScoringReference]]:
    """{zone_type: {row ref: reference}} for every table of the text (the draft's loaded and checked once;
    a revised text's derived from them, see revised_references)."""
    consultation = consultation or get_consultation()
    if consultation.revision is not None:
        return per_text("references", consultation, lambda: revised_references(consultation, scoring_dir))
    return draft_references(consultation.id, scoring_dir)


# The scoring files are written per row of the draft. On a revised text (consultation.revisions) each row
# that descends from a draft row of the same kind (quantitative, or not) keeps that row's reference under
# its new number; a new row, or one whose method changed kind, has no reference in the files: the office can
# write one for it (guidance.selfcheck.entered, kept by origin in consultation.revisions.models.RowScoring),
# else the applicant rates it on four plain levels. Each says so in its rationale: they are assumptions too.

_texts: dict[tuple, tuple[Consultation, object]] = {}
_texts_lock = threading.Lock()


def per_text(name: str, consultation: Consultation, build):
    """`build()` once per text object. A revised text has the draft's id, so the draft's caches (by id)
    cannot hold it; it is held here by identity (the object kept alive beside its value)."""
    key = (name, consultation.id, consultation.revision, id(consultation))
    with _texts_lock:
        hit = _texts.get(key)
    if hit is not None:
        return hit[1]
    value = build()
    with _texts_lock:
        if len(_texts) > 64:
            _texts.clear()
        _texts[key] = (consultation, value)
    return value


CHANGED_ROW = Text(zh="(修改稿调整了本项指标的表述，此参考值按征求意见稿原指标设定。)",
                   en=" (The revised text reworded this indicator; this reference was set for the draft's wording.)")
SELF_RATED = Text(zh="修改稿新增或调整了本项指标的评价方式，本服务尚无对应的评分参考，请按四档自评。",
                  en="The revised text added this indicator or changed how it is assessed; the service has no "
                     "scoring reference for it yet, so you rate it yourself on four levels.")
SELF_RATED_LEVELS = (
    ("none", 0, Text(zh="尚未开展。", en="Not started.")),
    ("basic", 0.4, Text(zh="已起步，成效有限。", en="Started, with limited results.")),
    ("good", 0.7, Text(zh="已形成一定规模和成效。", en="Established, with clear results.")),
    ("excellent", 1, Text(zh="处于省内领先水平，有数据佐证。", en="Leading in the province, with data on record.")),
)


def _quantitative(method: str | None) -> bool:
    return method == "定量"


def self_rated(row) -> RubricReference:
    return RubricReference(ref=row.ref, indicator_en=row.text, input="level", curve="rubric", assumption=True,
                           rationale=SELF_RATED,
                           levels=[Level(key=k, fraction=f, description=d) for k, f, d in SELF_RATED_LEVELS])


OFFICE_SOURCE = Text(zh="（本项评分参考由办公室为修改稿录入，依据：{source}）",
                     en=" (The office entered this scoring reference for the revised text; source: {source}.)")

_REFERENCE = TypeAdapter(ScoringReference)


def written_reference(text: Consultation, row, scoring_dir: Path = SCORING_DIR) -> ScoringReference | None:
    """The scoring files' reference for a row of a revised text: the one written for the draft row it
    descends from, when the row is still assessed the same kind of way (定量 or not); None otherwise (a new
    row, or one whose method changed kind), where only the office's own reference or self-rating remain."""
    draft = get_consultation(text.id)
    successors = text.successors if isinstance(text, RevisedConsultation) else {}
    origin = next((old for old, new in successors.items() if new == row.ref), None)
    if origin not in draft.nodes:
        return None
    zone_type = next(a.zone_type for a in text.annexes if a.number == row.annex)
    base = draft_references(text.id, scoring_dir).get(zone_type, {}).get(origin)
    if base is None or (base.curve != "rubric") != _quantitative(row.method):
        return None
    return base


def office_reference(row, entered: dict) -> ScoringReference:
    """The office's reference for `row` (models.RowScoring: the scoring files' format without ref), its
    source added to its rationale. Raises ValidationError (pydantic) when it is not a valid reference, and
    ValueError when its kind does not fit the row's method (a rubric for 定量, a curve for the others)."""
    data = {**entered["reference"], "ref": row.ref, "assumption": True}
    reference = _REFERENCE.validate_python(data)
    if (reference.curve != "rubric") != _quantitative(row.method):
        raise ValueError(row.method)
    source = entered.get("source", "")
    note = Text(zh=OFFICE_SOURCE.zh.format(source=source), en=OFFICE_SOURCE.en.format(source=source))
    return reference.model_copy(update={"rationale": Text(zh=reference.rationale.zh + note.zh,
                                                          en=reference.rationale.en + note.en)})


def revised_references(text: Consultation, scoring_dir: Path = SCORING_DIR) -> dict[str, dict[str, ScoringReference]]:
    draft = get_consultation(text.id)
    if not isinstance(text, RevisedConsultation):
        return draft_references(text.id, scoring_dir)
    entered, origins, successors = text.scoring, text.origins, text.successors
    origin_of = {new: old for old, new in successors.items() if new}
    out: dict[str, dict[str, ScoringReference]] = {}
    for annex in text.annexes:
        refs: dict[str, ScoringReference] = {}
        for row in text.annex_rows(annex.number):
            origin = origin_of.get(row.ref)
            base = written_reference(text, row, scoring_dir)
            if base is None:
                refs[row.ref] = self_rated(row)
                office = entered.get(origins.get(row.ref, ""))
                if office is not None:
                    try:
                        refs[row.ref] = office_reference(row, office)
                    except (ValidationError, ValueError):
                        pass  # entered for an earlier form of the row: self-rated until the office writes again
                continue
            old = draft.node(origin)
            update: dict = {"ref": row.ref}
            if (old.text, old.group) != (row.text, row.group):
                update["rationale"] = Text(zh=base.rationale.zh + CHANGED_ROW.zh, en=base.rationale.en + CHANGED_ROW.en)
            refs[row.ref] = base.model_copy(update=update)
        out[annex.zone_type] = refs
    return out
