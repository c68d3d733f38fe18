"""A consultation's document as a tree of citable nodes.

Every channel (web, bot, API, exports, the answer engine) cites the draft by
the same stable references built here, so a comment sent from Telegram and one
sent from the web form land on the same node, and an exported row can be traced
back to the exact text it concerns.
"""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from pydantic import ValidationError

from .schema import ConsultationFile

DATA_DIR = Path(__file__).parent / "data"
CN_DIGITS = "一二三四五六七八九十"


class DataError(Exception):
    """A consultation data file that must not be served."""


class UnknownReference(KeyError):
    pass


@dataclass(frozen=True)
class Node:
    ref: str
    kind: str  # notice | chapter | article | item | subitem | annex | row | explanation | general
    label: str  # the official Chinese label, e.g. 第六条(一)2. or 附件1第16项
    text: str  # the exact text of this node alone
    parent: str | None = None
    order: int = 0
    children: tuple[str, ...] = ()
    title: str | None = None
    commentable: bool = True
    # Indicator rows only.
    annex: int | None = None
    row: int | None = None
    category: str | None = None
    group: str | None = None
    method: str | None = None
    points: int | None = None


@dataclass(frozen=True)
class Finding:
    ref: str
    code: str
    zh: str
    en: str

    def text(self, locale: str) -> str:
        return self.zh if str(locale).startswith("zh") else self.en


@dataclass
class Consultation:
    source: ConsultationFile
    nodes: dict[str, Node] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Which text this is: None for the draft as consulted on, else a revision's number (see consultation.revisions).
    revision: int | None = None
    # The document does not change once loaded; every comment stores its target's quote.
    _quotes: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def title(self) -> str:
        return self.source.title

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.source.timezone)

    @property
    def opens_at(self) -> dt.datetime:
        return dt.datetime.combine(self.source.window.opens, dt.time(), self.tz)

    @property
    def closes_at(self) -> dt.datetime:
        """Exclusive end: the first instant after the last day of the window."""
        return dt.datetime.combine(self.source.window.closes + dt.timedelta(days=1), dt.time(), self.tz)

    def node(self, ref: str) -> Node:
        try:
            return self.nodes[ref]
        except KeyError:
            raise UnknownReference(ref) from None

    def quote(self, ref: str) -> str:
        """The exact text a citation of `ref` stands for, its items included."""
        text = self._quotes.get(ref)
        if text is None:
            text = self._quotes[ref] = self._compose_quote(ref)
        return text

    def _compose_quote(self, ref: str) -> str:
        node = self.node(ref)
        if node.kind == "general":
            return self.source.title
        if node.kind == "annex":
            return f"{node.title}\n{node.text}".strip()
        own = node.text
        if node.kind in ("item", "subitem"):  # with its marker as printed, e.g. (一) or 2.
            own = node.label.removeprefix(self.nodes[node.parent].label) + own
        return "\n".join(([own] if own else []) + [self.quote(child) for child in node.children])

    @cached_property
    def commentable_refs(self) -> list[str]:
        return [n.ref for n in self.nodes.values() if n.commentable]

    def successor(self, draft_ref: str) -> str | None:
        """Where a reference into the draft as consulted on lands in this text (a revision maps renumbered
        and moved nodes; the draft maps each of its references to itself)."""
        return draft_ref if draft_ref in self.nodes else None

    def consulted(self) -> Consultation:
        """The draft as consulted on, whose numbering people and comments used (a revision knows its draft)."""
        return self

    @property
    def annexes(self):
        return self.source.annexes

    def annex_rows(self, number: int) -> list[Node]:
        return [self.nodes[c] for c in self.nodes[f"annex-{number}"].children]


