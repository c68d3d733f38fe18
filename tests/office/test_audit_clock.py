"""The audit log says when things happened on the real clock, whatever calendar CONSULT_NOW simulates:
sign-ins, decisions, approvals, publication, downloads and the intake's entries alike."""
from __future__ import annotations

from sqlalchemy import select

from consultation.clock import utcnow
from consultation.models import Comment
from consultation.office.models import AuditEntry
from tests.conftest import set_now
from tests.staff import approve_shown, login


def test_audit_times_are_real_whatever_the_simulated_calendar(app, office, accounts, submission):
    set_now(office, "2025-12-20T10:00:00+08:00")  # the simulated calendar: after the window
    started = utcnow()
    editor, admin = app.test_client(), app.test_client()
    assert login(editor, "editor").status_code == 302 and login(admin, "admin").status_code == 302
    with office.session() as s:
        comment_id = s.scalars(select(Comment.id)).first()
    editor.post("/office/decide", data={"comment_id": comment_id, "outcome": "adopted", "reason": ""})
    approve_shown(admin, [comment_id])
    admin.get("/office/exports/comments.csv")
    editor.post("/office/inbound/new", data={
        "form_token": "t" * 24, "source": "phone", "received_on": "2025-11-19",  # an editor enters no sender
        "target-0": "第三条", "kind-0": "amend", "proposal-0": "建议扩大范围。", "reason-0": ""})
    finished = utcnow()
    with office.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.actor.in_(("editor", "admin")))).all()
    assert {"account.login", "decision.set", "decision.approve", "export.download", "inbound.manual_entry"} <= \
        {e.action for e in entries}
    outside = [(e.action, e.at) for e in entries if not started <= e.at <= finished]
    assert outside == []
