"""Feedback the office filed is personal data like any other: the receipt says how it is used, the purge
clears it with the originals, and the JSON archive keeps the basis it was held on."""
from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import delete, select

from consultation.clock import BEIJING
from consultation.exports import archive
from consultation.exports.retention import purge_contacts
from consultation.inbound import manual
from consultation.inbound.models import InboundFile, InboundItem
from consultation.models import Comment, OutboxMessage, Submission
from tests.inbound import mails
from tests.office_io.conftest import make_submission

RECEIVED = dt.datetime(2025, 11, 19, 15, 0, tzinfo=BEIJING)


def enter_letter(services, email="sun8@example.com", form_token=None):
    draft = {"submitter": {"category": "individual", "name": "孙八", "organisation": "", "phone": "13700137000",
                           "email": email},
             "comments": [{"target": "附件1第16项", "kind": "amend", "proposal": "建议下调分值。", "reason": "",
                           "proposed_points": None}]}
    return manual.enter(services, source="letter", received_at=RECEIVED, draft=draft, actor="clerk",
                        now=services.now(), scan=("来信.pdf", "application/pdf", mails.minimal_pdf()),
                        form_token=form_token).item


def test_the_receipt_says_how_the_data_is_used_and_how_to_have_it_deleted(services, tmp_path):
    enter_letter(services)
    make_submission(services)  # a web submission: its receipt does not need the paragraph
    mails.run_mail_worker(services, tmp_path)
    receipts = {p.read_bytes().decode("utf-8", "replace") for p in (tmp_path / "outbox").iterdir()}
    import email
    import email.policy

    bodies = {}
    for raw in receipts:
        msg = email.message_from_string(raw, policy=email.policy.default)
        if msg["To"] in ("sun8@example.com", "zhangsan@example.com"):
            bodies[msg["To"]] = msg.get_body(("plain",)).get_content()
    assert "请回复本邮件并注明您的编号" in bodies["sun8@example.com"]
    assert "请回复本邮件并注明您的编号" not in bodies["zhangsan@example.com"]


def test_the_purge_clears_the_sender_and_the_originals(services):
    item = enter_letter(services)
    with services.session() as s:
        result = purge_contacts(s, services.consultation.id, older_than_days=0,  # ages on the real clock
                                now=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1))
    assert result.submissions == 1
    with services.session() as s:
        purged = s.get(InboundItem, item.id)
        assert (purged.sender, purged.sender_name, purged.purged_at is not None) == (None, None, True)
        assert purged.draft["submitter"] == {"category": "individual", "organisation": ""}
        assert s.scalars(select(InboundFile.data)).all() == [None]
        assert s.scalars(select(InboundFile.filename)).all() == ["scan"]  # "来信.pdf" could have named the sender
        assert s.scalar(select(Submission.name)) is None


def test_the_archive_keeps_the_basis_the_details_are_held_on(services):
    enter_letter(services)
    make_submission(services)
    buffer = io.StringIO()
    with services.session() as s:
        archive.export_json(s, services.consultation, buffer, with_contacts=True, now=services.now())
    with services.engine.begin() as conn:
        for table in (InboundFile, InboundItem, OutboxMessage, Comment, Submission):
            conn.execute(delete(table))
    with services.session() as s:
        archive.import_json(s, io.StringIO(buffer.getvalue()))
        bases = dict(s.execute(select(Submission.channel, Submission.consent_basis)).all())
    assert bases == {"letter": "sent_to_office", "web": "form"}


def _original_kept(services, item_id):
    with services.session() as s:
        item = s.get(InboundItem, item_id)
        return (item.sender_name, item.draft["submitter"].get("email"),
                [f.data is not None for f in s.scalars(select(InboundFile).where(InboundFile.item_id == item_id))])


