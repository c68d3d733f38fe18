"""A revision imported from a data file in the consultation's own format (the published final text, when it
appears): read by the same strict loader, paired node by node with the latest revision.

A data file does not say where its nodes came from, so they are paired with the latest revision's: an
indicator row by its exact wording within its table (a renumbered row keeps its comments), a part of the
document by its wording or its place (see pair), everything else by reference; a node matched by none is new.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

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
        raise EditRefused([("file", N_("The file is not valid YAML: %(detail)s"), {"detail": str(exc)[:200]})]) from exc
    if not isinstance(content, dict):
        raise EditRefused([("file", N_("The file is not a consultation data file."), {})])
    return content


# The parts of the document, outermost first: paired by their own wording, then by their place.
DOCUMENT_KINDS = ("chapter", "article", "item", "subitem")


def pair(session: Session, draft: Consultation, base: Consultation, base_origins: dict, new: Consultation) -> dict:
    """Origins for the imported text's nodes. Indicator rows by their exact wording within their table; the
    parts of the document (chapters, articles, items, sub-items) by their exact wording (kind, title, text,
    when only one part on each side has it), then, for a part whose wording changed, by its place: the same
    position under a parent that was paired elsewhere (an item of a renumbered article), or the part after
    the one its previous sibling was paired with (an article reworded and renumbered by an insertion before
    it); whatever is left by reference, else new. So an article inserted in the final text does not make the
    draft's 第十二条 resolve to the final text's article 12."""
    keys = _new_keys(session, draft.id)
    paired: dict[str, str] = {}  # imported ref -> the base ref it descends from
    taken: set[str] = set()

    def take(ref: str, base_ref: str) -> None:
        paired[ref] = base_ref
        taken.add(base_ref)

    for annex in new.annexes:
        base_rows = {}
        if f"annex-{annex.number}" in base.nodes:
            for node in base.annex_rows(annex.number):
                base_rows.setdefault(node.text, []).append(node.ref)
        for node in new.annex_rows(annex.number):
            same = [r for r in base_rows.get(node.text, []) if r not in taken]
            if len(same) == 1:
                take(node.ref, same[0])

    def wording(node) -> tuple:
        return node.kind, node.title or "", node.text.strip()

    parts = sorted((n for n in new.nodes.values() if n.kind in DOCUMENT_KINDS),
                   key=lambda n: (DOCUMENT_KINDS.index(n.kind), n.order))
    base_by_wording: dict[tuple, list[str]] = {}
    for node in base.nodes.values():
        if node.kind in DOCUMENT_KINDS and node.text.strip():
            base_by_wording.setdefault(wording(node), []).append(node.ref)
    new_count = Counter(wording(n) for n in parts if n.text.strip())
    for node in parts:
        same = base_by_wording.get(wording(node), []) if node.text.strip() else []
        if len(same) == 1 and new_count[wording(node)] == 1 and same[0] not in taken:
            take(node.ref, same[0])
    for node in parts:
        if node.ref in paired:
            continue
        candidate = None
        parent = paired.get(node.parent) if node.parent else None
        if parent is not None and parent != node.parent and parent in base.nodes:
            position = new.node(node.parent).children.index(node.ref)
            siblings = base.node(parent).children
            candidate = siblings[position] if position < len(siblings) else None
        if candidate is None and node.parent in new.nodes:
            siblings = new.node(node.parent).children
            at = siblings.index(node.ref)
            before = paired.get(siblings[at - 1]) if at > 0 else None
            if before is not None and before in base.nodes and base.node(before).parent in base.nodes:
                base_siblings = base.node(base.node(before).parent).children
                following = base_siblings.index(before) + 1
                candidate = base_siblings[following] if following < len(base_siblings) else None
        if candidate is not None and candidate not in taken and base.node(candidate).kind == node.kind:
            take(node.ref, candidate)

    origins: dict[str, str] = {}
    for ref in new.nodes:
        if ref in paired:
            origins[ref] = base_origins.get(paired[ref], paired[ref])
        elif ref in base.nodes and ref not in taken:
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
    audit.record(session, actor, "revision.import", f"revision:{rev.number}", None, {"source": source[:200]})
    if final:
        mark_final(session, draft, rev, actor=actor, now=now)
    return rev
