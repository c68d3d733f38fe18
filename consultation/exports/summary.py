"""The adoption summary (意见采纳情况汇总表) as offices publish it, in DOCX (landscape A4) and XLSX.

One continuous numbered table: 序号, 条款, 意见建议, 提出单位, 采纳情况, 理由. Rows follow the draft's
order under the part of the draft each comment is on: every comment is counted once, under its own
target. A duplicate group is one row per target it touches, with its count; when its members were
decided differently the row says how many got each outcome ("其中采纳10条、部分采纳2条") instead of
one outcome for all. 提出单位 is the organisation (个人 for individuals); a group lists its
organisations, or "多个单位(N)" with the list in an appendix.

The decisions and the comments are the latest publication's (frozen: a comment changed, moved or
withdrawn after it is shown as published), or, before the first publication, the current approved
decisions on the comments as they are, marked as a draft. No personal data: organisations are not personal data. Comments of
a withdrawn submission are not in it (consultation.amendments.considered).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import _Cell
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from consultation.amendments import considered
from consultation.document import Consultation
from consultation.i18n import N_, is_chinese, normalise_locale
from consultation.inbound.signatures import masked
from consultation.labels import OUTCOME_LABELS
from consultation.models import Comment, Submission
from consultation.office import visibility
from consultation.office.models import PublishedDecision
from consultation.references import label as node_label

from . import cells
from . import text as T
from .decisions import load_summary_decisions, outcome_label
from .feedback_form import chinese_document
from .tabular import draft_order
from .xmltext import xml_text

TITLE = N_("How comments were handled")
TOTALS = N_("%(comments)d comments received (%(lines)d after merging duplicates).")
GROUP_OF = N_("%(size)d identical or similar comments")
OF_WHICH = N_("of which")
COUNT_OF = N_("%(outcome)s %(n)d")
INDIVIDUAL = N_("Individual")
PERSONAL_REMOVED = N_("[personal details removed]")
MANY_UNITS = N_("Several organisations (%(n)d)")
APPENDIX = N_("Appendix: organisations behind the grouped comments")
DRAFT = N_("Draft: not yet published. Decisions may still change.")
PUBLICATION = N_("Publication %(number)d, %(date)s")
NONE_RECEIVED = N_("No comments have been received.")
COLUMNS = (N_("No."), N_("Clause"), N_("Comment or suggestion"), N_("Submitted by"), N_("Adoption"), N_("Reason"))
MAX_UNITS = 5  # more organisations than this on one row go to the appendix
ORDER = [*OUTCOME_LABELS, None]


@dataclass
class Line:
    ref: str
    text: str
    size: int = 0
    outcomes: Counter = field(default_factory=Counter)
    reasons: dict = field(default_factory=dict)  # (outcome, reason) -> count, in first-seen order
    units: list = field(default_factory=list)  # distinct, first-seen order
    group: str | None = None


@dataclass
class Summary:
    lines: list[Line]
    comments: int
    publication: int | None
    published_at: dt.datetime | None


def _unit(category: str, organisation: str | None, locale: str) -> str:
    """The 提出单位 cell: the summary is published, so an individual's organisation (personal data,
    consultation/office/visibility.py) is never in it, whoever downloads it."""
    if visibility.organisation_is_personal(category):
        return T.t(locale, INDIVIDUAL)
    return (organisation or "").strip() or T.category_label(locale, category)


def _text(proposal: str, reason: str, mark: str) -> str:
    """The comment as the summary quotes it: contact details a sender typed into it (a telephone number, an
    email address, an ID number…) replaced by `mark`, since the summary is published and only staff may see
    them (consultation/inbound/signatures.py `masked`; the office's own pages keep the text as written)."""
    proposal, reason = (proposal or "").strip(), (reason or "").strip()
    text = f"{proposal}\n{reason}" if proposal and reason else proposal or reason
    return masked(text, mark)


def _comments(session: Session, consultation: Consultation, publication_id: int | None):
    """(id, target, proposal, reason, category, organisation) of each comment the summary counts, in the
    draft's order: a publication's comments as it copied them (it stays as published, whatever their senders
    did since: consultation/office/publishing.py), or, for the draft, the comments to consider now."""
    if publication_id is None:
        query = (select(Comment.id, Comment.target_ref, Comment.proposal, Comment.reason, Submission.category,
                        Submission.organisation)
                 .join(Submission, Comment.submission_id == Submission.id)
                 .where(Comment.consultation_id == consultation.id, considered())
                 .order_by(draft_order(consultation), Comment.created_at, Comment.id))
        yield from session.execute(query.execution_options(yield_per=5000, stream_results=True))
        return
    query = (select(PublishedDecision.comment_id, PublishedDecision.target_ref, PublishedDecision.proposal,
                    PublishedDecision.comment_reason, PublishedDecision.category, PublishedDecision.organisation)
             .where(PublishedDecision.publication_id == publication_id, PublishedDecision.target_ref.is_not(None))
             .order_by(draft_order(consultation, PublishedDecision.target_ref), PublishedDecision.comment_id))
    yield from session.execute(query.execution_options(yield_per=5000, stream_results=True))


def collect(session: Session, consultation: Consultation, locale: str = "zh_CN") -> Summary:
    """The summary's rows in the draft's order: a lone comment is a row; a group is one row per target."""
    source = load_summary_decisions(session, consultation.id)
    decision_for = source.decisions.decision_for
    lines: list[Line] = []
    by_group: dict[tuple[str, str], Line] = {}
    texts: dict[int, str] = {}
    representative: dict[tuple[str, str], int] = {}
    count = 0
    mark = T.t(locale, PERSONAL_REMOVED)
    for cid, ref, proposal, reason, category, organisation in _comments(session, consultation, source.publication_id):
        count += 1
        d = decision_for(cid)
        text = _text(proposal, reason, mark)
        line = by_group.get((d.group, ref)) if d.group else None
        if line is None:
            line = Line(ref, text, group=d.group)
            lines.append(line)
            if d.group:
                by_group[(d.group, ref)] = line
                representative[(d.group, ref)] = d.representative
        if d.group:
            texts[cid] = text
        line.size += 1
        line.outcomes[d.outcome] += 1
        if d.outcome is not None and d.reason:
            key = (d.outcome, d.reason)
            line.reasons[key] = line.reasons.get(key, 0) + 1
        unit = _unit(category, organisation, locale)
        if unit not in line.units:
            line.units.append(unit)
    for key, line in by_group.items():
        rep = representative.get(key)
        if rep in texts:  # the representative the office chose, if it is on this target
            line.text = texts[rep]
    return Summary(lines, count, source.publication, source.published_at)


def outcome_cell(line: Line, locale: str) -> str:
    """One outcome when all members share it; otherwise the count per outcome, never one for all."""
    present = [o for o in ORDER if line.outcomes.get(o)]
    if len(present) == 1:
        return T.t(locale, outcome_label(present[0]))
    sep = "、" if is_chinese(locale) else ", "
    parts = [T.t(locale, COUNT_OF, outcome=T.t(locale, outcome_label(o)), n=line.outcomes[o]) for o in present]
    return T.t(locale, OF_WHICH) + (" " if not is_chinese(locale) else "") + sep.join(parts)


def reason_cell(line: Line, locale: str) -> str:
    if not line.reasons:
        return ""
    mixed = len({o for o, _ in line.reasons}) > 1 or len([o for o in ORDER if line.outcomes.get(o)]) > 1
    sep = "；" if is_chinese(locale) else "; "
    colon = ":" if not is_chinese(locale) else "："
    return sep.join(f"{T.t(locale, outcome_label(o))}{colon}{r}" if mixed else r for (o, r) in line.reasons)


def content_cell(line: Line, locale: str) -> str:
    if line.size > 1:
        return f"[{T.t(locale, GROUP_OF, size=line.size)}] {line.text}"
    return line.text


def units_cell(line: Line, locale: str) -> str:
    if len(line.units) > MAX_UNITS:
        return T.t(locale, MANY_UNITS, n=len(line.units))
    return "、".join(line.units) if is_chinese(locale) else ", ".join(line.units)


def rows(summary: Summary, consultation: Consultation, locale: str):
    """(number, clause, content, units, outcome, reason) per line."""
    labels = {}
    for number, line in enumerate(summary.lines, start=1):
        if line.ref not in labels:
            node = consultation.nodes.get(line.ref)
            labels[line.ref] = node_label(node, locale) if node is not None else line.ref
        yield (number, labels[line.ref], content_cell(line, locale), units_cell(line, locale),
               outcome_cell(line, locale), reason_cell(line, locale))


def appendix(summary: Summary) -> list[tuple[int, list[str]]]:
    return [(n, line.units) for n, line in enumerate(summary.lines, start=1) if len(line.units) > MAX_UNITS]


def _status_line(summary: Summary, locale: str) -> str:
    if summary.publication is None:
        return T.t(locale, DRAFT)
    return T.t(locale, PUBLICATION, number=summary.publication, date=T.long_date(summary.published_at, locale))


def _title(locale: str) -> str:
    return "意见采纳情况汇总表" if is_chinese(locale) else T.t(locale, TITLE)


def write_summary_docx(session: Session, consultation: Consultation, stream, *, locale: str = "zh_CN",
                       now: dt.datetime | None = None) -> int:
    locale = normalise_locale(locale)
    summary = collect(session, consultation, locale)
    doc = chinese_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.8)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(_title(locale))
    run.bold, run.font.size = True, Pt(18)
    doc.add_paragraph(f"《{consultation.title}》").alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(_status_line(summary, locale)).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if not summary.lines:
        doc.add_paragraph(T.t(locale, NONE_RECEIVED))
    else:
        doc.add_paragraph(T.t(locale, TOTALS, comments=summary.comments, lines=len(summary.lines)))
        # All rows at once, then cell by cell through the XML: python-docx's row.cells rebuilds the
        # whole table's cell list on every call, which makes a long table quadratic.
        table = doc.add_table(rows=len(summary.lines) + 1, cols=len(COLUMNS))
        table.style = "Table Grid"
        trs = table._tbl.tr_lst
        for tc, name in zip(trs[0].tc_lst, COLUMNS):
            _Cell(tc, table).paragraphs[0].add_run(T.t(locale, name)).bold = True
        for tr, values in zip(trs[1:], rows(summary, consultation, locale)):
            for tc, value in zip(tr.tc_lst, values):
                tc.p_lst[0].add_r().text = xml_text(str(value))
        widths = (Cm(1.2), Cm(3.0), Cm(9.6), Cm(3.6), Cm(3.0), Cm(5.7))
        for tr in trs:
            for tc, width in zip(tr.tc_lst, widths):
                tc.width = width
        extra = appendix(summary)
        if extra:
            doc.add_paragraph().add_run(T.t(locale, APPENDIX)).bold = True
            for number, units in extra:
                doc.add_paragraph(xml_text(f"{number}. " + ("、".join(units) if is_chinese(locale)
                                                             else ", ".join(units))))
    doc.core_properties.title = _title(locale)
    doc.save(stream)
    return len(summary.lines)


