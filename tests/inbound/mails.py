"""The messages the intake tests deliver: forms filled in as people do, plain text, PDFs."""
from __future__ import annotations

import io
from email.message import EmailMessage
from email.utils import make_msgid

from docx import Document

DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
SUBJECT = "关于安徽省人工智能赋能新型工业化示范区建设导则的意见建议"


def template_form(rows, *, organisation="合肥某智能制造有限公司", name="李四", phone="0551-12345678",
                  email="lisi@example.com") -> bytes:
    """A filled form in the layout of the template: details above, 序号/条款(章节)/原文/修改意见/理由."""
    doc = Document()
    doc.add_paragraph("征求意见反馈信息表")
    details = doc.add_table(rows=2, cols=4)
    for cell, text in zip(details.rows[0].cells, ("单位名称", organisation, "联系人", name)):
        cell.text = text
    for cell, text in zip(details.rows[1].cells, ("联系电话", phone, "电子邮箱", email)):
        cell.text = text
    table = doc.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ("序号", "条款(章节)", "原文", "修改意见", "理由")):
        cell.text = text
    for number, (target, original, proposal, reason) in enumerate(rows, start=1):
        for cell, text in zip(table.add_row().cells, (str(number), target, original, proposal, reason)):
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def service_template_form(rows, *, category="行业协会", name="陈九", organisation="安徽省人工智能产业协会",
                          phone="", email="") -> bytes:
    """The service's downloadable template, filled in: a two-column details table (提交人类别, 姓名, 单位,
    电话, 电子邮箱), notes in paragraphs, and numbered blank rows below the used ones."""
    doc = Document()
    doc.add_paragraph("《安徽省人工智能赋能新型工业化示范区建设导则(征求意见稿)》意见反馈表")
    doc.add_paragraph("填写后请发送至 office@example.gov.cn，邮件主题注明“关于……的意见建议”。")
    doc.add_paragraph("一、提交人信息")
    people = doc.add_table(rows=0, cols=2)
    for label, value in (("提交人类别", category), ("姓名", name), ("单位", organisation), ("电话", phone),
                         ("电子邮箱", email)):
        cells = people.add_row().cells
        cells[0].text, cells[1].text = label, value
    doc.add_paragraph("提交人类别填写以下之一：个人、企业、政府部门。电话和电子邮箱至少填写一项。")
    doc.add_paragraph("二、意见建议")
    table = doc.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ("序号", "条款（章节）", "原文", "修改意见", "理由")):
        cell.text = text
    for number in range(1, 11):
        cells = table.add_row().cells
        cells[0].text = str(number)
        if number <= len(rows):
            for cell, text in zip(cells[1:], rows[number - 1]):
                cell.text = text
    doc.add_paragraph("条款（章节）填写所针对的部分，例如：第三条、第六条第（一）项、附件1第16项、编制说明、总体意见。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def variant_form(rows) -> bytes:
    """A department's own layout: details as paragraphs, columns in another order and wording."""
    doc = Document()
    doc.add_paragraph("《导则》征求意见反馈表")
    doc.add_paragraph("提出单位:宿州市经济和信息化局    联系人:王五    联系电话:13900139000")
    table = doc.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("编号", "修改建议", "涉及条款", "理由及依据")):
        cell.text = text
    for number, (target, proposal, reason) in enumerate(rows, start=1):
        for cell, text in zip(table.add_row().cells, (str(number), proposal, target, reason)):
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def message(*, sender="李四 <lisi@example.com>", subject=SUBJECT, body="意见见附件。", attachments=(),
            message_id=None) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "office@example.gov.cn"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or make_msgid(domain="example.com")
    msg.set_content(body)
    for filename, (maintype, subtype), data in attachments:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def minimal_pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")
