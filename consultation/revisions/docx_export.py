"""The comparison table as a DOCX, landscape A4 as drafting offices print it: one row per changed node,
the old wording with deletions struck through, the new wording with insertions bold and underlined, the
reason and the number of comments behind the change."""
from __future__ import annotations

import datetime as dt

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell

from consultation.document import Consultation
from consultation.exports.feedback_form import chinese_document
from consultation.exports.xmltext import xml_text
from consultation.i18n import N_, gettext, is_chinese, normalise_locale
from consultation.references import label as node_label

from .comparison import ComparisonRow

TITLE = N_("Comparison of the draft for comment and the revised text")
HEADERS = (N_("No."), N_("Part"), N_("Draft for comment"), N_("Revised text"), N_("Reason for the change"),
           N_("Comments behind it"))
KIND_LABELS = {"modified": N_("changed"), "added": N_("added"), "removed": N_("deleted"), "moved": N_("renumbered")}
REVISION_LINE = N_("Revised text: revision %(number)d (%(status)s).")
STATUS_LABELS = {"open": N_("in progress"), "closed": N_("superseded"), "final": N_("final")}
NO_CHANGES = N_("No part of the text has changed.")
WIDTHS = (Cm(1.0), Cm(3.0), Cm(8.0), Cm(8.0), Cm(4.2), Cm(1.5))


def part_label(row: ComparisonRow, locale: str) -> str:
    c = row.change
    label = node_label(c.new or c.old, locale)
    if c.renumbered:
        label = f"{node_label(c.old, locale)} → {node_label(c.new, locale)}"
    return f"{label}（{gettext(locale, KIND_LABELS[c.kind])}）" if is_chinese(locale) else \
        f"{label} ({gettext(locale, KIND_LABELS[c.kind])})"


def write_comparison_docx(rows: list[ComparisonRow], consultation: Consultation, number: int, status: str, stream, *,
                          locale: str = "zh_CN", now: dt.datetime | None = None) -> int:
    locale = normalise_locale(locale)
    doc = chinese_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.8)
    title = gettext(locale, TITLE)  # the official title in Chinese: 征求意见稿与修改稿对照表
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold, run.font.size = True, Pt(16)
    sub = doc.add_paragraph(f"《{consultation.source.short_title}》")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(gettext(locale, REVISION_LINE, number=number, status=gettext(locale, STATUS_LABELS[status])))
    if now is not None:
        doc.add_paragraph(now.strftime("%Y-%m-%d")).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if not rows:
        doc.add_paragraph(gettext(locale, NO_CHANGES))
    # All rows at once, then cell by cell through the XML: python-docx's row.cells rebuilds the whole
    # table's cell list on every call, which makes a long table quadratic (as in exports/summary.py).
    table = doc.add_table(rows=len(rows) + 1, cols=len(HEADERS))
    table.style = "Table Grid"
    trs = table._tbl.tr_lst
    for tc, name in zip(trs[0].tc_lst, HEADERS):
        _Cell(tc, table).paragraphs[0].add_run(gettext(locale, name)).bold = True
    for n, (tr, row) in enumerate(zip(trs[1:], rows), start=1):
        cells = [_Cell(tc, table) for tc in tr.tc_lst]
        cells[0].text = str(n)
        cells[1].text = part_label(row, locale)
        old_p, new_p = cells[2].paragraphs[0], cells[3].paragraphs[0]
        for seg in row.segments:
            if seg.op != "insert":
                r = old_p.add_run(xml_text(seg.text))
                if seg.op == "delete":
                    r.font.strike = True
                    r.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
            if seg.op != "delete":
                r = new_p.add_run(xml_text(seg.text))
                if seg.op == "insert":
                    r.bold = r.underline = True
        cells[4].text = xml_text(row.reason or "")
        cells[5].text = str(row.comments)
    for tr in trs:
        for tc, width in zip(tr.tc_lst, WIDTHS):
            tc.width = width
    header = OxmlElement("w:tblHeader")  # the header row repeats on every printed page
    header.set(qn("w:val"), "true")
    trs[0].get_or_add_trPr().append(header)
    doc.core_properties.title = title
    doc.save(stream)
    return len(rows)
