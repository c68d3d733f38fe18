"""The office's mailbox, read over IMAP from a real Dovecot: each kind of message ends as it should,
filed exactly once, and is counted with the rest of the consultation."""
from __future__ import annotations

import datetime as dt
import io

from sqlalchemy import func, select

from consultation.clock import BEIJING
from consultation.exports.summary import collect, rows as summary_rows
from consultation.exports.tabular import write_csv
from consultation.exports.text import channel_label
from consultation.inbound import filing, review
from consultation.inbound.models import InboundFile, InboundItem
from consultation.inbound.worker import run_pass
from consultation.models import Comment, OutboxMessage, Submission
from consultation.office import dashboard
from tests.conftest import set_now
from tests.inbound import mails
from tests.inbound.imap_server import CuttingProxy

IN_WINDOW = dt.datetime(2025, 11, 20, 9, 30, tzinfo=BEIJING)
AFTER_DEADLINE = dt.datetime(2025, 12, 18, 0, 5, tzinfo=BEIJING)  # the window closed at 17 Dec 24:00
ART3 = "示范区创建主体为县(市、区),以及省级(含以上)开发区(包括高新技术开发区和经济技术开发区)。"


def items(services) -> list[InboundItem]:
    with services.session() as s:
        found = list(s.scalars(select(InboundItem).order_by(InboundItem.uid, InboundItem.id)))
        s.expunge_all()
        return found


def submissions(services) -> list[Submission]:
    from sqlalchemy.orm import selectinload

    with services.session() as s:
        found = list(s.scalars(select(Submission).options(selectinload(Submission.comments)).order_by(Submission.id)))
        s.expunge_all()
        return found


def template_mail(form_email="lisi@example.com", **kwargs) -> bytes:
    form = mails.template_form(email=form_email, rows=[
        ("第三条", ART3, "建议修改为:示范区创建主体为县(市、区)以及省级以上开发区和园区。", "覆盖更多园区。"),
        ("第六条(一)2", "", "建议增加“或区域级工业互联网平台”。", "平台形态更多。"),
        ("附件1第16项", "", "建议将该指标分值调整为8分。", "算力是基础。"),
    ])
    return mails.message(attachments=[("征求意见反馈信息表.docx", mails.DOCX, form)], **kwargs)


def test_the_template_form_is_filed_once_as_an_email_submission(services, mailbox):
    mailbox.deliver(template_mail(), IN_WINDOW)

    assert run_pass(services, mailbox.settings()).statuses == {"filed": 1}
    assert run_pass(services, mailbox.settings()).statuses == {}  # read again: nothing new

    [sub] = submissions(services)
    assert (sub.channel, sub.consent_basis, sub.category) == ("email", "sent_to_office", "enterprise")
    assert (sub.name, sub.organisation, sub.email) == ("李四", "合肥某智能制造有限公司", "lisi@example.com")
    assert [c.target_ref for c in sub.comments] == ["art-3", "art-6.1.2", "annex-1/16"]
    assert [c.kind for c in sub.comments] == ["amend", "add", "amend"]
    assert sub.created_at == IN_WINDOW  # the mailbox's arrival time, not when the intake ran
    with services.session() as s:
        mail = s.execute(select(OutboxMessage.purpose, OutboxMessage.recipient)).all()
        files = s.execute(select(InboundFile.role, InboundFile.filename).order_by(InboundFile.id)).all()
    assert mail == [("receipt", "lisi@example.com")]  # a receipt with the reference; no copy back to the mailbox
    assert [f.role for f in files] == ["original", "attachment"]
    [item] = items(services)
    assert (item.status, item.submission_id) == ("filed", sub.id)


