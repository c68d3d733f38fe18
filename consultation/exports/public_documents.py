"""Documents anyone may download from the public pages, built from the consultation's data file.

- the draft with its explanation (the same text the /draft page shows, quoted as published);
- a blank feedback-form template for people who answer by email, as the notice asks. The notice
  names the 征求意见反馈信息表 but does not give its layout, so this is labelled as the service's
  template, not the official form. Its layout is kept plain (paragraphs and two tables, no Word
  content controls) so the mailbox intake can read a filled copy back: see
  docs/feedback-form-template.md, which is the contract for that reader.
"""
from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from consultation.document import Consultation
from consultation.i18n import gettext
from consultation.labels import CATEGORY_LABELS
from consultation.models import CATEGORIES

from .feedback_form import chinese_document

# The template's contract (docs/feedback-form-template.md): exact texts a reader may look for.
TEMPLATE_SUBMITTER_LABELS = ("提交人类别", "姓名", "单位", "电话", "电子邮箱")
TEMPLATE_COMMENT_HEADERS = ("序号", "条款（章节）", "原文", "修改意见", "理由")
TEMPLATE_ROWS = 8
_TEMPLATE_WIDTHS_CM = (1.2, 2.8, 4.4, 4.4, 4.2)


def _centred(doc, text, size=None, bold=False):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return p


def _bold(cell, text):
    cell.text = ""
    cell.paragraphs[0].add_run(text).bold = True


def feedback_template(consultation: Consultation) -> bytes:
    """A blank form: submitter details above, then one table of comments (序号/条款/原文/修改意见/理由)."""
    doc = chinese_document()
    _centred(doc, f"《{consultation.title}》意见反馈表", 16, bold=True)
    _centred(doc, "（本服务提供的填写模板，并非通知所附的官方《征求意见反馈信息表》）", 10.5)
    doc.add_paragraph(
        f"填写后请发送至 {consultation.source.mailbox}，邮件主题注明“{consultation.source.email_subject}”。"
        "也可以在本网站在线提交意见。")
    doc.add_paragraph().add_run("一、提交人信息").bold = True
    people = doc.add_table(rows=0, cols=2)
    people.style = "Table Grid"
    for label in TEMPLATE_SUBMITTER_LABELS:
        cells = people.add_row().cells
        _bold(cells[0], label)
        cells[0].width, cells[1].width = Cm(3.5), Cm(13.5)
    categories = "、".join(gettext("zh_CN", CATEGORY_LABELS[c]) for c in CATEGORIES)
    doc.add_paragraph(f"提交人类别填写以下之一：{categories}。电话和电子邮箱至少填写一项。以个人身份提交的，单位可不填。")
    doc.add_paragraph().add_run("二、意见建议").bold = True
    table = doc.add_table(rows=1, cols=len(TEMPLATE_COMMENT_HEADERS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, TEMPLATE_COMMENT_HEADERS):
        _bold(cell, header)
    for number in range(1, TEMPLATE_ROWS + 1):
        table.add_row().cells[0].text = str(number)
    for row in table.rows:
        for cell, width in zip(row.cells, _TEMPLATE_WIDTHS_CM):
            cell.width = Cm(width)
    doc.add_paragraph(
        "条款（章节）填写所针对的部分，例如：第三条、第六条第（一）项、附件1第16项、编制说明、总体意见。"
        "原文可摘录所针对的文字。行数不够可自行增加。")
    doc.add_paragraph(
        "个人信息仅用于办理本次意见，按本网站“个人信息保护说明”处理。")
    doc.core_properties.title = f"{consultation.title} 意见反馈表（模板）"
    doc.core_properties.subject = consultation.title
    return _bytes(doc)


def draft_document(consultation: Consultation) -> bytes:
    """The draft, its annex tables and the drafting explanation, quoted as published."""
    source = consultation.source
    doc = chinese_document()
    doc.add_heading(source.document.title, level=0)
    _centred(doc, source.document.subtitle, 12)
    doc.add_paragraph(f"{source.publisher}公开征求意见稿，本文件由征求意见服务根据公布的文本生成，以公布的文本为准。")
    for chapter in source.document.chapters:
        doc.add_heading(f"{chapter.label} {chapter.title}", level=1)
        for article in chapter.articles:
            heading = f"{article.label} {article.title}" if article.title else article.label
            p = doc.add_paragraph()
            p.add_run(heading).bold = True
            if article.text:
                p.add_run(f"  {article.text}")
            for item in article.items:
                doc.add_paragraph(f"{item.label}{item.text}").paragraph_format.left_indent = Cm(0.75)
                for sub in item.items:
                    doc.add_paragraph(f"{sub.label}{sub.text}").paragraph_format.left_indent = Cm(1.5)
    for annex in source.annexes:
        doc.add_page_break()
        doc.add_heading(f"{annex.label} {annex.title}", level=1)
        headings = {c.name: c.heading for c in annex.categories}
        table = doc.add_table(rows=1, cols=6)
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, ("序号", "一级指标", "二级指标", "三级指标", "说明", "分值")):
            _bold(cell, header)
        for row in annex.rows:
            values = (str(row.number), headings.get(row.category, row.category), row.group, row.indicator,
                      row.method, str(row.points))
            for cell, value in zip(table.add_row().cells, values):
                cell.text = value
        for note in annex.notes:
            doc.add_paragraph(note)
    doc.add_page_break()
    doc.add_heading(source.explanation.title, level=1)
    for section in source.explanation.sections:
        doc.add_heading(section.heading, level=2)
        for paragraph in section.paragraphs:
            doc.add_paragraph(paragraph)
    doc.core_properties.title = source.document.title
    doc.core_properties.subject = source.document.subtitle
    return _bytes(doc)


def _bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
