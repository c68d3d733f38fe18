"""The adoption summary (意见采纳情况汇总表), as DOCX and XLSX.

Grouped by article in the draft's order (items and sub-items fall under their
article; indicator rows under their annex table; the notice, the whole draft and
the explanation are groups of their own). Each line is one comment, or one
duplicate group (counted once, with its size), with its outcome and the reason.
No personal data: this is what the office publishes.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import _Cell
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy.orm import Session

from consultation.document import Consultation
from consultation.i18n import N_, normalise_locale
from consultation.references import label as node_label

from . import text as T
from .decisions import OUTCOME_LABELS, load_decisions, outcome_label
from .feedback_form import chinese_document
from .tabular import iter_comments

TITLE = N_("How comments were handled")
RECEIVED = N_("%(comments)d comments received (%(lines)d after merging duplicates).")
GROUP_OF = N_("Group of %(size)d similar comments")
CONTENT = N_("Comment text")
COUNT = N_("Number of comments")
NONE_RECEIVED = N_("No comments have been received.")


@dataclass
class Line:
    ref: str
    kind: str
    proposal: str
    reason: str
    size: int
    outcome: str | None
    decision_reason: str
    group: str | None


@dataclass
class Section:
    ref: str
    title: str
    lines: list[Line] = field(default_factory=list)
    comments: int = 0


def article_of(consultation: Consultation, ref: str) -> str:
    node = consultation.nodes.get(ref)
    while node is not None and node.kind in ("item", "subitem", "row") and node.parent:
        node = consultation.nodes[node.parent]
    return node.ref if node is not None else ref


def collect(session: Session, consultation: Consultation, locale: str) -> list[Section]:
    """Sections in the draft's order, each with its lines (comments, or duplicate groups counted once)."""
    decisions = load_decisions(session, consultation.id)
    sections: dict[str, Section] = {}
    group_line: dict[str, Line] = {}
    for r in iter_comments(session, consultation):
        comment_id, ref, kind, _original, proposal, reason = r[0], r[1], r[2], r[3], r[4], r[5]
        d = decisions.decision_for(comment_id)
        key = article_of(consultation, ref)
        section = sections.get(key)
        if section is None:
            node = consultation.nodes.get(key)
            title = node_label(node, locale) if node is not None else key
            if node is not None and node.kind in ("article", "annex") and node.title:
                title = f"{title} {node.title}"
            section = sections[key] = Section(key, title)
        section.comments += 1
        if d.group:
            line = group_line.get(d.group)
            if line is not None:
                line.size += 1
                continue
        line = Line(ref, kind, proposal, reason, 1, d.outcome, d.reason, d.group)
        if d.group:
            group_line[d.group] = line
        section.lines.append(line)
    return list(sections.values())


def _outcome_counts(section: Section, locale: str) -> str:
    counts = Counter(line.outcome for line in section.lines)
    parts = [f"{T.t(locale, outcome_label(code))} {counts[code]}" for code in [*OUTCOME_LABELS, None]
             if counts.get(code)]
    return ", ".join(parts) if not locale.startswith("zh") else ",".join(parts)


def _content(line: Line, locale: str) -> str:
    text = line.proposal or line.reason
    if line.size > 1:
        text = f"[{T.t(locale, GROUP_OF, size=line.size)}] {text}"
    return text


def _line_reason(line: Line) -> str:
    return line.reason if line.proposal else ""


HEAD = ("no", "label", "content", "reason", "count", "outcome", "decision_reason")


def _headers(locale):
    return [T.t(locale, T.HEADERS["no"]), T.t(locale, T.HEADERS["label"]), T.t(locale, CONTENT),
            T.t(locale, T.HEADERS["reason"]), T.t(locale, COUNT), T.t(locale, T.HEADERS["outcome"]),
            T.t(locale, T.HEADERS["decision_reason"])]