def test_the_services_own_template_filled_in(services, mailbox):
    form = mails.service_template_form([("第六条第（一）项", "", "建议修改为“具备……能力”。", ""),
                                        ("总体意见", "", "建议加强统筹。", "体现全局。"),
                                        ("编制说明", "", "建议补充国家政策依据。", "")])
    mailbox.deliver(mails.message(sender="陈九 <c9@example.com>",
                                  attachments=[("意见反馈表.docx", mails.DOCX, form)]), IN_WINDOW)

    assert run_pass(services, mailbox.settings()).statuses == {"filed": 1}
    [sub] = submissions(services)
    assert [(c.target_ref, c.kind) for c in sub.comments] == [("art-6.1", "amend"), ("general", "other"),
                                                              ("explanation", "add")]
    assert (sub.category, sub.name, sub.organisation, sub.email) == ("association", "陈九", "安徽省人工智能产业协会",
                                                                     "c9@example.com")


def test_a_variant_layout_with_an_indicator_and_a_quoted_passage(services, mailbox):
    form = mails.variant_form([
        ("附件1 指标16", "建议明确算力统计口径。", "便于核算。"),
        ("“具备支撑企业智能化改造的公共服务能力”", "建议删除该表述。", "难以量化。"),
    ])
    mailbox.deliver(mails.message(sender="wang@suzhou.gov.cn",
                                  attachments=[("反馈表.docx", mails.DOCX, form)]), IN_WINDOW)

    assert run_pass(services, mailbox.settings()).statuses == {"filed": 1}
    [sub] = submissions(services)
    assert [(c.target_ref, c.kind) for c in sub.comments] == [("annex-1/16", "other"), ("art-6.1.2", "delete")]
    assert (sub.organisation, sub.category, sub.name) == ("宿州市经济和信息化局", "government", "王五")
    assert (sub.phone, sub.email) == ("+8613900139000", "wang@suzhou.gov.cn")  # the address from the sender


def test_a_plain_text_email(services, mailbox):
    body = ("您好:\n对第三条的意见:建议将省级开发区扩大到市级开发区。\n理由:市级园区也有基础。\n"
            "关于附件1第16项:建议增加边缘算力。\n\n张三\n13800138000\n")
    mailbox.deliver(mails.message(sender="张三 <zs@example.com>", body=body), IN_WINDOW)

    assert run_pass(services, mailbox.settings()).statuses == {"filed": 1}
    [sub] = submissions(services)
    assert [(c.target_ref, c.proposal, c.reason) for c in sub.comments] == [
        ("art-3", "建议将省级开发区扩大到市级开发区。", "市级园区也有基础。"),
        ("annex-1/16", "建议增加边缘算力。", "")]
    assert (sub.name, sub.category) == ("张三", "individual")


def test_an_uncertain_target_waits_for_a_clerk_and_then_counts(services, mailbox):
    form = mails.template_form([("第三条", "", "建议修改。", "理由一。"),
                                ("相关表述", "", "建议加强统筹。", "")])
    mailbox.deliver(mails.message(attachments=[("表.docx", mails.DOCX, form)]), IN_WINDOW)

    assert run_pass(services, mailbox.settings()).statuses == {"review": 1}
    assert submissions(services) == []  # nothing counts before the clerk confirms
    [item] = items(services)
    assert item.reasons == ["uncertain_target"]
    draft = item.draft
    assert [c["target"] for c in draft["comments"]] == ["art-3", None]
    draft["comments"][1]["target"] = "全文"  # the clerk types what the sender meant
    assert review.confirm(services, item.id, draft, actor="clerk", count_late=False,
                          now=services.now()) == "filed"
    [sub] = submissions(services)
    assert [c.target_ref for c in sub.comments] == ["art-3", "general"]


def test_a_pdf_is_kept_for_manual_entry(services, mailbox):
    mailbox.deliver(mails.message(body="意见见附件PDF。", attachments=[
        ("意见.pdf", ("application", "pdf"), mails.minimal_pdf())]), IN_WINDOW)

    assert run_pass(services, mailbox.settings()).statuses == {"manual": 1}
    [item] = items(services)
    assert "unreadable_attachment" in item.reasons
    with services.session() as s:
        files = s.execute(select(InboundFile.role, InboundFile.filename, InboundFile.unreadable, InboundFile.data)
                          .order_by(InboundFile.id)).all()
    assert [(f.role, f.filename, f.unreadable) for f in files] == [
        ("original", f"message-{item.uid}.eml", ""), ("attachment", "意见.pdf", "format")]
    assert files[1].data == mails.minimal_pdf()
    assert submissions(services) == []


