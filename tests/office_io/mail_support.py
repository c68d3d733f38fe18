"""What the mail tests share: the outbox rows, the worker's real clock moved by hand, and the worker run as
the operator runs it (`consult worker`, a process of its own, environment only)."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select, update

from consultation.models import OutboxMessage
from tests.conftest import OPEN_NOW

ROOT = Path(__file__).resolve().parents[2]
WORKER = [sys.executable, "-c", "from commands import main; main()", "worker"]


def outbox(services):
    """The outbox rows by purpose (the last of each)."""
    with services.session() as s:
        return {m.purpose: m for m in s.scalars(select(OutboxMessage).order_by(OutboxMessage.id))}


def all_rows(services):
    with services.session() as s:
        return list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


class RealClock:
    """The worker's real clock, moved by hand: retries and leases measure elapsed time, not CONSULT_NOW."""

    def __init__(self):
        self.at = dt.datetime.now(dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


def worker_env(services, instance, now=OPEN_NOW, **settings) -> dict:
    """The environment of a worker process on the test database: no SMTP_/MAIL_/CONSULT_ setting of the
    caller's shell leaks in; `settings` are added as they are."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMTP_", "MAIL_", "CONSULT_"))}
    env.update(DATABASE_URL=services.settings.database_url, SECRET_KEY=services.settings.secret_key,
               CONSULT_INSTANCE=str(instance), CONSULT_NOW=now, PYTHONPATH=str(ROOT), **settings)
    return env


def run_worker_process(services, instance, *, crash=None, now=OPEN_NOW, port=None, extra_env=None):
    """One `consult worker --once` pass (SMTP on `port`, .eml files without it), killed at `crash` (a point of
    tests/office_io/crashing_worker.py)."""
    env = worker_env(services, instance, now, MAIL_FROM="consultation@example.gov.cn", MAIL_RECEIPTS_PER_DAY="10000")
    if port:
        env.update(SMTP_HOST="127.0.0.1", SMTP_PORT=str(port), SMTP_TIMEOUT="5", SMTP_SECURITY="none")
    env.update(extra_env or {})
    command = [sys.executable, "-m", "tests.office_io.crashing_worker", crash, "worker"] if crash else WORKER
    return subprocess.run(command + ["--once"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def expire_leases(services) -> None:
    """As if MAIL_LEASE (600 s) had passed on the real clock since the rows were claimed."""
    with services.session() as s:
        s.execute(update(OutboxMessage).where(OutboxMessage.status == "sending").values(
            next_attempt_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)))
        s.commit()
