"""Mail against a real SMTP server (aiosmtpd on 127.0.0.1): content, retries, crash safety, .eml fallback."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import docx
from sqlalchemy import select, update

from consultation.mail.transports import EmlTransport
from consultation.mail.worker import Worker, resend, run_once
from consultation.models import OutboxMessage
from consultation.submissions import token_for
from tests.conftest import OPEN_NOW

from .conftest import Sink, make_submission, mail_settings, start_server

SUBJECT = "关于安徽省人工智能赋能新型工业化示范区建设导则的意见建议"
ROOT = Path(__file__).resolve().parents[2]


def outbox(services):
    with services.session() as s:
        return {m.purpose: m for m in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))}


def all_rows(services):
    with services.session() as s:
        return list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


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


class RealClock:
    """The worker's real clock, moved by hand: retries and leases measure elapsed time, not CONSULT_NOW."""

    def __init__(self):
        self.at = dt.datetime.now(dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


def test_server_down_messages_wait_with_backoff_then_arrive(services, tmp_path):
    sink = Sink()
    probe = start_server(sink)
    port = probe.port
    probe.stop()  # nothing listens on `port` now
    make_submission(services)
    settings = mail_settings(tmp_path, port, backoff=60)
    clock = RealClock()

    stats = run_once(services, settings, clock=clock)
    assert stats.sent == 0 and stats.retried == 2
    rows = all_rows(services)
    start = clock()
    assert [(r.status, r.attempts) for r in rows] == [("pending", 1), ("pending", 1)]
    assert all(r.next_attempt_at == start + dt.timedelta(seconds=60) for r in rows)
    assert all("cannot reach SMTP server" in r.last_error for r in rows)

    # Not due yet: nothing is attempted.
    assert run_once(services, settings, clock=clock).retried == 0
    assert [r.attempts for r in all_rows(services)] == [1, 1]

    # Second attempt one minute later fails again; the delay doubles. The consultation's clock (CONSULT_NOW)
    # stays frozen: it has no say in retries.
    clock.advance(60)
    assert run_once(services, settings, clock=clock).retried == 2
    rows = all_rows(services)
    assert [(r.status, r.attempts) for r in rows] == [("pending", 2), ("pending", 2)]
    assert all(r.next_attempt_at == start + dt.timedelta(seconds=60 + 120) for r in rows)

    # The server comes back on the same port; the next due pass delivers both, once.
    controller = start_server(sink, port=port)
    try:
        clock.advance(120)
        assert run_once(services, settings, clock=clock).sent == 2
        assert sorted(m["rcpt_tos"][0] for m in sink.messages) == ["chenwubiao@ahjxw.gov.cn", "zhangsan@example.com"]
        assert [(r.status, r.attempts) for r in all_rows(services)] == [("sent", 3), ("sent", 3)]
    finally:
        controller.stop()


def test_after_max_attempts_failed_then_office_resends(services, tmp_path, smtp_server):
    controller, sink = smtp_server
    probe = start_server(Sink())
    dead_port = probe.port
    probe.stop()
    make_submission(services)
    settings = mail_settings(tmp_path, dead_port, max_attempts=2, backoff=1)
    clock = RealClock()
    run_once(services, settings, clock=clock)
    clock.advance(5)
    stats = run_once(services, settings, clock=clock)
    assert stats.failed == 2
    rows = all_rows(services)
    assert [(r.status, r.attempts) for r in rows] == [("failed", 2), ("failed", 2)]
    with services.session() as s:
        assert resend(s, rows[0].id) and resend(s, rows[1].id)
        assert not resend(s, 999999)
    assert run_once(services, mail_settings(tmp_path, controller.port)).sent == 2
    assert len(sink.messages) == 2
    with services.session() as s:  # a sent message is not resent without force
        assert not resend(s, rows[0].id)


def test_recipient_refused_fails_at_once(services, tmp_path):
    class Refusing(Sink):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            if address.startswith("zhangsan"):
                return "550 5.1.1 no such user"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    sink = Refusing()
    controller = start_server(sink)
    try:
        make_submission(services)
        stats = run_once(services, mail_settings(tmp_path, controller.port))
    finally:
        controller.stop()
    rows = outbox(services)
    assert rows["receipt"].status == "failed" and "550" in rows["receipt"].last_error
    assert rows["office"].status == "sent" and stats.sent == 1
    assert [m["rcpt_tos"] for m in sink.messages] == [["chenwubiao@ahjxw.gov.cn"]]


def test_two_workers_never_claim_the_same_row(services, smtp_server, tmp_path):
    import asyncio

    controller, sink = smtp_server
    for _ in range(6):
        make_submission(services)
    settings = mail_settings(tmp_path, controller.port)

    async def both():
        return await asyncio.gather(Worker(services, settings, batch=3).run_once(),
                                    Worker(services, settings, batch=3).run_once())

    a, b = asyncio.run(both())
    assert a.sent + b.sent == 12
    assert len(sink.messages) == 12 and set(sink.by_message_id().values()) == {1}


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


# --- crash safety: a real worker process, killed with SIGKILL at a chosen point -------------------------

def run_worker_process(services, instance, *, crash=None, now=OPEN_NOW, port=None, extra_env=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "MAIL_", "CONSULT_"))}
    env.update(DATABASE_URL=services.settings.database_url, SECRET_KEY=services.settings.secret_key,
               CONSULT_INSTANCE=str(instance), CONSULT_NOW=now, MAIL_FROM="consultation@example.gov.cn",
               MAIL_RECEIPTS_PER_DAY="10000",
               PYTHONPATH=str(ROOT))
    if port:
        env.update(SMTP_HOST="127.0.0.1", SMTP_PORT=str(port), SMTP_TIMEOUT="5", SMTP_SECURITY="none")
    if crash:
        env["CONSULT_MAIL_TEST_CRASH"] = crash
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-c", "from commands import main; main()", "worker", "--once"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def expire_leases(services) -> None:
    """As if MAIL_LEASE (600 s) had passed on the real clock since the rows were claimed."""
    with services.session() as s:
        s.execute(update(OutboxMessage).where(OutboxMessage.status == "sending").values(
            next_attempt_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)))
        s.commit()


