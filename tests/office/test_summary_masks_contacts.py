"""The published adoption summary quotes comment text, and a sender typing on the web or through the API may
put their own telephone number, email or ID number in it ("有问题请联系我13800138000"). Only staff may see
those: the summary (page, DOCX, XLSX) shows a mark in their place, the office's pages keep the text."""
from __future__ import annotations

import io
import re

import openpyxl
from docx import Document
from sqlalchemy import select

from consultation.exports import summary
from consultation.inbound.signatures import masked
from consultation.models import Submission
from tests.conftest import set_now
from tests.staff import approve_shown

from .test_deliberate import send

CLOSED = "2025-12-18T09:00:00+08:00"
PROPOSAL = "建议将第三条“县（市、区）”的范围写清楚，有疑问请致电１３９－１２３４－５６７８或 Li.Wei@Example.cn，我的身份证号是340104199003071234。"


def test_masked_keeps_the_words_and_full_width_punctuation():
    assert masked(PROPOSAL, "■") == ("建议将第三条“县（市、区）”的范围写清楚，有疑问请致电■或 ■，我的身份证号是■。")
    for kept in ("建议第4项提高到10分，2025年12月17日前报送，参照GB/T 2260。", "算力100 PFLOPS以上，占比12.5%。", ""):
        assert masked(kept, "■") == kept


def test_the_published_summary_shows_no_contact_typed_into_a_comment(clients, office):
    receipt = send(office, [("art-3", PROPOSAL)])
    with office.session() as s:
        (cid,) = [c.id for c in s.scalars(select(Submission).where(Submission.reference == receipt.reference)).one().comments]
    editor, admin, public = clients["editor"], clients["admin"], clients["anonymous"]
    editor.post("/office/decide", data={"comment_id": cid, "outcome": "not_adopted", "reason": "范围已明确。",
                                        f"version-{cid}": "none"})
    approve_shown(admin, [cid])
    set_now(office, CLOSED)
    preview = admin.get("/office/admin/publish").get_data(as_text=True)
    pending = re.search(r'id="pending-count">(\d+)<', preview).group(1)
    assert admin.post("/office/admin/publish", data={"pending": pending, "confirm": "1", "number": "1"}).status_code == 303
    page = public.get("/summary").get_data(as_text=True)
    assert "的范围写清楚" in page and "［个人信息已隐去］" in page
    for secret in ("1234-5678", "１２３４", "Li.Wei", "Example.cn", "340104199003071234"):
        assert secret not in page
    with office.session() as s:
        docx, xlsx = io.BytesIO(), io.BytesIO()
        summary.write_summary_docx(s, office.consultation, docx, locale="zh_CN", now=office.now())
        summary.write_summary_xlsx(s, office.consultation, xlsx, locale="en", now=office.now())
    words = "\n".join(cell.text for table in Document(io.BytesIO(docx.getvalue())).tables
                      for row in table.rows for cell in row.cells)
    cells = "\n".join(str(c.value) for ws in openpyxl.load_workbook(io.BytesIO(xlsx.getvalue())).worksheets
                      for row in ws.iter_rows() for c in row if c.value is not None)
    for text, mark in ((words, "［个人信息已隐去］"), (cells, "[personal details removed]")):
        assert "的范围写清楚" in text and mark in text and "340104199003071234" not in text and "Li.Wei" not in text
    # The office still reads what the sender wrote.
    node = editor.get("/office/node/art-3").get_data(as_text=True)
    assert "Li.Wei@Example.cn" in node
