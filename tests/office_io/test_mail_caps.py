"""Mail caps against a real SMTP server (aiosmtpd on 127.0.0.1): a flood of submissions cannot aim the
service at one address nor bury the office mailbox (consultation.mail.caps)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from consultation.mail.worker import run_once
from consultation.models import OutboxMessage
from consultation.submissions import submit
from tests.conftest import sample_payload

from .conftest import make_submission, mail_settings

SUBJECT = "关于安徽省人工智能赋能新型工业化示范区建设导则的意见建议"
OFFICE = "chenwubiao@ahjxw.gov.cn"


def _send(services, i, email="zhangsan@example.com"):
    """A distinct submission (identical repeats are not stored at all, consultation.intake.repeats)."""
    return make_submission(services, submitter={"category": "individual", "name": f"提交人{i}", "organisation": "",
                                                "phone": "13800138000", "email": email},
                           comments=[{"target": "art-3", "kind": "amend", "proposal": f"第{i}条建议。",
                                      "reason": "理由。", "proposed_points": None}])


def _rows(services, purpose):
    with services.session() as s:
        return list(s.scalars(select(OutboxMessage).where(OutboxMessage.purpose == purpose)
                              .order_by(OutboxMessage.id)))


def _later(hours):
    """The worker's real clock moved on: leases, retries and the caps' hour all read it."""
    return lambda: dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=hours)


def test_receipts_to_one_address_are_capped_per_day(services, smtp_server, tmp_path):
    controller, sink = smtp_server
    receipts = [_send(services, i) for i in range(8)]
    _send(services, 99, email="other@example.com")
    settings = mail_settings(tmp_path, controller.port, receipts_per_day=3, office_copies_per_hour=100)
    run_once(services, settings)
    to_flooded = [m for m in sink.messages if m["rcpt_tos"] == ["zhangsan@example.com"]]
    assert len(to_flooded) == 3
    assert [m["message"]["X-Consultation-Reference"] for m in to_flooded] == [r.reference for r in receipts[:3]]
    assert [m for m in sink.messages if m["rcpt_tos"] == ["other@example.com"]]
    rows = [r for r in _rows(services, "receipt") if r.recipient == "zhangsan@example.com"]
    assert [r.status for r in rows] == ["sent"] * 3 + ["skipped"] * 5  # recorded, never silently lost
    assert all("MAIL_RECEIPTS_PER_DAY" in r.last_error for r in rows[3:])
    run_once(services, settings, clock=_later(2))  # judged once: a later pass sends none of them
    assert len([m for m in sink.messages if m["rcpt_tos"] == ["zhangsan@example.com"]]) == 3


def test_receipts_resume_after_a_day_on_the_real_clock(services, smtp_server, tmp_path):
    controller, sink = smtp_server
    settings = mail_settings(tmp_path, controller.port, receipts_per_day=2, office_copies_per_hour=100)
    for i in range(3):
        _send(services, i)
    run_once(services, settings)
    with services.session() as s:  # those were owed more than a day ago
        for row in s.scalars(select(OutboxMessage)):
            row.created_at -= dt.timedelta(days=1, minutes=1)
        s.commit()
    fresh = _send(services, 10)
    run_once(services, settings)
    to_flooded = [m["message"]["X-Consultation-Reference"] for m in sink.messages
                  if m["rcpt_tos"] == ["zhangsan@example.com"]]
    assert len(to_flooded) == 3 and to_flooded[-1] == fresh.reference


def test_office_copies_over_the_hourly_cap_go_in_one_digest(services, smtp_server, tmp_path):
    controller, sink = smtp_server
    receipts = [_send(services, i, email=f"u{i}@example.com") for i in range(9)]
    settings = mail_settings(tmp_path, controller.port, receipts_per_day=5, office_copies_per_hour=4)
    run_once(services, settings)
    office = [m["message"] for m in sink.messages if m["rcpt_tos"] == [OFFICE]]
    assert len(office) == 4  # the rest are held for the digest, which waits for the hour to pass
    assert {r.status for r in _rows(services, "office")} == {"sent", "held"}
    run_once(services, settings, clock=_later(1.1))
    run_once(services, settings, clock=_later(1.2))  # one digest per hour, not one per pass
    office = [m["message"] for m in sink.messages if m["rcpt_tos"] == [OFFICE]]
    assert len(office) == 5
    digest = office[-1]
    assert digest["Subject"] == SUBJECT
    body = digest.get_body(("plain",)).get_content()
    single = [m["X-Consultation-Reference"] for m in office[:4]]
    listed = [r.reference for r in receipts if r.reference in body]
    assert sorted(single + listed) == sorted(r.reference for r in receipts)  # every reference, exactly once
    assert not set(single) & set(listed)
    assert all(body.count(ref) == 1 for ref in listed) and len(listed) == 5
    rows = _rows(services, "office")
    assert [r.status for r in rows] == ["sent"] * 4 + ["digested"] * 5
    (digest_row,) = _rows(services, "digest")
    assert digest_row.status == "sent" and {r.digest_id for r in rows[4:]} == {digest_row.id}
    assert len([m for m in sink.messages if m["rcpt_tos"] != [OFFICE]]) == 9  # receipts are not held


def test_staff_intake_makes_no_office_copy(services):
    for channel in ("email", "letter", "imported", "phone"):
        payload = sample_payload()
        payload["comments"][0]["reason"] = f"经{channel}收到。"
        with services.session() as session:
            submit(session, services.consultation, payload, channel=channel, locale="zh_CN", now=services.now(),
                   secret_key=services.settings.secret_key, office_mailbox=services.office_mailbox)
    assert _rows(services, "office") == []
    make_submission(services)
    assert len(_rows(services, "office")) == 1


def test_receipts_of_changes_count_against_the_same_daily_cap(services, smtp_server, tmp_path):
    from consultation import amendments
    from consultation.models import Submission
    from consultation.submissions import lookup

    controller, sink = smtp_server
    first, second = _send(services, 1), _send(services, 2)
    for reason in ("第一次修改。", "第二次修改。"):
        with services.session() as s:
            sub = lookup(s, first.reference, first.token, services.settings.secret_key)
            form = [{"id": str(c.id), "target": c.target_ref, "kind": c.kind, "proposal": c.proposal,
                     "reason": reason, "proposed_points": ""} for c in sub.comments]
            assert amendments.amend(s, services.consultation, sub, form, services.now(),
                                    office_mailbox=services.office_mailbox)
    settings = mail_settings(tmp_path, controller.port, receipts_per_day=2, office_copies_per_hour=100)
    run_once(services, settings)
    to_sender = [m["message"] for m in sink.messages if m["rcpt_tos"] == ["zhangsan@example.com"]]
    assert len(to_sender) == 2  # two receipts; the receipt of the change is the third in the day
    (change,) = _rows(services, amendments.CHANGE_RECEIPT)
    assert change.status == "skipped" and "MAIL_RECEIPTS_PER_DAY" in change.last_error
    with services.session() as s:  # under the cap it goes out, with the text as it now stands
        s.execute(Submission.__table__.update().values(email="other@example.com"))
        s.execute(OutboxMessage.__table__.update().where(OutboxMessage.id == change.id)
                  .values(status="pending", last_error=None, recipient="other@example.com"))
        s.commit()
    run_once(services, settings)
    (sent,) = [m["message"] for m in sink.messages if m["rcpt_tos"] == ["other@example.com"]]
    assert sent["X-Consultation-Reference"] == first.reference and "第二次修改。" in sent.get_body(("plain",)).get_content()
    assert second.reference != first.reference


def test_the_receipt_cap_counts_one_mailbox_whatever_the_case_of_its_address(services, smtp_server, tmp_path):
    """Mail systems treat Zhang.San@ and zhang.san@ as one mailbox in practice; a flood that varies the case
    (before or after the @) is still one address for the daily cap, and each receipt goes to the address as
    typed."""
    controller, sink = smtp_server
    spellings = ["Zhang.San@Example.com", "zhang.san@example.com", "ZHANG.SAN@example.com", "zhang.SAN@EXAMPLE.COM",
                 "Zhang.san@example.COM"]
    for i, email in enumerate(spellings):
        _send(services, i, email=email)
    settings = mail_settings(tmp_path, controller.port, receipts_per_day=2, office_copies_per_hour=100)
    run_once(services, settings)
    delivered = [m for m in sink.messages if m["rcpt_tos"] != [OFFICE]]
    assert len(delivered) == 2
    assert [r.status for r in _rows(services, "receipt")] == ["sent"] * 2 + ["skipped"] * 3


@pytest.mark.parametrize("spellings, others", [
    # Attack round 8, F2: `name+tag@domain` is delivered to `name@domain` (LIKE's own characters, a dot moved,
    # another local part or domain only look alike)
    (["plus.c+0@example.com", "Plus.C+1@example.com", "plus.c@example.com", "plus.c+a+b@example.com",
      "plus.c+@example.com"],
     ["plus.cc+0@example.com", "plusc+0@example.com", "plus.c+0@example.org", "plus_c+0@example.com",
      "plus%c@example.com"]),
    # Attack round 11, F1: Gmail delivers every dotted spelling, under gmail.com or googlemail.com, to one inbox;
    # dots elsewhere still make another mailbox
    (["v.ictimgm@gmail.com", "vi.ctimgm@gmail.com", "victimgm@googlemail.com", "Victim.G.M+x@gmail.com",
      "victimg.m@gmail.com"],
     ["victim.gm@example.com", "victimgm@example.com", "victimg@gmail.com"]),
], ids=["plus-tags", "gmail-dots"])
def test_the_receipt_cap_counts_one_mailbox_whatever_its_spelling(services, smtp_server, tmp_path, spellings, others):
    """A flood that varies how one mailbox is written (its tag, its case, Gmail's dots) is one mailbox for the
    daily cap; each receipt still goes to the address as typed (its domain lower-cased by validation). An
    address that only looks alike is another mailbox."""
    controller, sink = smtp_server
    for i, email in enumerate(spellings + others):
        _send(services, i, email=email)
    settings = mail_settings(tmp_path, controller.port, receipts_per_day=2, office_copies_per_hour=100)
    run_once(services, settings)
    rows = _rows(services, "receipt")
    assert [r.status for r in rows] == ["sent"] * 2 + ["skipped"] * 3 + ["sent"] * len(others)
    delivered = [m["rcpt_tos"] for m in sink.messages if m["rcpt_tos"] != [OFFICE]]
    assert sorted(delivered) == sorted([[e] for e in spellings[:2] + others])


def _amend_on_the_web(client, receipt, reason):
    """The submitter changes the first comment's reason through the private link: form, check, confirm."""
    import re

    from tests.conftest import checked_from, csrf_token_from

    url = f"/receipt/{receipt.reference}/change?token={receipt.token}"
    form = client.get(url).get_data(as_text=True)
    fields = {"csrf_token": csrf_token_from(form),
              "comments-0-id": re.search(r'name="comments-0-id" value="(\d+)"', form).group(1),
              "comments-0-target": "art-3", "comments-0-kind": "amend", "comments-0-proposal": "改后的表述。",
              "comments-0-reason": reason, "comments-0-proposed_points": ""}
    check = client.post(url, data={**fields, "action": "continue"}).get_data(as_text=True)
    done = client.post(url, data={**fields, "checked": checked_from(check), "action": "confirm"})
    assert done.status_code == 302 and "done=amended" in done.headers["Location"]


def _withdraw_on_the_web(client, receipt):
    from tests.conftest import csrf_token_from

    base = f"/receipt/{receipt.reference}"
    token = csrf_token_from(client.get(f"{base}/change?token={receipt.token}").get_data(as_text=True))
    assert client.post(f"{base}/withdraw?token={receipt.token}", data={"csrf_token": token}).status_code in (302, 303)


def test_change_and_withdrawal_notices_count_toward_the_office_cap_and_are_coalesced(services, smtp_server, tmp_path,
                                                                                      client):
    """Attack round 10, F4: every mail the public causes to the office mailbox (the copy of a new submission,
    the notice of a change or a withdrawal through the private link) counts toward the one hourly cap, the
    rest going into the hourly digest; and one submission has at most one notice waiting, which names its
    latest state, however often it is changed (the tester's loop of amendments and worker passes)."""
    controller, sink = smtp_server
    settings = mail_settings(tmp_path, controller.port, office_copies_per_hour=3)
    first, second, third = (_send(services, i, email=f"u{i}@example.com") for i in range(3))
    run_once(services, settings)

    def to_office():
        return [m["message"] for m in sink.messages if m["rcpt_tos"] == [OFFICE]]

    assert len(to_office()) == 3  # the hour's cap is spent on the three copies
    for round_ in range(3):  # change, worker pass, change again … as amendagain.py did
        _amend_on_the_web(client, first, f"第{round_}次修改的理由。")
        run_once(services, settings)
    _amend_on_the_web(client, second, "先修改。")
    _withdraw_on_the_web(client, second)  # supersedes its change notice not yet sent
    _withdraw_on_the_web(client, third)
    run_once(services, settings)
    assert len(to_office()) == 3  # nothing more one by one within the hour
    amended = _rows(services, "amended")
    assert [(r.submission_id, r.status) for r in amended] == [(amended[0].submission_id, "held"),
                                                              (amended[1].submission_id, "skipped")]
    assert [r.status for r in _rows(services, "withdrawn")] == ["held", "held"]
    run_once(services, settings, clock=_later(1.1))
    run_once(services, settings, clock=_later(1.2))
    (digest,) = to_office()[3:]
    body = digest.get_body(("plain",)).get_content()
    assert digest["Subject"] == SUBJECT and not list(digest.iter_attachments())
    assert body.count(first.reference) == 1 and body.count(second.reference) == 1 and body.count(third.reference) == 1
    changed, withdrawn = body.index("修改"), body.index("撤回")
    assert changed < body.index(first.reference) < withdrawn < body.index(second.reference)
    assert {r.status for r in _rows(services, "amended") + _rows(services, "withdrawn")} == {"digested", "skipped"}
    # Two hours on, the cap has room again: the next change is a notice of its own, with the latest text.
    with services.session() as s:
        for row in s.scalars(select(OutboxMessage)):
            row.created_at -= dt.timedelta(hours=2)
        s.commit()
    _amend_on_the_web(client, first, "两小时后的修改。")
    run_once(services, settings)
    (notice,) = to_office()[4:]
    assert notice["X-Consultation-Reference"] == first.reference
    assert "两小时后的修改。" in notice.get_body(("plain",)).get_content()