def test_worker_killed_after_acceptance_record_does_not_send_again(services, smtp_server, tmp_path):
    controller, sink = smtp_server
    make_submission(services)
    make_submission(services)
    first = run_worker_process(services, tmp_path, crash="after-accept", port=controller.port)
    assert first.returncode == -signal.SIGKILL, first.stderr
    assert len(sink.messages) == 1
    rows = all_rows(services)
    assert [r.status for r in rows].count("sent") == 1
    assert [r.status for r in rows].count("sending") == 3  # claimed in the batch, never started

    # Restarted within the lease: the claimed rows still belong to the dead worker.
    second = run_worker_process(services, tmp_path, port=controller.port)
    assert second.returncode == 0, second.stderr
    assert len(sink.messages) == 1
    # After the lease: the three never-started rows go, the sent one does not go again.
    expire_leases(services)
    third = run_worker_process(services, tmp_path, port=controller.port)
    assert third.returncode == 0, third.stderr
    assert len(sink.messages) == 4
    assert set(sink.by_message_id().values()) == {1}
    assert {r.status for r in all_rows(services)} == {"sent"}


def test_worker_killed_between_server_acceptance_and_record_is_held_not_resent(services, smtp_server, tmp_path):
    controller, sink = smtp_server
    make_submission(services)
    first = run_worker_process(services, tmp_path, crash="after-data", port=controller.port)
    assert first.returncode == -signal.SIGKILL
    assert len(sink.messages) == 1
    delivered_id = sink.messages[0]["message"]["Message-ID"]
    in_flight = next(r for r in all_rows(services) if r.message_id == delivered_id)
    assert in_flight.status == "sending"

    expire_leases(services)
    again = run_worker_process(services, tmp_path, port=controller.port)
    assert again.returncode == 1  # exit status tells the operator something needs a look
    rows = {r.id: r for r in all_rows(services)}
    held = rows[in_flight.id]
    assert held.status == "failed" and held.last_error.startswith("uncertain") and delivered_id in held.last_error
    assert sink.by_message_id()[delivered_id] == 1  # not sent twice
    assert len(sink.messages) == 2  # the other row, never started, went once

    # The office checks and decides to resend: it goes, with the same Message-ID.
    with services.session() as s:
        assert resend(s, held.id)
    assert run_worker_process(services, tmp_path, port=controller.port).returncode == 0
    assert sink.by_message_id()[delivered_id] == 2