def _office_copy(services, tmp_path) -> bytes:
    """The copy the service's mail worker sends to the office's mailbox for a web submission."""
    from tests.office_io.conftest import make_submission

    make_submission(services)
    mails.run_mail_worker(services, tmp_path)
    [office] = [p for p in (tmp_path / "outbox").iterdir() if b"X-Consultation-Reference" in p.read_bytes()
                and b"Reply-To" in p.read_bytes()]
    return office.read_bytes()


def test_the_services_own_copies_are_skipped(services, mailbox, tmp_path):
    import email

    raw = _office_copy(services, tmp_path)
    mailbox.deliver(raw, IN_WINDOW)
    forwarded = email.message_from_bytes(raw)  # someone forwards it: a new Message-ID, the same form
    forwarded.replace_header("Message-ID", "<fwd-1@example.gov.cn>")
    del forwarded["X-Consultation-Reference"]
    mailbox.deliver(forwarded.as_bytes(), IN_WINDOW)

    assert run_pass(services, mailbox.settings()).statuses == {"skipped": 2}
    assert len(submissions(services)) == 1  # only the web submission itself
    assert {tuple(i.reasons) for i in items(services)} == {("own_copy",)}


def _forward(attached: bytes | None = None, body: str = "转发一下网站转来的意见。", subject=None) -> bytes:
    """A colleague forwards a message: as an attachment (message/rfc822), or in the text."""
    import email
    import email.policy
    from email.message import EmailMessage
    from email.utils import make_msgid

    msg = EmailMessage()
    msg["From"] = "同事 <colleague@example.gov.cn>"
    msg["To"] = "office@example.gov.cn"
    msg["Subject"] = subject or "Fwd: " + mails.SUBJECT
    msg["Message-ID"] = make_msgid(domain="example.gov.cn")
    msg.set_content(body)
    if attached is not None:
        msg.add_attachment(email.message_from_bytes(attached, policy=email.policy.default))
    return msg.as_bytes()


def _inline_forward(raw: bytes) -> str:
    """What a mail client writes for "forward inline": the original's headers, then its text, quoted."""
    import email
    import email.policy

    original = email.message_from_bytes(raw, policy=email.policy.default)
    quoted = "\n".join("> " + line for line in original.get_body(("plain",)).get_content().splitlines())
    return ("请查收。\n\n-------- 转发的消息 --------\n"
            f"主题：{original['Subject']}\n日期：{original['Date']}\n发件人：{original['From']}\n"
            f"收件人：{original['To']}\n\n{quoted}\n")


def test_a_forwarded_copy_of_the_services_own_mail_is_skipped_with_its_reference(services, mailbox, tmp_path):
    import email
    import email.policy

    raw = _office_copy(services, tmp_path)
    [web] = submissions(services)
    mailbox.deliver(_forward(raw), IN_WINDOW)  # as an attachment
    mailbox.deliver(_forward(body=_inline_forward(raw)), IN_WINDOW)  # inline, the original's headers quoted

    assert run_pass(services, mailbox.settings()).statuses == {"skipped": 2}
    assert len(submissions(services)) == 1  # only the web submission itself
    attached, inline = items(services)
    assert attached.reasons == inline.reasons == ["own_copy_forwarded"]
    assert attached.note == inline.note == web.reference
    with services.session() as s:
        [original] = s.scalars(select(InboundFile.data).where(InboundFile.item_id == attached.id)).all()
    inner = [p for p in email.message_from_bytes(original, policy=email.policy.default).iter_attachments()]
    assert [p.get_content_type() for p in inner] == ["message/rfc822"]