def test_withdrawing_a_letter_deletes_its_original_with_the_contact_details(services):
    """Withdrawal deletes the contact details at once; the scanned letter and the draft read from it carry
    them too, so they go in the same transaction (not 180 days later)."""
    from consultation import amendments
    from consultation.submissions import lookup, token_for

    item = enter_letter(services)
    other = enter_letter(services, email="zhou9@example.com")
    with services.session() as s:
        item_row = s.get(InboundItem, item.id)
        reference = s.get(Submission, item_row.submission_id).reference
    assert _original_kept(services, item.id)[1:] == ("sun8@example.com", [True])
    with services.session() as s:
        sub = lookup(s, reference, token_for(reference, services.settings.secret_key), services.settings.secret_key)
        amendments.withdraw(s, services.consultation, sub, services.now())
    with services.session() as s:
        purged = s.get(InboundItem, item.id)
        assert purged.purged_at is not None and purged.sender_name is None
        assert purged.draft["submitter"] == {"category": "individual", "organisation": ""}
        assert purged.draft["comments"][0]["proposal"] == "建议下调分值。"  # the comments stay
    assert _original_kept(services, item.id)[2] == [False]
    assert _original_kept(services, other.id)[1:] == ("zhou9@example.com", [True])  # not another sender's


def test_the_purge_takes_the_original_of_every_purged_submission_whatever_its_arrival(services):
    """A submission's contacts go by its own storing time; its original goes with them even if the message's
    arrival time says it is younger (a clock that differs, a letter dated late)."""
    item = enter_letter(services)
    now = dt.datetime.now(dt.timezone.utc)
    with services.session() as s:
        row = s.get(InboundItem, item.id)
        row.arrived_at = now  # younger than the cut-off
        sub = s.get(Submission, row.submission_id)
        sub.received_at = now - dt.timedelta(days=200)
        s.commit()
    with services.session() as s:
        assert purge_contacts(s, services.consultation.id, older_than_days=180, now=now).submissions == 1
    name, email, kept = _original_kept(services, item.id)
    assert (name, email, kept) == (None, None, [False])


def test_the_purge_clears_the_subject_and_the_text_outside_the_comments(services):
    from consultation.inbound import filing

    raw = mails.message(sender="钱七 <qianqi@example.com>", subject="钱七关于第三条的意见",
                        body="对第三条的意见:建议扩大创建主体。\n\n钱七 13900001111\n")
    stored = filing.store_message(services, raw, mailbox="test", uidvalidity=1, uid=1, arrived_at=RECEIVED)
    with services.session() as s:
        assert "13900001111" in s.get(InboundItem, stored.item_id).draft["preamble"]
        purge_contacts(s, services.consultation.id, older_than_days=0,
                       now=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1))
    with services.session() as s:
        purged = s.get(InboundItem, stored.item_id)
        assert purged.purged_at is not None and "13900001111" not in str(purged.draft)
        assert purged.subject is None  # the sender's own words, naming them
        assert [c["proposal"] for c in purged.draft["comments"]] == ["建议扩大创建主体。"]  # the comments stay


def test_two_posts_of_one_entry_form_racing_make_one_entry(services, monkeypatch):
    """Both posts look for an earlier entry before either stores one (a barrier holds them there); the
    database's unique identity lets one in, and the other is answered with it."""
    import threading

    barrier, looked = threading.Barrier(2), []
    original = manual._entered_with

    def both_look_first(*args):
        found = original(*args)
        if len(looked) < 2:
            looked.append(found)
            barrier.wait(timeout=60)
        return found

    monkeypatch.setattr(manual, "_entered_with", both_look_first)
    token = manual.new_form_token()
    results, failures = [], []

    def post():
        try:
            draft = {"submitter": {"category": "individual", "name": "孙八", "organisation": "", "phone": "13700137000",
                                   "email": "sun8@example.com"},
                     "comments": [{"target": "附件1第16项", "kind": "amend", "proposal": "建议下调分值。", "reason": "",
                                   "proposed_points": None}]}
            results.append(manual.enter(services, source="letter", received_at=RECEIVED, draft=draft, actor="clerk",
                                        now=services.now(), form_token=token))
        except Exception as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == [] and looked == [None, None]
    assert sorted(r.repeated for r in results) == [False, True]
    assert len({r.item.id for r in results}) == 1
    with services.session() as s:
        assert len(s.scalars(select(InboundItem)).all()) == 1
        assert len(s.scalars(select(Submission)).all()) == 1
