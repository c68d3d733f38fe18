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


def enter_letter(services, email="sun8@example.com"):
    draft = {"submitter": {"category": "individual", "name": "孙八", "organisation": "", "phone": "13700137000",
                           "email": email},
             "comments": [{"target": "附件1第16项", "kind": "amend", "proposal": "建议下调分值。", "reason": "",
                           "proposed_points": None}]}
    return manual.enter(services, source="letter", received_at=RECEIVED, draft=draft, actor="clerk",
                        now=services.now(), scan=("来信.pdf", "application/pdf", mails.minimal_pdf()))


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
