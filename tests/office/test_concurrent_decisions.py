"""Two first decisions on one comment at the same moment (attack 4, F3: two editors, or a client's
retry). Each read "undecided" and inserted the comment's decision row; the loser's INSERT broke the
unique row per comment, an IntegrityError answered 500. Now the loser is told (API 409, the form's
error notice) and nothing of its request is written; the winner's decision stands, audited once.

Real threads against the app, each request on its own session and connection; a barrier holds both
after they have read the comment's (absent) decision, so the losing interleaving runs every time, on
SQLite and on PostgreSQL alike."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from consultation.office import decisions
from consultation.office.accounts import issue_token
from consultation.office.models import AuditEntry, Decision, StaffAccount
from tests.staff import create_staff, decisions_meet


@pytest.fixture
def both_read_first(monkeypatch):
    """Every decision waits, once it has read which comments are decided, until the other has too."""
    decisions_meet(monkeypatch, 2)


def _at_once(*calls):
    answers = [None] * len(calls)

    def run(i):
        answers[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers


def _only_decision(office, comment_id):
    with office.session() as s:
        (decision,) = s.scalars(select(Decision).where(Decision.comment_id == comment_id)).all()
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "decision.set")).all()
        return decision, entries


def test_two_first_decisions_through_the_api_one_recorded_the_other_409(app, office, accounts, submission,
                                                                        both_read_first):
    create_staff(office, "editor2", "editor")
    with office.session() as s:
        tokens = [issue_token(s, s.scalar(select(StaffAccount).where(StaffAccount.username == name)), actor="t")
                  for name in ("editor", "editor2")]
        s.commit()
        comment_id = min(s.scalars(select(decisions.Comment.id)))
    bodies = [{"comment_ids": [comment_id], "outcome": "adopted"},
              {"comment_ids": [comment_id], "outcome": "not_adopted", "reason": "与第五条重复。"}]
    clients = [app.test_client() for _ in tokens]
    answers = _at_once(*[
        (lambda c=c, t=t, b=b: c.post("/api/v1/office/decisions", json=b, headers={"Authorization": "Bearer " + t}))
        for c, t, b in zip(clients, tokens, bodies)])
    codes = sorted(r.status_code for r in answers)
    assert codes == [200, 409], codes
    (lost,) = [r for r in answers if r.status_code == 409]
    assert lost.get_json()["error"] == "refused" and "同一时刻" in lost.get_json()["message"]
    (won,) = [i for i, r in enumerate(answers) if r.status_code == 200]
    decision, entries = _only_decision(office, comment_id)
    assert decision.outcome == bodies[won]["outcome"] and len(entries) == 1  # the loser wrote nothing


def test_two_first_decisions_on_the_form_one_recorded_the_other_told(clients, office, submission, both_read_first):
    with office.session() as s:
        comment_id = min(s.scalars(select(decisions.Comment.id)))
    forms = [{"comment_id": comment_id, "outcome": "adopted", "reason": ""},
             {"comment_id": comment_id, "outcome": "not_adopted", "reason": "与第五条重复。"}]
    answers = _at_once(*[(lambda c=c, f=f: clients[c].post("/office/decide", data=f))
                         for c, f in zip(("editor", "admin"), forms)])
    assert [r.status_code for r in answers] == [303, 303]
    notices = [clients[c].get("/office/").get_data(as_text=True) for c in ("editor", "admin")]
    assert sum("同一时刻" in page for page in notices) == 1
    decision, entries = _only_decision(office, comment_id)
    assert len(entries) == 1