def test_an_attached_message_is_kept_with_its_bytes_under_its_subject(services, mailbox):
    import email
    import email.policy

    citizen = mails.message(sender="郑八 <zheng@example.com>", subject="对导则第五条的意见",
                            body="对第五条的意见:建议明确“四至范围”的认定方式。")
    mailbox.deliver(_forward(citizen, body="转给你们处理。"), IN_WINDOW)

    assert run_pass(services, mailbox.settings()).statuses == {"manual": 1}  # a clerk enters it for the sender
    [item] = items(services)
    with services.session() as s:
        files = s.execute(select(InboundFile.role, InboundFile.filename, InboundFile.content_type, InboundFile.size,
                                 InboundFile.data).order_by(InboundFile.id)).all()
    assert [(f.role, f.filename, f.content_type) for f in files] == [
        ("original", f"message-{item.uid}.eml", "message/rfc822"),
        ("attachment", "对导则第五条的意见.eml", "message/rfc822")]
    kept = email.message_from_bytes(files[1].data, policy=email.policy.default)
    assert files[1].size == len(files[1].data) > 0
    assert kept["Message-ID"] == email.message_from_bytes(citizen)["Message-ID"]
    assert "四至范围" in kept.get_body(("plain",)).get_content()


def test_a_receipt_forwarded_back_by_its_sender_is_not_taken_for_the_offices_copy(services, mailbox, tmp_path):
    _office_copy(services, tmp_path)
    [receipt] = [p.read_bytes() for p in (tmp_path / "outbox").iterdir()
                 if b"X-Consultation-Reference" in p.read_bytes() and b"Reply-To" not in p.read_bytes()]
    mailbox.deliver(_forward(receipt, body="补充意见：对第五条的意见:建议明确认定方式。"), IN_WINDOW)

    assert run_pass(services, mailbox.settings()).statuses != {"skipped": 1}
    [item] = items(services)
    assert item.reasons != ["own_copy_forwarded"]


def test_the_same_message_delivered_twice_is_filed_once(services, mailbox):
    raw = template_mail()
    mailbox.deliver(raw, IN_WINDOW)
    mailbox.deliver(raw, IN_WINDOW + dt.timedelta(minutes=3))

    assert run_pass(services, mailbox.settings()).statuses == {"filed": 1, "duplicate": 1}
    first, second = items(services)
    assert second.duplicate_of_id == first.id
    assert len(submissions(services)) == 1


def test_a_message_after_the_deadline_is_flagged_and_counts_only_if_the_office_says_so(services, mailbox):
    mailbox.deliver(template_mail(), AFTER_DEADLINE)
    mailbox.deliver(template_mail(sender="王六 <w6@example.com>"), IN_WINDOW)
    set_now(services, "2025-12-20T10:00:00+08:00")  # the intake runs after the window: arrival decides

    assert run_pass(services, mailbox.settings()).statuses == {"review": 1, "filed": 1}
    late, on_time = items(services)
    assert (late.late, late.reasons, on_time.late) == (True, ["late"], False)
    assert len(submissions(services)) == 1

    try:
        review.confirm(services, late.id, late.draft, actor="clerk", count_late=False, now=services.now())
    except review.ValidationFailed as exc:
        assert [e.field for e in exc.errors] == ["count_late"]
    else:
        raise AssertionError("a late message was counted without the office deciding so")
    assert review.confirm(services, late.id, late.draft, actor="clerk", count_late=True,
                          now=services.now()) == "filed"
    counted = submissions(services)
    assert sorted(s.created_at for s in counted) == [IN_WINDOW, AFTER_DEADLINE]


def test_a_connection_dropped_mid_fetch_loses_and_duplicates_nothing(services, mailbox, dovecot):
    raws = [template_mail(form_email=f"s{i}@example.com") for i in range(3)]
    for raw in raws:
        mailbox.deliver(raw, IN_WINDOW)
    proxy = CuttingProxy(dovecot.port, cut_after=len(raws[0]) + 2000)  # inside the second message
    try:
        first = run_pass(services, mailbox.settings(port=proxy.port))
        assert proxy.cuts == 1 and first.error
        assert first.statuses == {"filed": 1}
        assert [i.uid for i in items(services)] == [1]
        second = run_pass(services, mailbox.settings(port=proxy.port))
    finally:
        proxy.close()
    assert second.error is None and second.statuses == {"filed": 2}
    assert sorted(s.email for s in submissions(services)) == ["s0@example.com", "s1@example.com", "s2@example.com"]


