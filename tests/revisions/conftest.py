"""Revisions fixtures: the office's accounts and logged-in clients (tests/office), the consultation's
window closed (revisions come after the consultation), and helpers to edit through the domain."""
from __future__ import annotations

import copy

import pytest

from consultation.office.decisions import approve, decide
from consultation.revisions import editing
from consultation.submissions import submit
from tests.conftest import sample_payload, set_now  # set_now is used by other test modules
from tests.office.conftest import accounts, app, clients, office  # noqa: F401 - the office fixtures, shared

AFTER = "2026-01-10T10:00:00+08:00"


def rows_of(rev, annex: int) -> list[dict]:
    """The rows of an annex table as the edit form sends them (each keeps the reference it was opened with)."""
    table = next(a for a in rev.content["annexes"] if a["number"] == annex)
    return [{"from": f"annex-{annex}/{r['number']}", **copy.deepcopy(r)} for r in table["rows"]]


def comment_on(services, target: str, text: str = "建议修改。", outcome: str | None = None) -> int:
    """Store one comment on `target` (inside the window) and, if given, decide on it (an editor proposes,
    an admin approves, so the decision counts); returns its id."""
    set_now(services, "2025-11-20T10:00:00+08:00")
    payload = sample_payload(comments=[{"target": target, "kind": "amend", "proposal": text, "reason": "理由。",
                                        "proposed_points": None}])
    with services.session() as s:
        receipt = submit(s, services.consultation, payload, channel="web", locale="zh_CN", now=services.now(),
                         secret_key=services.settings.secret_key, office_mailbox=services.office_mailbox)
        s.commit()
    set_now(services, AFTER)
    with services.session() as s:
        from sqlalchemy import select

        from consultation.models import Comment, Submission

        cid = s.scalars(select(Comment.id).join(Submission).where(Submission.reference == receipt.reference)).one()
        if outcome:
            decide(s, comment_ids=[cid], outcome=outcome, reason="" if outcome == "adopted" else "部分采纳。",
                   actor="editor", now=services.now())
            approve(s, [cid], actor="admin", now=services.now())
            s.commit()
    return cid


@pytest.fixture
def after(office):
    """Services after the window closed."""
    set_now(office, AFTER)
    return office


@pytest.fixture
def revision(after):
    """Revision 1, open, started from the draft."""
    with after.session() as s:
        rev = editing.start(s, after.consultation, actor="editor", now=after.now())
        s.commit()
        return rev.id


@pytest.fixture
def client_factory(app):
    return app.test_client
