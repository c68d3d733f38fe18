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
    """The service's own downloadable template (consultation.exports.public_documents), filled in as a
    person would in Word: the details table's second column, then the first comment rows."""
    from consultation.document import get_consultation
    from consultation.exports.public_documents import TEMPLATE_SUBMITTER_LABELS, feedback_template

    doc = Document(io.BytesIO(feedback_template(get_consultation())))
    people, comments = doc.tables[0], doc.tables[1]
    values = dict(zip(TEMPLATE_SUBMITTER_LABELS, (category, name, organisation, phone, email)))
    for row in people.rows:
        row.cells[1].text = values[row.cells[0].text]
    for row, values in zip(comments.rows[1:], rows):
        for cell, text in zip(row.cells[1:], values):
            cell.text = text
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


def run_mail_worker(services, outbox_dir) -> None:
    """One pass of the real mail worker writing .eml files, in a thread of its own: the worker runs
    asyncio.run, which refuses a thread where an event loop is already running (the session's
    Playwright, when a browser test ran earlier in the same process)."""
    import concurrent.futures

    from consultation.mail.worker import run_once
    from tests.office_io.conftest import mail_settings

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run_once, services, mail_settings(outbox_dir)).result()
