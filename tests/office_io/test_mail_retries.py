"""Mail that cannot go at once, in the worker's own process: a server down (backoff on the real clock, then
delivery), the attempts used up (the office resends), a refused recipient or login, a message that cannot be
built, two workers claiming at once."""
from __future__ import annotations

import datetime as dt

from consultation.mail.settings import MailSettings
from consultation.mail.worker import Worker, resend, run_once

from .conftest import Sink, make_submission, mail_settings, start_server
from .mail_support import RealClock, all_rows, outbox


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


def test_the_uncertain_policy_is_a_mail_setting_and_only_resend_resends(tmp_path):
    read = {value: MailSettings.from_env(tmp_path, env={"MAIL_ON_UNCERTAIN": value}).resends_uncertain
            for value in ("resend", " RESEND ", "hold", "", "yes")}
    assert read == {"resend": True, " RESEND ": True, "hold": False, "": False, "yes": False}
    assert MailSettings.from_env(tmp_path, env={}).on_uncertain == "hold"
