"""A numbered publication stays as published (attack round 10, F3).

/summary (and its DOCX/XLSX) and the receipts read the comments as they were *now*, so after an admin
extended the window (which reopens the private links) a submitter's amendment rewrote publication 1's text,
a withdrawal changed its counts, and a move took a published "adopted" off the public record and the
submitter's receipt, with no new publication made. Now a publication copies each comment it publishes
(text, part, kind, points, 提出单位): everything publication N shows comes from its own rows; the changes
appear in the next publication and in the publish preview's list of changes.

Each test runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from consultation.exports import summary as summary_export
from consultation.models import Comment, Submission
from consultation.office import publishing
from tests.conftest import set_now
from tests.staff import approve_shown, decide_shown

from .test_amended_after_decision import amend_through_link
from .test_deliberate import send

CLOSED = "2025-12-20T10:00:00+08:00"  # after the window; the extension below reopens it
AFTER_EXTENSION = "2026-01-01T10:00:00+08:00"


def _ids(office, receipt):
    with office.session() as s:
        return list(s.scalars(select(Comment.id).join(Submission).where(Submission.reference == receipt.reference)
                              .order_by(Comment.position)))


def _xlsx(client):
    response = client.get("/summary.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _docx_text(client):
    from docx import Document

    response = client.get("/summary.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.data))
    return [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]


def _published(office, clients):
    with office.session() as s:
        collected = summary_export.collect(s, office.consultation)
        counts = [(r["ref"], r["received"], r["outcomes"], r["pending"])
                  for r in publishing.summary(s, office.consultation)]
    lines = [(line.ref, line.text, dict(line.outcomes), line.units) for line in collected.lines]
    return lines, collected.comments, counts, _xlsx(clients["anonymous"]), _docx_text(clients["anonymous"])


def test_amendments_moves_and_withdrawals_after_publication_change_nothing_in_it(app, clients, office):
    editor, admin, public = clients["editor"], clients["admin"], clients["anonymous"]
    amended = send(office, [("art-3", "建议修改第三条，发布前的原文。")])
    moved = send(office, [("art-3", "建议第三条增加省级园区，电话13800138000。")])
    withdrawn = send(office, [("art-3", "建议第三条保留现有表述。")])
    (a,), (m,), (w,) = _ids(office, amended), _ids(office, moved), _ids(office, withdrawn)
    for cid, outcome, reason in ((a, "adopted", ""), (m, "adopted", ""), (w, "not_adopted", "与上位法不符。")):
        assert decide_shown(editor, cid, outcome=outcome, reason=reason).status_code == 303
    assert approve_shown(admin, [a, m, w]).status_code == 303
    set_now(office, CLOSED)
    assert admin.post("/office/admin/publish", data={"pending": "0", "confirm": "1", "number": "1"}).status_code == 303
    before = _published(office, clients)
    page = public.get("/summary").get_data(as_text=True)
    assert "发布前的原文" in page and "13800138000" not in page  # the contact stays masked in the frozen text

    # The window is extended after publishing: the private links open again.
    r = admin.post("/office/admin/window", data={"closes_on": "2025-12-31", "reason": "延长征求意见"})
    assert r.status_code in (302, 303)
    amend_through_link(public, amended, a, kind="amend", proposal="发布后改写的文本 PUBLISHED-EDIT", reason="新理由。")
    amend_through_link(public, moved, m, target="art-5", kind="amend", proposal="移到第五条的意见。", reason="新理由。")
    assert public.post(f"/receipt/{withdrawn.reference}/withdraw?token={withdrawn.token}").status_code in (302, 303)

    # Publication 1 reads as it was published: lines, counts, the page, DOCX and XLSX.
    assert _published(office, clients) == before
    page = public.get("/summary").get_data(as_text=True)
    assert "PUBLISHED-EDIT" not in page and "发布前的原文" in page and "移到第五条" not in page
    assert "与上位法不符" in page

    # The mover's receipt keeps the published decision, on the part it was published on.
    api = public.get(f"/api/v1/feedback/{moved.reference}?token={moved.token}").get_json()
    published = [d for d in api["decisions"] if d["as_published"]]
    assert [(d["comment_id"], d["target_ref"], d["outcome"], d["publication"], d["changed_since"])
            for d in published] == [(m, "art-3", "adopted", 1, True)]
    assert [(d["target_ref"], d["outcome"]) for d in api["decisions"] if not d["as_published"]] == [("art-5", None)]
    receipt = public.get(f"/receipt/{amended.reference}?token={amended.token}").get_data(as_text=True)
    assert 'id="as-published"' in receipt and "发布前的原文" in receipt and "PUBLISHED-EDIT" in receipt
    withdrawn_receipt = public.get(f"/api/v1/feedback/{withdrawn.reference}?token={withdrawn.token}").get_json()
    assert [(d["outcome"], d["changed_since"]) for d in withdrawn_receipt["decisions"]] == [("not_adopted", True)]

    # The preview of publication 2 lists what the senders did.
    set_now(office, AFTER_EXTENSION)
    preview = admin.get("/office/admin/publish").get_data(as_text=True)
    for cid in (a, m, w):
        assert f'id="change-{cid}"' in preview
    with office.session() as s:
        changes = {c["comment_id"]: c["comment"] for c in publishing.preview(s, office.consultation)["changes"]}
        new_id = _ids(office, moved)[0]
    assert changes == {a: "changed", m: "gone", w: "gone", new_id: "new"}

    # Publication 2 shows the new state; publication 1's rows are kept.
    pending = publishing_pending(office)
    assert admin.post("/office/admin/publish", data={"pending": str(pending), "confirm": "1",
                                                      "number": "2"}).status_code == 303
    page = public.get("/summary").get_data(as_text=True)
    assert "PUBLISHED-EDIT" in page and "发布前的原文" not in page and "与上位法不符" not in page
    assert 'id="change-' in admin.get("/office/publications/2").get_data(as_text=True)


def publishing_pending(office) -> int:
    with office.session() as s:
        return publishing.preview(s, office.consultation)["pending"]