def test_worker_killed_before_data_resends_after_the_lease(services, smtp_server, tmp_path):
    controller, sink = smtp_server
    make_submission(services)
    for crash in ("claimed",):
        first = run_worker_process(services, tmp_path, crash=crash, port=controller.port)
        assert first.returncode == -signal.SIGKILL
    assert sink.messages == []
    assert {(r.status, r.message_id) for r in all_rows(services)} == {("sending", None)}
    expire_leases(services)
    again = run_worker_process(services, tmp_path, port=controller.port)
    assert again.returncode == 0, again.stderr
    assert len(sink.messages) == 2 and set(sink.by_message_id().values()) == {1}


def test_uncertain_resend_policy_sends_again(services, smtp_server, tmp_path):
    controller, sink = smtp_server
    make_submission(services, submitter={"category": "individual", "name": "王五", "organisation": "",
                                         "phone": "13900139000", "email": ""})
    run_worker_process(services, tmp_path, crash="before-data", port=controller.port)
    assert sink.messages == []  # killed after the point of no return, before DATA
    expire_leases(services)
    again = run_worker_process(services, tmp_path, port=controller.port, extra_env={"MAIL_ON_UNCERTAIN": "resend"})
    assert again.returncode == 0, again.stderr
    assert len(sink.messages) == 1 and all_rows(services)[0].status == "sent"


def test_eml_worker_killed_after_writing_does_not_write_again(services, tmp_path):
    make_submission(services)
    first = run_worker_process(services, tmp_path, crash="after-data")
    assert first.returncode == -signal.SIGKILL
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1
    expire_leases(services)
    again = run_worker_process(services, tmp_path)
    assert again.returncode == 0, again.stderr
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2
    assert {r.status for r in all_rows(services)} == {"sent"}


def test_eml_transport_names_files_by_message_id(tmp_path):
    t = EmlTransport(tmp_path)
    assert t.path_for(1, "<a@x>") != t.path_for(1, "<b@x>")


