"""Mail against a real SMTP server (aiosmtpd on 127.0.0.1) and the .eml fallback: what arrives, to whom,
in which language, with which attachment and Message-ID. Failures and retries: test_mail_retries.py; a worker
process killed mid-delivery: test_mail_processes.py."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import io

import docx

from consultation.mail.transports import EmlTransport
from consultation.mail.worker import run_once
from consultation.models import OutboxMessage
from consultation.submissions import token_for
from tests.conftest import OPEN_NOW

from .conftest import make_submission, mail_settings
from .mail_support import outbox

SUBJECT = "关于安徽省人工智能赋能新型工业化示范区建设导则的意见建议"


def docx_attachment(message):
    parts = [p for p in message.iter_attachments()]
    assert len(parts) == 1
    part = parts[0]
    assert part.get_content_type() == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert part.get_filename().endswith(".docx") and "征求意见反馈信息表" in part.get_filename()
    document = docx.Document(io.BytesIO(part.get_content()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    return text, cells


def test_receipt_and_office_message_arrive(services, smtp_server, tmp_path):
    controller, sink = smtp_server
    receipt = make_submission(services)
    stats = run_once(services, mail_settings(tmp_path, controller.port))
    assert stats.sent == 2 and stats.failed == 0
    by_rcpt = {m["rcpt_tos"][0]: m for m in sink.messages}
    assert set(by_rcpt) == {"zhangsan@example.com", "chenwubiao@ahjxw.gov.cn"}

    office = by_rcpt["chenwubiao@ahjxw.gov.cn"]["message"]
    assert office["Subject"] == SUBJECT
    assert office["To"] == "chenwubiao@ahjxw.gov.cn"
    assert office["Reply-To"] == "zhangsan@example.com"
    assert by_rcpt["chenwubiao@ahjxw.gov.cn"]["mail_from"] == "consultation@example.gov.cn"
    text, cells = docx_attachment(office)
    assert "征求意见反馈信息表" in text and receipt.reference in text
    assert "张三" in cells and "13800138000" in cells and "zhangsan@example.com" in cells
    assert "建议增加“省级以上园区”。" in cells and "示范区创建主体为县(市、区)" in cells and "第三条" in cells

    mine = by_rcpt["zhangsan@example.com"]["message"]
    assert receipt.reference in mine["Subject"] and "意见" in mine["Subject"]
    body = mine.get_body(("plain",)).get_content()
    url = services.receipt_url(receipt.reference, token_for(receipt.reference, services.settings.secret_key))
    assert url in body and receipt.reference in body
    assert "建议增加“省级以上园区”。" in body and "覆盖更多主体。" in body
    docx_attachment(mine)

    rows = outbox(services)
    assert {r.status for r in rows.values()} == {"sent"}
    assert rows["office"].message_id == office["Message-ID"]
    assert rows["receipt"].message_id == mine["Message-ID"]
    # A second pass has nothing to send.
    assert run_once(services, mail_settings(tmp_path, controller.port)).sent == 0
    assert len(sink.messages) == 2


def test_receipt_in_english_for_an_english_submitter(services, smtp_server, tmp_path):
    controller, sink = smtp_server
    receipt = make_submission(services, locale="en")
    run_once(services, mail_settings(tmp_path, controller.port))
    mine = next(m["message"] for m in sink.messages if m["rcpt_tos"] == ["zhangsan@example.com"])
    office = next(m["message"] for m in sink.messages if m["rcpt_tos"] == ["chenwubiao@ahjxw.gov.cn"])
    assert mine["Subject"].startswith("Your feedback on") and receipt.reference in mine["Subject"]
    assert "Article 3" in mine.get_body(("plain",)).get_content()
    assert office["Subject"] == SUBJECT  # the office copy stays as the notice prescribes


def test_no_email_means_no_receipt_and_office_mailbox_is_overridable(services, smtp_server, tmp_path):
    controller, sink = smtp_server
    services.settings.office_mailbox = "office-test@example.org"
    try:
        submitter = {"category": "individual", "name": "王五", "organisation": "", "phone": "13900139000",
                     "email": ""}
        make_submission(services, submitter=submitter)
    finally:
        services.settings.office_mailbox = None
    run_once(services, mail_settings(tmp_path, controller.port))
    assert [m["rcpt_tos"] for m in sink.messages] == [["office-test@example.org"]]
    assert "Reply-To" not in sink.messages[0]["message"]


def test_eml_fallback_without_smtp(services, tmp_path):
    receipt = make_submission(services)
    stats = run_once(services, mail_settings(tmp_path))
    assert stats.sent == 2
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 2
    parsed = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
    office = next(m for m in parsed if m["To"] == "chenwubiao@ahjxw.gov.cn")
    assert office["Subject"] == SUBJECT
    text, _ = docx_attachment(office)
    assert receipt.reference in text
    assert run_once(services, mail_settings(tmp_path)).sent == 0
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2


def test_eml_transport_names_files_by_message_id(tmp_path):
    t = EmlTransport(tmp_path)
    assert t.path_for(1, "<a@x>") != t.path_for(1, "<b@x>")


def test_eml_addresses_are_written_as_smtputf8_allows(services, tmp_path):
    make_submission(services)
    settings = mail_settings(tmp_path, mail_from="征求意见@例子.中国")
    assert run_once(services, settings).sent == 2
    raw = [f.read_bytes() for f in sorted((tmp_path / "outbox").glob("*.eml"))]
    assert all(b"=?utf-8?" not in line.lower() for data in raw for line in data.splitlines()
               if line.lower().startswith((b"from:", b"to:", b"reply-to:")))
    assert all("征求意见@例子.中国".encode() in data for data in raw)
    parsed = email.message_from_string(raw[0].decode(), policy=email.policy.default)
    assert parsed["From"].addresses[0].addr_spec == "征求意见@例子.中国"
    # The Message-ID's domain is ASCII (IDNA), which every mail tool can read.
    message_ids = [email.message_from_bytes(data, policy=email.policy.default)["Message-ID"] for data in raw]
    assert all(mid.isascii() and mid.endswith("@xn--fsqu00a.xn--fiqs8s>") for mid in message_ids), message_ids


def test_message_ids_differ_between_instances_under_the_same_frozen_clock(services):
    from consultation.mail.messages import message_id_for
    from consultation.models import Submission

    created = dt.datetime.fromisoformat(OPEN_NOW)
    ids = set()
    for reference in ("AH-0000-AAAA", "AH-0000-BBBB"):  # the same row in two databases, apart from the draw
        row = OutboxMessage(id=1, purpose="office", submission_id=1, created_at=created)
        row.submission = Submission(reference=reference)
        ids.add(message_id_for(row, "example.gov.cn"))
        assert message_id_for(row, "example.gov.cn") in ids  # stable for one row
    assert len(ids) == 2
