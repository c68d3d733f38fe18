"""Scoring references the office writes for indicator rows a revision added (or now assesses another way).

The scoring files (guidance/data/scoring/) are written per draft row, so such a row is self-rated on four
plain levels until the office writes its reference here: in the files' own format, validated by the same
models, of the kind its method needs, with where it comes from. Written while the final text is not yet
published (from then on the self-check runs on it and saved self-checks must keep scoring the same); each
one audited (`revision.scoring`). Admins only (the web adapter checks the role)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import yaml
from pydantic import ValidationError
from sqlalchemy.orm import Session

from consultation.document import Consultation
from consultation.i18n import N_
from consultation.office import audit
from consultation.revisions import editing
from consultation.revisions.comparison import text_of
from consultation.revisions.content import MESSAGES, SCHEMA_DETAILS
from consultation.revisions.current import row_scoring
from consultation.revisions.models import RowScoring, TextRevision

from .texts import office_reference, written_reference

MAX_SOURCE = 500
MAX_REFERENCE = 8000  # characters of YAML; a rubric of a few levels is well under 2,000


@dataclass(frozen=True)
class UnscoredRow:
    ref: str
    origin: str
    node: object
    entered: dict | None  # {"reference", "source"} or None (self-rated)


def _refuse(field: str, msgid: str, **params):
    raise editing.EditRefused([(field, msgid, params)])


def _revision(session: Session, draft: Consultation) -> TextRevision:
    rev = editing.latest(session, draft.id)
    if rev is None:
        _refuse("", N_("Start a revision before writing scoring references for its rows."))
    if rev.published_at is not None:
        _refuse("", N_("The comparison table is published: the self-check already runs on this text, so its "
                       "scoring references can no longer change."))
    return rev


def rows_without_reference(session: Session, draft: Consultation) -> tuple[TextRevision | None, list[UnscoredRow]]:
    """The latest revision and its rows the scoring files cannot cover, with the office's reference if any."""
    rev = editing.latest(session, draft.id)
    text = text_of(draft, rev) if rev is not None else None
    if text is None:
        return rev, []
    entered = row_scoring(session, draft.id)
    out = []
    for annex in text.annexes:
        for row in text.annex_rows(annex.number):
            if written_reference(text, row) is None:
                origin = rev.origins.get(row.ref, "")
                out.append(UnscoredRow(row.ref, origin, row, entered.get(origin)))
    return rev, out


def _parsed(reference) -> dict:
    if isinstance(reference, dict):
        return reference
    if not str(reference or "").strip():
        _refuse("reference", N_("Write the scoring reference."))
    if len(reference) > MAX_REFERENCE:
        _refuse("reference", N_("The scoring reference is longer than %(max)d characters."), max=MAX_REFERENCE)
    try:
        data = yaml.safe_load(reference)
    except yaml.YAMLError:
        _refuse("reference", N_("The scoring reference is not valid YAML."))
    if not isinstance(data, dict):
        _refuse("reference", N_("The scoring reference must be a mapping of fields, as in the scoring files."))
    return data


def enter_reference(session: Session, draft: Consultation, ref: str, reference, source: str, *, actor: str,
                    now: dt.datetime) -> RowScoring:
    """Keep the office's scoring reference for row `ref` of the latest revision (YAML text or a mapping, the
    scoring files' fields without `ref` and `assumption`, which the service sets); EditRefused, nothing
    kept, when the row has a reference in the files, or the reference is not valid or not of its kind."""
    rev = _revision(session, draft)
    text = text_of(draft, rev)
    node = text.nodes.get(ref) if text is not None else None
    if node is None or node.kind != "row":
        _refuse("ref", N_("The latest revision has no indicator row %(ref)s."), ref=ref)
    if written_reference(text, node) is not None:
        _refuse("ref", N_("%(ref)s keeps the scoring reference of the scoring files; only rows the revision added "
                          "or now assesses another way take one here."), ref=node.label)
    source = (source or "").strip()
    if not source:
        _refuse("source", N_("Say where the scoring reference comes from (a document, a decision, a meeting)."))
    if len(source) > MAX_SOURCE:
        _refuse("source", N_("The source is longer than %(max)d characters."), max=MAX_SOURCE)
    data = {k: v for k, v in _parsed(reference).items() if k not in ("ref", "assumption")}
    try:
        office_reference(node, {"reference": data, "source": source})
    except ValidationError as exc:
        # one error per field of the reference ("reference.steps.1.at"), in the reader's language where known
        raise editing.EditRefused([
            ("reference." + (".".join(str(p) for p in e["loc"][1:]) or "-"),
             SCHEMA_DETAILS.get(e["type"], MESSAGES["schema"]),
             {"where": ".".join(str(p) for p in e["loc"][1:]) or "-", "detail": e["msg"]})
            for e in exc.errors()]) from None
    except ValueError:
        msgid = (N_("%(ref)s is quantitative (定量): give a linear or steps curve, not a rubric.")
                 if node.method == "定量" else
                 N_("%(ref)s is assessed %(method)s: give a rubric of levels."))
        _refuse("reference", msgid, ref=node.label, method=node.method)
    origin = rev.origins.get(ref) or ref
    row = session.get(RowScoring, (draft.id, origin))
    before = {"reference": row.reference, "source": row.source} if row is not None else None
    if row is None:
        row = RowScoring(consultation_id=draft.id, origin=origin)
        session.add(row)
    row.reference, row.source, row.entered_by, row.entered_at = data, source, actor, now
    audit.record(session, actor, "revision.scoring", f"revision:{rev.number}:{ref}", before,
                 {"origin": origin, "reference": data, "source": source})
    session.flush()
    return row
