"""A revision imported from a data file in the consultation's own format (the published final text, when it
appears): read by the same strict loader, paired node by node with the latest revision.

A data file does not say where its nodes came from, so they are paired with the latest revision's: an
indicator row by its exact wording within its table (a renumbered row keeps its comments), everything else
by reference; a node matched by neither is new.
"""
from __future__ import annotations

import datetime as dt

import yaml
from sqlalchemy.orm import Session

from consultation.document import Consultation
from consultation.i18n import N_
from consultation.office import audit

from .comparison import text_of
from .content import MESSAGES, Problem, check, draft_content, identity_origins, revised
from .editing import EditRefused, FinalRefused, _new_keys, latest, mark_final, start
from .models import TextRevision


class ImportRefused(EditRefused):
    """The loader cannot read the file: `problems` says where in it (a field of the data file) and what."""

    def __init__(self, problems: list[Problem]):
        super().__init__([(p.where or "file", MESSAGES[p.code], p.params) for p in problems])
        self.problems = problems


def read(data: bytes | str) -> dict:
    try:
        content = yaml.safe_load(data)
    except yaml.YAMLError as exc:
        raise EditRefused([("file", N_("The file is not valid YAML: %(detail)s"), {"detail": str(exc)[:200]})])
    if not isinstance(content, dict):
        raise EditRefused([("file", N_("The file is not a consultation data file."), {})])
    return content


def pair(session: Session, draft: Consultation, base: Consultation, base_origins: dict, new: Consultation) -> dict:
    """Origins for the imported text's nodes, by wording (rows) then by reference."""
    keys = _new_keys(session, draft.id)
    origins: dict[str, str] = {}
    taken: set[str] = set()
    for annex in new.annexes:
        base_rows = {}
        if f"annex-{annex.number}" in base.nodes:
            for node in base.annex_rows(annex.number):
                base_rows.setdefault(node.text, []).append(node.ref)
        for node in new.annex_rows(annex.number):
            same = [r for r in base_rows.get(node.text, []) if r not in taken]
            if len(same) == 1:
                origins[node.ref] = base_origins.get(same[0], same[0])
                taken.add(same[0])
    for ref in new.nodes:
        if ref in origins:
            continue
        if ref in base.nodes and ref not in taken:
            origins[ref] = base_origins.get(ref, ref)
            taken.add(ref)
        else:
            origins[ref] = next(keys)
    return origins


def import_revision(session: Session, draft: Consultation, data: bytes | str, *, source: str, actor: str,
                    now: dt.datetime, final: bool = False) -> TextRevision:
    """A new revision from a data file. Refused when the loader cannot read it, or when it is for another
    consultation; kept with its problems (sums) unless `final` is asked, which needs none."""
    content = read(data)
    parsed, consultation, problems = check(content)
    if parsed is None or consultation is None:
        raise ImportRefused(problems)
    if parsed.id != draft.id:
        raise EditRefused([("file", N_("The file is for another consultation (%(id)s)."), {"id": parsed.id})])
    if final and problems:
        raise FinalRefused(problems)
    last = latest(session, draft.id)
    if last is not None:
        base = text_of(draft, last) or revised(draft_content(draft), identity_origins(draft), draft, 0)
        base_origins = last.origins
    else:
        base, base_origins = draft, identity_origins(draft)
    origins = pair(session, draft, base, base_origins, consultation)
    rev = start(session, draft, actor=actor, now=now, content=parsed.model_dump(mode="json"), origins=origins,
                source=source[:200])
    audit.record(session, actor, "revision.import", f"revision:{rev.number}", None, {"source": source[:200]}, at=now)
    if final:
        mark_final(session, draft, rev, actor=actor, now=now)
    return rev