def build(source: ConsultationFile, *, check_points: bool = True) -> Consultation:
    """The tree of nodes; `check_points=False` only for showing an office's draft revision whose sums are
    still being fixed (it cannot become final: see consultation.revisions). No two nodes share a reference:
    each is made of numbers checked here to run in order (chapters, articles, annexes, rows) or counted."""
    c = Consultation(source=source)
    order = itertools.count(1)
    nodes = c.nodes

    def add(node: Node) -> None:
        nodes[node.ref] = node

    notice = source.notice
    add(Node("general", "general", "全文", "", order=next(order), title=source.title))
    add(Node("notice", "notice", "征求意见通知", "\n".join(notice.paragraphs), order=next(order)))

    expected_article = 1
    for ch_index, chapter in enumerate(source.document.chapters, start=1):
        if chapter.number != ch_index:
            raise DataError(f"chapter {chapter.number} out of order (expected {ch_index})")
        ch_ref = f"chapter-{chapter.number}"
        art_refs = []
        ch_order = next(order)
        for article in chapter.articles:
            if article.number != expected_article:
                raise DataError(f"article {article.number} out of order (expected {expected_article})")
            expected_article += 1
            a_ref = f"art-{article.number}"
            a_order = next(order)
            item_refs = []
            for i, item in enumerate(article.items, start=1):
                i_ref = f"{a_ref}.{i}"
                i_order = next(order)
                sub_refs = []
                for k, sub in enumerate(item.items, start=1):
                    s_ref = f"{i_ref}.{k}"
                    add(Node(s_ref, "subitem", f"{article.label}{item.label}{sub.label}", sub.text,
                             parent=i_ref, order=next(order)))
                    sub_refs.append(s_ref)
                add(Node(i_ref, "item", f"{article.label}{item.label}", item.text, parent=a_ref,
                         order=i_order, children=tuple(sub_refs)))
                item_refs.append(i_ref)
            add(Node(a_ref, "article", article.label, article.text, parent=ch_ref, order=a_order,
                     children=tuple(item_refs), title=article.title))
            art_refs.append(a_ref)
        add(Node(ch_ref, "chapter", chapter.label, "", order=ch_order, children=tuple(art_refs),
                 title=chapter.title, commentable=False))

    seen_types = set()
    for index, annex in enumerate(source.annexes, start=1):
        if annex.number != index:
            raise DataError(f"annex {annex.number} out of order (expected {index})")
        if annex.zone_type in seen_types:
            raise DataError(f"zone type {annex.zone_type} has two tables")
        seen_types.add(annex.zone_type)
        if check_points:
            _check_points(annex)
        x_ref = f"annex-{annex.number}"
        x_order = next(order)
        row_refs = []
        last = 0
        for row in annex.rows:
            if row.number <= last:
                raise DataError(f"{x_ref}: row {row.number} after row {last}")
            expected = last + 1
            if row.number != expected:
                missing = list(range(expected, row.number))
                c.findings.append(_gap_finding(x_ref, annex.label, last, row.number, missing))
            last = row.number
            r_ref = f"{x_ref}/{row.number}"
            add(Node(r_ref, "row", f"{annex.label}第{row.number}项", row.indicator, parent=x_ref,
                     order=next(order), annex=annex.number, row=row.number, category=row.category,
                     group=row.group, method=row.method, points=row.points))
            row_refs.append(r_ref)
        add(Node(x_ref, "annex", annex.label, "\n".join(annex.notes), order=x_order,
                 children=tuple(row_refs), title=annex.title, annex=annex.number,
                 points=sum(r.points for r in annex.rows)))

    expl = source.explanation
    add(Node("explanation", "explanation", "起草情况的说明",
             "\n".join(p for s in expl.sections for p in [s.heading, *s.paragraphs]),
             order=next(order), title=expl.title))

    c.nodes = dict(sorted(nodes.items(), key=lambda kv: kv[1].order))
    for f in source.findings:
        if f.ref not in c.nodes:
            raise DataError(f"finding {f.code} cites unknown reference {f.ref}")
        c.findings.append(Finding(f.ref, f.code, f.zh, f.en))
    c.findings.sort(key=lambda f: c.nodes[f.ref].order)
    return c


def points_problems(annex) -> list[tuple[str, dict]]:
    """Every way an annex table breaks the points rule (categories and rows each sum to 100, each category's
    rows to its heading), as (code, params): the loader refuses the first, a revision lists them all."""
    problems: list[tuple[str, dict]] = []
    names = [cat.name for cat in annex.categories]
    total = sum(cat.points for cat in annex.categories)
    if total != 100:
        problems.append(("categories-total", {"annex": annex.number, "total": total}))
    rows_total = sum(r.points for r in annex.rows)
    if rows_total != 100:
        problems.append(("rows-total", {"annex": annex.number, "total": rows_total}))
    for cat in annex.categories:
        got = sum(r.points for r in annex.rows if r.category == cat.name)
        if got != cat.points:
            problems.append(("category-sum", {"annex": annex.number, "category": cat.name, "total": got,
                                              "heading": cat.points}))
    for r in annex.rows:
        if r.category not in names:
            problems.append(("unknown-category", {"annex": annex.number, "row": r.number, "category": r.category}))
    return problems


_POINTS_MESSAGES = {
    "categories-total": "annex {annex}: categories sum to {total}, not 100",
    "rows-total": "annex {annex}: rows sum to {total}, not 100",
    "category-sum": "annex {annex}: category {category} rows sum to {total}, heading says {heading}",
    "unknown-category": "annex {annex} row {row}: unknown category {category}",
}


def _check_points(annex) -> None:
    problems = points_problems(annex)
    if problems:
        code, params = problems[0]
        raise DataError(_POINTS_MESSAGES[code].format(**params))


def _gap_finding(ref: str, label: str, before: int, after: int, missing: list[int]) -> Finding:
    numbers_zh = "、".join(str(n) for n in missing)
    numbers_en = ", ".join(str(n) for n in missing)
    if before == 0:
        zh = f"{label}指标表序号从{after}开始,缺少序号{numbers_zh}。"
        en = f"Annex table {ref.split('-')[1]} starts at row {after}; row number(s) {numbers_en} are missing."
    else:
        zh = f"{label}指标表序号由{before}跳至{after},缺少序号{numbers_zh}。"
        en = f"Annex table {ref.split('-')[1]} jumps from row {before} to row {after}; row number(s) {numbers_en} are missing."
    return Finding(ref, "numbering-gap", zh, en)


def load_file(path: Path) -> Consultation:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return build(ConsultationFile.model_validate(raw))
    except ValidationError as exc:
        raise DataError(f"{path.name}: {exc}") from exc
    except DataError as exc:
        raise DataError(f"{path.name}: {exc}") from exc


_registry: dict[str, Consultation] | None = None


def all_consultations(data_dir: Path = DATA_DIR) -> dict[str, Consultation]:
    global _registry
    if _registry is None or data_dir != DATA_DIR:
        found = {}
        for path in sorted(data_dir.glob("*.yaml")):
            c = load_file(path)
            if c.id in found:
                raise DataError(f"{path.name}: consultation id {c.id} used twice")
            found[c.id] = c
        if data_dir != DATA_DIR:
            return found
        _registry = found
    return _registry


def get_consultation(consultation_id: str | None = None) -> Consultation:
    """The named consultation, or by default the one that opened last."""
    registry = all_consultations()
    if consultation_id:
        try:
            return registry[consultation_id]
        except KeyError:
            raise DataError(f"no consultation {consultation_id!r}; known: {', '.join(registry)}") from None
    return max(registry.values(), key=lambda c: c.source.window.opens)