def _cells(line: Line, number: int, consultation: Consultation, locale: str) -> list:
    node = consultation.nodes.get(line.ref)
    return [number, node_label(node, locale) if node is not None else line.ref, _content(line, locale),
            _line_reason(line), line.size, T.t(locale, outcome_label(line.outcome)), line.decision_reason or ""]


def write_summary_docx(session: Session, consultation: Consultation, stream, *, locale: str = "zh_CN",
                       now: dt.datetime | None = None) -> int:
    locale = normalise_locale(locale)
    sections = collect(session, consultation, locale)
    doc = chinese_document()
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = "意见采纳情况汇总表" if locale.startswith("zh") else T.t(locale, TITLE)
    run = heading.add_run(title)
    run.bold, run.font.size = True, Pt(18)
    sub = doc.add_paragraph(f"《{consultation.title}》")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if now is not None:
        doc.add_paragraph(f"{T.t(locale, T.FORM_DATE)}:{T.long_date(now, locale)}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if not sections:
        doc.add_paragraph(T.t(locale, NONE_RECEIVED))
    lines_written = 0
    widths = (Cm(1.0), Cm(2.6), Cm(5.0), Cm(3.0), Cm(1.2), Cm(1.6), Cm(3.6))
    for section in sections:
        h = doc.add_paragraph()
        h.add_run(section.title).bold = True
        doc.add_paragraph(T.t(locale, RECEIVED, comments=section.comments, lines=len(section.lines)) + " "
                          + _outcome_counts(section, locale))
        # All rows at once, then cell by cell through the XML: python-docx's row.cells rebuilds the
        # whole table's cell list on every call, which makes a long table quadratic.
        table = doc.add_table(rows=len(section.lines) + 1, cols=len(HEAD))
        table.style = "Table Grid"
        trs = table._tbl.tr_lst
        for tc, name in zip(trs[0].tc_lst, _headers(locale)):
            _Cell(tc, table).paragraphs[0].add_run(name).bold = True
        for number, (tr, line) in enumerate(zip(trs[1:], section.lines), start=1):
            for tc, value in zip(tr.tc_lst, _cells(line, number, consultation, locale)):
                tc.p_lst[0].add_r().text = str(value)  # what _Cell.text does, minus its re-checks
            lines_written += 1
        for tr in trs:
            for tc, width in zip(tr.tc_lst, widths):
                tc.width = width
    doc.core_properties.title = title
    doc.save(stream)
    return lines_written


def write_summary_xlsx(session: Session, consultation: Consultation, stream, *, locale: str = "zh_CN",
                       now: dt.datetime | None = None) -> int:
    locale = normalise_locale(locale)
    sections = collect(session, consultation, locale)
    wb = Workbook(write_only=True)
    title = "意见采纳情况汇总表" if locale.startswith("zh") else T.t(locale, TITLE)
    ws = wb.create_sheet(title[:31])
    for letter, width in zip("ABCDEFGH", (22, 7, 18, 60, 40, 10, 12, 40)):
        ws.column_dimensions[letter].width = width
    big, bold = Font(bold=True, size=14), Font(bold=True)
    cell = WriteOnlyCell(ws, value=f"{title}《{consultation.title}》")
    cell.font = big
    ws.append([cell])
    if now is not None:
        ws.append([T.t(locale, T.FORM_DATE), T.long_date(now, locale)])
    header = []
    for name in [T.t(locale, T.HEADERS["label"]) + " (" + T.t(locale, T.HEADERS["ref"]) + ")", *_headers(locale)]:
        c = WriteOnlyCell(ws, value=name)
        c.font = bold
        header.append(c)
    ws.append(header)
    count = 0
    for section in sections:
        c = WriteOnlyCell(ws, value=section.title)
        c.font = bold
        ws.append([c, None, None, T.t(locale, RECEIVED, comments=section.comments, lines=len(section.lines)),
                   _outcome_counts(section, locale)])
        for number, line in enumerate(section.lines, start=1):
            ws.append([section.ref, *_cells(line, number, consultation, locale)])
            count += 1
    wb.save(stream)
    return count
