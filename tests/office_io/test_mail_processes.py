"""Crash safety: a real worker process (`consult worker`), killed with SIGKILL at a chosen point of the
delivery protocol, then run again; several processes at once; the continuous worker stopped by SIGTERM; an
SMTP outage under a simulated calendar (CONSULT_NOW), where retries still follow the real clock."""
from __future__ import annotations

import datetime as dt
import signal
import subprocess

from sqlalchemy import select

from consultation.mail.worker import resend

from .conftest import Sink, make_submission, start_server
from .mail_support import ROOT, WORKER, all_rows, expire_leases, run_worker_process, worker_env


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
    proc = subprocess.Popen(WORKER, cwd=ROOT, env=worker_env(services, tmp_path, MAIL_POLL="0.2"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
    env = worker_env(services, tmp_path, MAIL_FROM="consultation@example.gov.cn", MAIL_RECEIPTS_PER_DAY="10000",
                     SMTP_HOST="127.0.0.1", SMTP_PORT=str(controller.port))
    procs = [subprocess.Popen(WORKER + ["--once"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outputs
    assert len(sink.messages) == 20
    assert set(sink.by_message_id().values()) == {1}
    assert {r.status for r in all_rows(services)} == {"sent"}
