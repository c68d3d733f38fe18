"""Personal data, lockout, CSRF, audit, append-only trigger, publication and the receipt."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from consultation.models import Submission, WindowChange
from consultation.office import decisions_for_submission, decision_for_comment
from consultation.office.decisions import DecisionRefused, decide
from consultation.office.models import AuditEntry
from tests.conftest import set_now
from tests.staff import approve_shown, decide_shown

from .conftest import PASSWORD, csrf_token

CONTACTS = ("张三", "13800138000", "zhangsan@example.com")  # the organisation (提出单位) is not personal data


def _ids(office):
    with office.session() as s:
        sub = s.scalars(select(Submission)).one()
        return sub.id, [c.id for c in sub.comments]


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_personal_data_absent_for_viewer_and_editor(clients, office, submission, role):
    sub_id, _ = _ids(office)
    pages = ["/office/", "/office/node/art-3", "/office/node/annex-1/7", "/office/findings"]
    for path in pages:
        body = clients[role].get(path).get_data(as_text=True)
        assert clients[role].get(path).status_code == 200
        for value in CONTACTS:
            assert value not in body, (path, value)
    assert clients[role].get(f"/office/submission/{sub_id}").status_code == 403


def test_admin_sees_personal_data(clients, office, submission):
    sub_id, _ = _ids(office)
    body = clients["admin"].get("/office/node/art-3").get_data(as_text=True)
    assert "13800138000" in body
    assert "zhangsan@example.com" in clients["admin"].get(f"/office/submission/{sub_id}").get_data(as_text=True)


def test_node_view_shows_exact_text_and_points(clients, office, submission):
    body = clients["viewer"].get("/office/node/annex-1/7").get_data(as_text=True)
    node = office.consultation.node("annex-1/7")
    assert node.text in body
    assert f'id="printed-points">{node.points}<' in body
    assert f"({10 - node.points:+d})" in body
    found = clients["viewer"].get("/office/node/art-3?search=省级以上园区").get_data(as_text=True)
    assert "覆盖更多主体" in found
    none = clients["viewer"].get("/office/node/art-3?search=不存在的词").get_data(as_text=True)
    assert "覆盖更多主体" not in none


def test_dashboard_counts_and_svg_chart(clients, office, submission):
    body = clients["viewer"].get("/office/").get_data(as_text=True)
    assert 'id="total-submissions">1<' in body and 'id="total-comments">2<' in body
    # The chart is plain SVG: no inline script (the site's own static script, progressive enhancement, is fine).
    assert "<svg" in body and not re.search(r'<script(?![^>]*\bsrc="/static/)', body)


def test_login_and_staff_forms_need_csrf(office, accounts, submission):
    from web import create_app

    app = create_app(office, TESTING=True, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=False)
    client = app.test_client()
    assert client.post("/office/login", data={"username": "editor", "password": PASSWORD}).status_code == 400
    token = csrf_token(client.get("/office/login").get_data(as_text=True))
    assert client.post("/office/login", data={"username": "editor", "password": PASSWORD,
                                              "csrf_token": token}).status_code == 302
    _, (cid, _) = _ids(office)
    no_token = client.post("/office/decide", data={"comment_id": cid, "outcome": "adopted"})
    assert no_token.status_code == 400
    with office.session() as s:
        assert decision_for_comment(s, cid).outcome is None
    token = csrf_token(client.get("/office/node/art-3").get_data(as_text=True))
    ok = client.post("/office/decide", data={"comment_id": cid, "outcome": "adopted", "csrf_token": token})
    assert ok.status_code == 303
    with office.session() as s:
        assert decision_for_comment(s, cid).outcome == "adopted"


def test_decision_needs_reason_and_is_audited(clients, office, submission):
    _, (cid, _) = _ids(office)
    with office.session() as s:
        with pytest.raises(DecisionRefused):
            decide(s, comment_ids=[cid], outcome="not_adopted", reason=" ", actor="x", now=office.now())
    clients["editor"].post("/office/decide", data={"comment_id": cid, "outcome": "not_adopted",
                                                   "reason": "与上位文件不一致"})
    decide_shown(clients["editor"], cid, outcome="partly_adopted", reason="部分采纳")  # from the page, as shown
    with office.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "decision.set").order_by(AuditEntry.id)).all()
        assert [e.actor for e in entries] == ["editor", "editor"]
        assert entries[0].before is None and entries[0].after["outcome"] == "not_adopted"
        assert entries[1].before["outcome"] == "not_adopted" and entries[1].after["outcome"] == "partly_adopted"
        d = decision_for_comment(s, cid)
        assert (d.outcome, d.reason, d.decided_by) == ("partly_adopted", "部分采纳", "editor")


def test_window_extension_is_audited_and_public(clients, office):
    response = clients["admin"].post("/office/admin/window", data={"closes_on": "2025-12-31",
                                                                  "reason": "应企业要求延长征求意见期限"})
    assert response.status_code == 303
    with office.session() as s:
        change = s.scalars(select(WindowChange)).one()
        assert (change.closes_on, change.changed_by) == (dt.date(2025, 12, 31), "admin")
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "window.extend")).one()
        assert entry.before == {"closes_on": "2025-12-17"} and entry.after["closes_on"] == "2025-12-31"
        assert office.window(s).extended.reason == "应企业要求延长征求意见期限"
    bad = clients["admin"].post("/office/admin/window", data={"closes_on": "2025-12-01", "reason": "x"})
    assert bad.status_code == 400


def test_audit_rows_cannot_be_changed_or_deleted(office, accounts):
    with office.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM office_audit")).scalar() >= 3
        conn.rollback()
        for statement in ("UPDATE office_audit SET actor = 'mallory'", "DELETE FROM office_audit"):
            with pytest.raises(DBAPIError):
                with conn.begin():
                    conn.execute(text(statement))
        assert conn.execute(text("SELECT count(*) FROM office_audit WHERE actor = 'mallory'")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM office_audit")).scalar() >= 3


def test_publication_flow_and_receipt(clients, office, submission):
    _, (c1, c2) = _ids(office)
    clients["editor"].post("/office/decide", data={"comment_id": c1, "outcome": "adopted", "reason": ""})
    clients["editor"].post("/office/decide", data={"comment_id": c2, "outcome": "not_adopted",
                                                   "reason": "分值调整需统筹考虑"})
    assert approve_shown(clients["admin"], [c1, c2]).status_code == 303  # sign-off
    anonymous = clients["anonymous"]
    assert anonymous.get("/summary").status_code == 404
    # Not before the window closes.
    clients["admin"].post("/office/admin/publish")
    assert anonymous.get("/summary").status_code == 404
    with office.session() as s:
        sub_id, _ = _ids(office)
        assert [d["outcome"] for d in decisions_for_submission(s, sub_id)] == [None, None]
    set_now(office, "2025-12-18T09:00:00+08:00")
    assert clients["admin"].post("/office/admin/publish", data={"pending": "0", "confirm": "1",
                                                                "number": "1"}).status_code == 303
    page = anonymous.get("/summary")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "分值调整需统筹考虑" in body
    for value in CONTACTS:
        assert value not in body
    with office.session() as s:
        rows = decisions_for_submission(s, sub_id)
        assert [(r["target_ref"], r["outcome"]) for r in rows] == [("art-3", "adopted"), ("annex-1/7", "not_adopted")]
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "summary.publish")).one().actor == "admin"
    # The receipt page shows each decision (the helper the receipt view calls).
    from web.office.publish_views import receipt_decisions

    with clients["anonymous"].application.test_request_context():
        shown = receipt_decisions(sub_id)
    assert shown[c2]["reason"] == "分值调整需统筹考虑" and shown[c1]["outcome"] == "adopted"
    receipt_page = anonymous.get(f"/receipt/{submission.reference}?token={submission.token}")
    assert receipt_page.status_code == 200
    if 'decisions=None' not in open("web/public/views.py", encoding="utf-8").read():
        assert "分值调整需统筹考虑" in receipt_page.get_data(as_text=True)