def test_a_crash_between_storing_and_filing_is_finished_once(services, mailbox, monkeypatch):
    mailbox.deliver(template_mail(), IN_WINDOW)

    def crash(*_args, **_kwargs):
        raise KeyboardInterrupt("killed after the item was stored")

    original = filing.finish
    monkeypatch.setattr(filing, "finish", crash)
    try:
        run_pass(services, mailbox.settings())
    except KeyboardInterrupt:
        pass
    monkeypatch.setattr(filing, "finish", original)
    assert [i.status for i in items(services)] == ["filing"] and submissions(services) == []

    result = run_pass(services, mailbox.settings())
    assert (result.finished, result.statuses) == (1, {})
    assert [i.status for i in items(services)] == ["filed"]
    assert len(submissions(services)) == 1


def test_filed_mail_is_counted_and_exported_like_any_feedback(services, mailbox):
    mailbox.deliver(template_mail(), IN_WINDOW)
    run_pass(services, mailbox.settings())
    with services.session() as s:
        counts = dashboard.node_counts(s, services.consultation.id)
        out = io.StringIO()
        written = write_csv(s, services.consultation, out)
        total = s.scalar(select(func.count()).select_from(Comment))
    assert counts["art-3"][0] == 1 and counts["annex-1/16"][0] == 1
    assert written == total == 3
    assert out.getvalue().count(channel_label("zh_CN", "email")) == 3
    with services.session() as s:
        summary = list(summary_rows(collect(s, services.consultation), services.consultation, "zh_CN"))
    assert {units for _n, _clause, _text, units, _outcome, _reason in summary} == {"合肥某智能制造有限公司"}


def test_a_damaged_document_or_message_is_kept_for_a_clerk_and_does_not_stop_the_mailbox(services, mailbox,
                                                                                       monkeypatch):
    damaged = mails.template_form([("第三条", "", "建议修改。", "")])[:-200]  # a truncated download
    mailbox.deliver(mails.message(attachments=[("表.docx", mails.DOCX, damaged)]), IN_WINDOW)
    mailbox.deliver(mails.message(body="对第三条的意见:建议修改。", sender="甲 <a@example.com>"), IN_WINDOW)
    assert run_pass(services, mailbox.settings()).statuses == {"manual": 1, "filed": 1}

    def unparseable(_raw):
        raise ValueError("a message the parser cannot take apart")

    monkeypatch.setattr(filing, "parse", unparseable)
    mailbox.deliver(mails.message(body="对第三条的意见:另一条。", sender="乙 <b@example.com>"), IN_WINDOW)
    assert run_pass(services, mailbox.settings()).statuses == {"manual": 1}
    first, _filed, broken = items(services)
    assert "unreadable_attachment" in first.reasons and broken.reasons == ["unreadable_message"]
    with services.session() as s:
        originals = s.scalars(select(InboundFile.data).where(InboundFile.item_id == broken.id)).all()
    assert len(originals) == 1 and b"b@example.com" in originals[0]


def test_a_folder_renumbered_under_a_new_uidvalidity_files_nothing_twice(services, mailbox):
    from imapclient import IMAPClient

    raws = [template_mail(form_email=f"u{i}@example.com") for i in range(2)]
    with IMAPClient("127.0.0.1", port=mailbox.server.port, ssl=False) as client:
        client.login(mailbox.user, mailbox.password)
        client.create_folder("Feedback")
        for raw in raws:
            client.append("Feedback", raw, msg_time=IN_WINDOW)
    settings = mailbox.settings()
    settings = type(settings)(**{**settings.__dict__, "folder": "Feedback"})
    assert run_pass(services, settings).statuses == {"filed": 2}
    with IMAPClient("127.0.0.1", port=mailbox.server.port, ssl=False) as client:
        client.login(mailbox.user, mailbox.password)
        client.delete_folder("Feedback")  # the office's mail admin rebuilds the folder: UIDs start again
        client.create_folder("Feedback")
        for raw in raws:
            client.append("Feedback", raw, msg_time=IN_WINDOW)

    assert run_pass(services, settings).statuses == {"duplicate": 2}
    assert len({i.uidvalidity for i in items(services)}) == 2
    assert len(submissions(services)) == 2
