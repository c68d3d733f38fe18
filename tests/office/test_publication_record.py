"""Publication as a record: preview and confirmation, numbered and frozen, changes listed, pending shown
as pending publicly, submitters told by mail when the publication that answers them appears."""
from __future__ import annotations

import re

import pytest

from sqlalchemy import select

from consultation.models import OutboxMessage
from consultation.office import decisions_for_submission
from consultation.office.models import AuditEntry, Publication
from tests.conftest import set_now
from tests.staff import approve_shown, decide_shown

from .test_deliberate import send

CLOSED = "2025-12-18T09:00:00+08:00"


def _comment_ids(office, receipt):
    from consultation.models import Submission

    with office.session() as s:
        sub = s.scalars(select(Submission).where(Submission.reference == receipt.reference)).one()
        return sub.id, [c.id for c in sub.comments]


def test_publish_needs_preview_confirmation_and_freezes_numbered_versions(clients, office, accounts):
    a = send(office, [("art-3", "建议增加园区。"), ("annex-1/7", "建议提高分值。")], email="a@example.com")
    b = send(office, [("art-6", "建议细化条件。")], email="")
    sub_a, (c1, c2) = _comment_ids(office, a)
    _, (c3,) = _comment_ids(office, b)
    editor, admin, public = clients["editor"], clients["admin"], clients["anonymous"]
    editor.post("/office/decide", data={"comment_id": c1, "outcome": "adopted", "reason": ""})
    approve_shown(admin, [c1])
    set_now(office, CLOSED)
    home = public.get("/").get_data(as_text=True)
    assert "/summary" not in home and "2025-12-17" in home  # says when, no link yet

    preview = admin.get("/office/admin/publish").get_data(as_text=True)
    assert re.search(r'id="pending-count">2<', preview) and 'id="pending-warning"' in preview
    # Without ticking the confirmation, or with a preview that no longer holds: nothing is published.
    assert admin.post("/office/admin/publish", data={"pending": "2"}).status_code == 303
    editor.post("/office/decide", data={"comment_id": c2, "outcome": "not_adopted", "reason": "分值需统筹。"})
    approve_shown(admin, [c2])
    assert admin.post("/office/admin/publish", data={"pending": "2", "confirm": "1", "number": "1"}).status_code == 303
    with office.session() as s:
        assert s.scalars(select(Publication)).first() is None
    assert public.get("/summary").status_code == 404
    assert admin.post("/office/admin/publish", data={"pending": "1", "confirm": "1", "number": "1"}).status_code == 303

    summary = public.get("/summary").get_data(as_text=True)
    assert "分值需统筹" in summary and 'id="publication">' in summary
    assert "/summary" in public.get("/").get_data(as_text=True)
    receipt = public.get(f"/receipt/{a.reference}?token={a.token}").get_data(as_text=True)
    assert "/summary" in receipt and "分值需统筹" in receipt
    pending_receipt = public.get(f"/receipt/{b.reference}?token={b.token}").get_data(as_text=True)
    assert "待处理" in pending_receipt or "Pending" in pending_receipt
    with office.session() as s:
        # Submitter a (email, all answered) is told once; b has no email.
        told = s.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "answered")).all()
        assert [m.submission_id for m in told] == [sub_a]

    # A decision changed afterwards is not public until the next publication. An approved decision is
    # changed by an administrator (here approved at once: the office lets admins approve their own).
    admin.post("/office/review", data={"self_approval": "1"})
    decide_shown(admin, c2, outcome="partly_adopted", reason="适当提高。")
    editor.post("/office/decide", data={"comment_id": c3, "outcome": "adopted", "reason": ""})
    approve_shown(admin, [c3])
    assert "适当提高" not in public.get("/summary").get_data(as_text=True)
    with office.session() as s:
        assert [d["outcome"] for d in decisions_for_submission(s, sub_a)] == ["adopted", "not_adopted"]
    assert admin.post("/office/admin/publish", data={"pending": "0", "confirm": "1", "number": "2"}).status_code == 303
    summary = public.get("/summary").get_data(as_text=True)
    assert "适当提高" in summary and "分值需统筹" not in summary
    with office.session() as s:
        pubs = s.scalars(select(Publication).order_by(Publication.number)).all()
        assert [p.number for p in pubs] == [1, 2] and [p.pending for p in pubs] == [1, 0]
        assert sorted(c["comment_id"] for c in pubs[1].changes) == [c2, c3]
        assert len(s.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "answered")).all()) == 1
    listing = clients["viewer"].get("/office/publications/2").get_data(as_text=True)
    assert "适当提高" in listing and "分值需统筹" in listing


