"""The work queue: progress counts approved decisions only, an editor proposes and an admin approves
(not their own unless allowed), a search across the draft, a decision on a filtered selection after a
confirmation, assignment and internal notes."""
from __future__ import annotations

import re

from sqlalchemy import select

from consultation.models import Comment
from consultation.office import decision_for_comment, duplicates
from consultation.office.models import Assignment, AuditEntry, CommentNote

from .test_deliberate import CAMPAIGN, send
from tests.staff import approve_shown


def _ids(office, target=None):
    with office.session() as s:
        q = select(Comment.id).order_by(Comment.id)
        if target:
            q = q.where(Comment.target_ref == target)
        return list(s.scalars(q))


def test_review_step_and_progress(clients, office, accounts):
    send(office, [("art-3", "建议增加园区。"), ("art-6", "建议细化条件。")])
    c1, c2 = _ids(office)
    editor, admin = clients["editor"], clients["admin"]
    editor.post("/office/decide", data={"comment_id": c1, "outcome": "adopted", "reason": ""})
    admin.post("/office/decide", data={"comment_id": c2, "outcome": "not_adopted", "reason": "另行研究。"})
    dash = clients["viewer"].get("/office/").get_data(as_text=True)
    assert 'id="total-decided">0<' in dash and 'id="total-pending">2<' in dash  # proposals are pending
    node = clients["viewer"].get("/office/node/art-3").get_data(as_text=True)
    assert "editor" in node and ("待批准" in node or "awaiting approval" in node)
    # The admin cannot approve their own proposal while the setting is off (the default).
    approve_shown(admin, [c1, c2])
    with office.session() as s:
        assert decision_for_comment(s, c1).status == "approved" and decision_for_comment(s, c1).approved_by == "admin"
        assert decision_for_comment(s, c2).status == "proposed"
    assert editor.post("/office/review", data={"comment_id": [c2]}).status_code == 403
    admin.post("/office/review", data={"self_approval": "1"})
    approve_shown(admin, [c2])
    with office.session() as s:
        assert decision_for_comment(s, c2).status == "approved"
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.action.in_(
            ["decision.approve", "settings.self_approval"])).order_by(AuditEntry.id)).all()
    assert actions == ["decision.approve", "settings.self_approval", "decision.approve"]
    dash = clients["viewer"].get("/office/").get_data(as_text=True)
    assert 'id="total-decided">2<' in dash and 'id="total-pending">0<' in dash


def test_search_bulk_decision_assignment_and_notes(clients, office, accounts):
    for i in range(3):
        send(office, [("art-3", CAMPAIGN)], organisation=f"开发区{i}")
    send(office, [("annex-1/16", "算力口径需说明。"), ("art-5", CAMPAIGN)], organisation="某县经信局")
    with office.session() as s:
        duplicates.regroup(s, office.consultation.id, actor="t", now=office.now())
        s.commit()
    editor = clients["editor"]
    everything = editor.get("/office/search").get_data(as_text=True)
    assert re.search(r'id="match-count">\D*5\D', everything)
    found = editor.get("/office/search?search=示范区申报主体&outcome=pending").get_data(as_text=True)
    assert len(re.findall(r'<tr id="c\d+"', found)) == 4  # three on 第三条, one on 第五条
    on_art3 = editor.get("/office/search?search=示范区申报主体&ref=art-3&group=grouped").get_data(as_text=True)
    ids = sorted(int(x) for x in re.findall(r'<tr id="c(\d+)"', on_art3))
    assert sorted(ids) == _ids(office, "art-3")
    # The confirmation lists exactly what will change; nothing is written before it is confirmed.
    preview = editor.post("/office/bulk/preview", data={"f_search": "示范区申报主体", "f_ref": "art-3",
                                                        "outcome": "partly_adopted", "reason": "部分采纳。"})
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200 and body.count('name="comment_id"') == 3
    with office.session() as s:
        assert all(decision_for_comment(s, c).outcome is None for c in ids)
    no_reason = editor.post("/office/bulk/preview", data={"f_ref": "art-3", "outcome": "not_adopted"})
    assert no_reason.status_code == 303
    listed = [int(x) for x in re.findall(r'name="comment_id" value="(\d+)"', body)]
    editor.post("/office/bulk/decide", data={"comment_id": listed, "outcome": "partly_adopted", "reason": "部分采纳。"})
    with office.session() as s:
        assert {decision_for_comment(s, c).outcome for c in ids} == {"partly_adopted"}
        assert decision_for_comment(s, _ids(office, "art-5")[0]).outcome is None
    # Assignment, then a filter on it; internal notes.
    editor.post("/office/assign", data={"comment_id": ids[:2], "assignee": "editor"})
    mine = editor.get("/office/search?assignee=editor").get_data(as_text=True)
    assert sorted(int(x) for x in re.findall(r'<tr id="c(\d+)"', mine)) == sorted(ids[:2])
    assert editor.post("/office/assign", data={"comment_id": ids[:1], "assignee": "nobody-here"}).status_code == 400
    editor.post(f"/office/comment/{ids[0]}/notes", data={"body": "与规划处核实园区名单。"})
    assert "与规划处核实园区名单" in clients["viewer"].get(f"/office/comment/{ids[0]}/notes").get_data(as_text=True)
    assert "与规划处核实园区名单" not in clients["anonymous"].get("/summary").get_data(as_text=True)
    with office.session() as s:
        assert s.scalars(select(Assignment.assignee)).all() == ["editor", "editor"]
        assert s.scalars(select(CommentNote.author)).all() == ["editor"]


def test_exports_by_role_audited_and_the_leadership_report(clients, office, accounts):
    send(office, [("art-3", CAMPAIGN)], organisation="芜湖经开区管委会")
    viewer, admin = clients["viewer"], clients["admin"]
    listing = viewer.get("/office/exports").get_data(as_text=True)
    assert "comments.csv" in listing and "contacts.csv" not in listing and "archive.json" not in listing
    plain = viewer.get("/office/exports/comments.csv")
    text = plain.get_data().decode("utf-8-sig")
    assert plain.status_code == 200 and "芜湖经开区管委会" in text and "13800138000" not in text
    assert viewer.get("/office/exports/contacts.csv").status_code == 403
    assert clients["editor"].get("/office/exports/archive.json").status_code == 403
    assert viewer.get("/office/exports/nothing.csv").status_code == 404
    full = admin.get("/office/exports/contacts.csv").get_data().decode("utf-8-sig")
    assert "+861380013" in full  # the sender's phone, shown to admins only
    archive = admin.get("/office/exports/archive.json").get_json()
    assert archive["office"]["audit"] and "settings" in archive["office"]
    assert viewer.get("/office/exports/summary.docx").status_code == 200
    with office.session() as s:
        downloads = s.scalars(select(AuditEntry).where(AuditEntry.action == "export.download")
                              .order_by(AuditEntry.id)).all()
    assert [(e.actor, e.target) for e in downloads] == [("viewer", "comments.csv"), ("admin", "contacts.csv"),
                                                        ("admin", "archive.json"), ("viewer", "summary.docx")]
    audit_page = admin.get("/office/admin/audit?action=export.download").get_data(as_text=True)
    assert audit_page.count("contacts.csv") == 1 and ("导出文件下载" in audit_page or "Export downloaded" in audit_page)
    report = viewer.get("/office/report").get_data(as_text=True)
    assert "第三条" in report and 'id="report-status"' in report