def test_continuous_worker_delivers_and_stops_cleanly_on_sigterm(services, tmp_path):
    import time

    from bot.models import BotUser

    make_submission(services)
    with services.session() as s:  # a chat draft with personal details never consented to, idle for 8 days
        s.add(BotUser(platform="telegram", user_id="stale", state={"step": "idle"}, events=1,
                      draft={"who": {"category": "individual", "name": "李四", "phone": "13800138000"},
                             "consent": False},
                      updated_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=8)))
        s.commit()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "MAIL_", "CONSULT_"))}
    env.update(DATABASE_URL=services.settings.database_url, SECRET_KEY=services.settings.secret_key,
               CONSULT_INSTANCE=str(tmp_path), CONSULT_NOW=OPEN_NOW, MAIL_POLL="0.2", PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", "from commands import main; main()", "worker"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(300):  # wait for the first pass (bounded, not a timing assertion)
            if len(list((tmp_path / "outbox").glob("*.eml"))) == 2:
                break
            time.sleep(0.1)
        assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2
        make_submission(services)  # picked up by a later poll
        for _ in range(300):
            if len(list((tmp_path / "outbox").glob("*.eml"))) == 4:
                break
            time.sleep(0.1)
        assert len(list((tmp_path / "outbox").glob("*.eml"))) == 4
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "mail worker stopped" in err
    assert {r.status for r in all_rows(services)} == {"sent"}
    with services.session() as s:  # the worker's hourly chore ran on its first pass
        assert s.scalars(select(BotUser.draft).where(BotUser.user_id == "stale")).one()["who"] == {
            "category": "individual"}


def test_three_worker_processes_deliver_each_message_once(services, smtp_server, tmp_path):
    controller, sink = smtp_server
    for _ in range(10):
        make_submission(services)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "MAIL_", "CONSULT_"))}
    env.update(DATABASE_URL=services.settings.database_url, SECRET_KEY=services.settings.secret_key,
               CONSULT_INSTANCE=str(tmp_path), CONSULT_NOW=OPEN_NOW, MAIL_FROM="consultation@example.gov.cn",
               MAIL_RECEIPTS_PER_DAY="10000",
               SMTP_HOST="127.0.0.1", SMTP_PORT=str(controller.port), PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", "from commands import main; main()", "worker", "--once"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    assert len(sink.messages) == 20
    assert set(sink.by_message_id().values()) == {1}
    assert {r.status for r in all_rows(services)} == {"sent"}


def test_a_message_that_cannot_be_built_does_not_stop_the_others(services, smtp_server, tmp_path, monkeypatch):
    from consultation.mail import worker as worker_module

    controller, sink = smtp_server
    make_submission(services)
    real = worker_module.build_message

    def flaky(row, *args, **kwargs):
        if row.purpose == "receipt":
            raise RuntimeError("broken template")
        return real(row, *args, **kwargs)

    monkeypatch.setattr(worker_module, "build_message", flaky)
    stats = run_once(services, mail_settings(tmp_path, controller.port))
    assert stats.sent == 1 and stats.retried == 1
    rows = outbox(services)
    assert rows["receipt"].status == "pending" and "broken template" in rows["receipt"].last_error
    assert rows["office"].status == "sent"


def _self_signed(tmp_path):
    import datetime as _dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = _dt.datetime.now(_dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - _dt.timedelta(days=1))
            .not_valid_after(now + _dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_starttls_with_login(services, tmp_path):
    import ssl

    from aiosmtpd.smtp import AuthResult

    from .conftest import LoopbackController

    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login, auth_data.password) == (b"office", b"s3cret")
        logins.append((auth_data.login, session.ssl is not None, ok))
        return AuthResult(success=ok)

    sink = Sink()
    controller = LoopbackController(sink, hostname="127.0.0.1", port=0, tls_context=context, require_starttls=True,
                                    authenticator=authenticator, auth_require_tls=True)
    controller.start()
    try:
        make_submission(services)
        # A refused login (aiosmtpd answers it slowly: a short timeout) is retried later, nothing is lost.
        bad = mail_settings(tmp_path, controller.port, security="starttls", user="office", password="wrong",
                            validate_certs=False, timeout=1)
        clock = RealClock()
        stats = run_once(services, bad, clock=clock)
        assert stats.sent == 0 and stats.retried == 2
        assert {(r.status, r.attempts) for r in all_rows(services)} == {("pending", 1)}
        good = mail_settings(tmp_path, controller.port, security="starttls", user="office", password="s3cret",
                             validate_certs=False)
        clock.advance(300)
        assert run_once(services, good, clock=clock).sent == 2
    finally:
        controller.stop()
    assert len(sink.messages) == 2
    assert logins[-1] == (b"office", True, True)  # over TLS, after STARTTLS


# --- the real clock under a simulated one (CONSULT_NOW), addresses, Message-IDs ------------------------------

def test_smtp_outage_then_recovery_under_consult_now_delivers_every_message_once(services, tmp_path):
    """The README's demonstration setting (CONSULT_NOW frozen) with SMTP down, then back: all arrive, once."""
    import time

    for _ in range(10):
        make_submission(services)
    sink = Sink()
    probe = start_server(sink)
    port = probe.port
    probe.stop()
    down = run_worker_process(services, tmp_path, port=port, extra_env={"MAIL_BACKOFF": "1"})
    assert down.returncode == 1, down.stdout + down.stderr  # something was deferred: the operator is told
    assert "sent 0," in down.stdout
    assert {r.status for r in all_rows(services)} == {"pending"} and len(all_rows(services)) == 20

    controller = start_server(sink, port=port)
    try:
        for _ in range(100):  # bounded: the retry is due one real second after the failure
            up = run_worker_process(services, tmp_path, port=port, extra_env={"MAIL_BACKOFF": "1"})
            if {r.status for r in all_rows(services)} == {"sent"}:
                break
            time.sleep(0.2)
    finally:
        controller.stop()
    assert up.returncode == 0, up.stdout + up.stderr
    assert len(sink.messages) == 20 and set(sink.by_message_id().values()) == {1}
    assert {r.status for r in all_rows(services)} == {"sent"}


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