def test_answered_mail_is_built(clients, office, accounts):
    from consultation.mail.messages import build_message

    a = send(office, [("art-3", "建议增加园区。")], email="a@example.com")
    _, (c1,) = _comment_ids(office, a)
    clients["editor"].post("/office/decide", data={"comment_id": c1, "outcome": "not_adopted", "reason": "另行研究。"})
    approve_shown(clients["admin"], [c1])
    set_now(office, CLOSED)
    assert clients["admin"].post("/office/admin/publish", data={"pending": "0", "confirm": "1",
                                                                "number": "1"}).status_code == 303
    with office.session() as s:
        row = s.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "answered")).one()
        msg = build_message(row, office.consultation, mail_from="office@example.gov.cn", secret_key="k",
                            receipt_url=lambda ref, token: f"http://x/receipt/{ref}?token={token}", now=office.now())
    body = msg.get_body(("plain",)).get_content()
    assert a.reference in body and "另行研究" in body and "/summary" in body


def test_the_publish_form_publishes_its_number_once(clients, office, accounts):
    a = send(office, [("art-3", "建议增加园区。")], email="a@example.com")
    _, (c1,) = _comment_ids(office, a)
    clients["editor"].post("/office/decide", data={"comment_id": c1, "outcome": "adopted", "reason": ""})
    approve_shown(clients["admin"], [c1])
    set_now(office, CLOSED)
    admin = clients["admin"]
    form = re.search(r'name="number" value="(\d+)"', admin.get("/office/admin/publish").get_data(as_text=True))
    assert form.group(1) == "1"  # the form names the publication it makes
    press = {"pending": "0", "confirm": "1", "number": "1"}
    first, again = admin.post("/office/admin/publish", data=press), admin.post("/office/admin/publish", data=press)
    assert (first.status_code, again.status_code) == (303, 303)
    assert first.headers["Location"] == again.headers["Location"] == "/office/publications/1"
    admin.post("/office/review", data={"self_approval": "1"})  # an approved decision: an admin changes it
    decide_shown(admin, c1, outcome="not_adopted", reason="另行研究。")
    later = admin.post("/office/admin/publish", data=press)  # the old form, resent after a change
    assert later.headers["Location"] == "/office/publications/1"
    stale = admin.post("/office/admin/publish", data={**press, "number": "3"})  # neither published nor next
    assert stale.headers["Location"] == "/office/admin/publish"
    with office.session() as s:
        assert [p.number for p in s.scalars(select(Publication))] == [1]
        assert len(s.scalars(select(AuditEntry).where(AuditEntry.action == "summary.publish")).all()) == 1
    assert admin.post("/office/admin/publish", data={**press, "number": "2"}).headers["Location"] == \
        "/office/publications/2"  # the next one, from a fresh preview


@pytest.mark.parametrize("second_publishes_after_the_first_commits", [False, True])
def test_two_presses_racing_make_one_publication(office, monkeypatch, second_publishes_after_the_first_commits):
    """On PostgreSQL both presses look for the number before either publishes (a barrier holds them
    there) and the unique number stops the second; on SQLite the write lock queues them, so the second
    looks only after the first committed. The slow interleaving: the second press starts freezing only after
    the first has committed; under PostgreSQL's read committed it then sees publication 1, and must not
    write publication 2 (the same decisions twice) but answer with 1."""
    import threading

    from consultation.office import publishing

    send(office, [("art-3", "建议增加园区。")], email="a@example.com")
    set_now(office, CLOSED)
    postgres = office.engine.dialect.name == "postgresql"
    barrier = threading.Barrier(2)
    original_numbered, original_publish = publishing.numbered, publishing.publish
    looked, entered, committed = [], [], threading.Event()

    def both_look_first(*args):
        found = original_numbered(*args)
        if postgres and len(looked) < 2:
            looked.append(found)
            barrier.wait(timeout=60)
        return found

    def second_waits_for_the_first_commit(*args, **kwargs):
        entered.append(threading.get_ident())
        if len(entered) == 2:
            assert committed.wait(timeout=60)
        return original_publish(*args, **kwargs)

    monkeypatch.setattr(publishing, "numbered", both_look_first)
    if second_publishes_after_the_first_commits:
        monkeypatch.setattr(publishing, "publish", second_waits_for_the_first_commit)
    results, failures = [], []

    def press():
        try:
            with office.session() as s:
                done = publishing.publish_confirmed(s, office.consultation, number=1, actor="chief",
                                                    now=office.now(), confirmed_pending=1)
                results.append((done.publication.number, done.repeated))
        except Exception as exc:  # reported below
            failures.append(exc)
        finally:
            committed.set()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sorted(results) == [(1, False), (1, True)]
    assert looked == ([None, None] if postgres else [])
    with office.session() as s:
        assert [p.number for p in s.scalars(select(Publication))] == [1]
