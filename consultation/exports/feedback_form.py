"""One submission as the official feedback form (征求意见反馈信息表), in DOCX.

The notice asks people to send this form by email; the service builds it for
each submission so the office's mailbox receives what it asked for. It carries
the submitter's contact details: it is for the office and the submitter only.
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from consultation.document import Consultation, UnknownReference
from consultation.i18n import is_chinese, normalise_locale
from consultation.models import Submission
from consultation.references import label as node_label

from . import text as T
from .xmltext import xml_text

COMMENT_COLUMNS = ("no", "label_ref", "original", "proposal", "reason", "kind", "proposed_points")
_WIDTHS_CM = (1.0, 2.6, 4.2, 4.2, 3.4, 1.6, 1.4)


def chinese_document() -> Document:
    """A blank A4 document whose Normal style renders Chinese in SimSun."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(10.5)
    rpr = style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    return doc


def _heading(doc, text, size=16):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(size)
    return p


def _bold_cell(cell, text):
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = True


def comment_label(consultation: Consultation, ref: str, locale: str) -> str:
    try:
        return node_label(consultation.node(ref), locale)
    except UnknownReference:
        return ref


def build_feedback_form(submission: Submission, consultation: Consultation, *, locale: str = "zh_CN") -> Document:
    locale = normalise_locale(locale)
    doc = chinese_document()
    title = consultation.source.feedback_form if is_chinese(locale) else T.t(locale, T.FORM_TITLE)
    _heading(doc, title, 18)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(f"《{consultation.title}》")
    doc.add_paragraph(
        f"{T.t(locale, T.HEADERS['submission'])}:{submission.reference}    "
        f"{T.t(locale, T.HEADERS['received'])}:{T.local_time(submission.created_at)}    "
        f"{T.t(locale, T.HEADERS['channel'])}:{T.channel_label(locale, submission.channel)}")

    doc.add_paragraph().add_run(T.t(locale, T.FORM_SUBMITTER)).bold = True
    people = doc.add_table(rows=0, cols=2)
    people.style = "Table Grid"
    people.alignment = WD_TABLE_ALIGNMENT.CENTER
    for key, value in (("category", T.category_label(locale, submission.category)),
                       ("name", submission.name), ("organisation", submission.organisation),
                       ("phone", submission.phone), ("email", submission.email)):
        cells = people.add_row().cells
        _bold_cell(cells[0], T.t(locale, T.HEADERS[key]))
        cells[1].text = xml_text(value or "")
    for row in people.rows:
        row.cells[0].width, row.cells[1].width = Cm(3.5), Cm(13.5)
    if submission.contacts_purged_at is not None:
        doc.add_paragraph(T.t(locale, T.FORM_PURGED))

    doc.add_paragraph().add_run(T.t(locale, T.FORM_COMMENTS)).bold = True
    table = doc.add_table(rows=1, cols=len(COMMENT_COLUMNS))
    table.style = "Table Grid"
    headers = [T.t(locale, T.HEADERS["no"]), T.t(locale, T.FORM_ARTICLE), T.t(locale, T.HEADERS["original"]),
               T.t(locale, T.HEADERS["proposal"]), T.t(locale, T.HEADERS["reason"]),
               T.t(locale, T.HEADERS["kind"]), T.t(locale, T.HEADERS["proposed_points"])]
    for cell, header in zip(table.rows[0].cells, headers):
        _bold_cell(cell, header)
    for number, comment in enumerate(submission.comments, start=1):
        cells = table.add_row().cells
        values = (str(number), f"{comment_label(consultation, comment.target_ref, locale)}\n({comment.target_ref})",
                  comment.original_text, comment.proposal, comment.reason, T.kind_label(locale, comment.kind),
                  "" if comment.proposed_points is None else str(comment.proposed_points))
        for cell, value in zip(cells, values):
            cell.text = xml_text(value or "")
    for row in table.rows:
        for cell, width in zip(row.cells, _WIDTHS_CM):
            cell.width = Cm(width)

    date = doc.add_paragraph(f"{T.t(locale, T.FORM_DATE)}:{T.long_date(submission.created_at, locale)}")
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    note = doc.add_paragraph().add_run(T.t(locale, T.FORM_PERSONAL))
    note.italic = True
    note.font.size = Pt(8)
    doc.core_properties.title = title
    doc.core_properties.subject = consultation.title
    doc.core_properties.identifier = submission.reference
    return doc


def feedback_form_docx(submission: Submission, consultation: Consultation, *, locale: str = "zh_CN") -> bytes:
    buffer = io.BytesIO()
    build_feedback_form(submission, consultation, locale=locale).save(buffer)
    return buffer.getvalue()


def feedback_form_filename(submission: Submission, consultation: Consultation) -> str:
    return f"{consultation.source.feedback_form}-{submission.reference}.docx"