def _text_cell(ws, value, font=None):
    """A cell that holds text as text: a comment starting with "=" is never run as a formula."""
    return cells.xlsx_cell(ws, value, font=font, alignment=Alignment(wrap_text=True, vertical="top"))


def write_summary_xlsx(session: Session, consultation: Consultation, stream, *, locale: str = "zh_CN",
                       now: dt.datetime | None = None) -> int:
    locale = normalise_locale(locale)
    summary = collect(session, consultation, locale)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_title(locale)[:31])
    for letter, width in zip("ABCDEF", (7, 16, 60, 24, 22, 40)):
        ws.column_dimensions[letter].width = width
    ws.append([_text_cell(ws, f"{_title(locale)}《{consultation.title}》", Font(bold=True, size=14))])
    ws.append([_text_cell(ws, _status_line(summary, locale))])
    ws.append([_text_cell(ws, T.t(locale, TOTALS, comments=summary.comments, lines=len(summary.lines)))])
    bold = Font(bold=True)
    ws.append([_text_cell(ws, T.t(locale, name), bold) for name in COLUMNS])
    for values in rows(summary, consultation, locale):
        ws.append([values[0], *(_text_cell(ws, v) for v in values[1:])])
    extra = appendix(summary)
    if extra:
        ws2 = wb.create_sheet(T.t(locale, APPENDIX)[:31])
        ws2.column_dimensions["B"].width = 60
        for number, units in extra:
            for unit in units:
                ws2.append([number, _text_cell(ws2, unit)])
    wb.save(stream)
    return len(summary.lines)
