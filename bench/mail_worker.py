"""Mail worker throughput: N submissions (2 messages each) delivered to aiosmtpd on 127.0.0.1.

    .venv/bin/python bench/mail_worker.py --submissions 500            # SQLite
    .venv/bin/python bench/mail_worker.py --submissions 500 --db postgres

One `Worker.run_once()` pass, as `consult worker --once` runs it: claim, build (the feedback form DOCX once
per submission), MAIL/RCPT, the point-of-no-return commit, DATA, the acceptance commit.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consultation.config import Settings
from consultation.db import scratch_database
from consultation.mail.worker import run_once
from consultation.services import Services
from tests.office_io.conftest import Sink, mail_settings, make_submission, start_server


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=500)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgresql://127.0.0.1/test")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    scratch = contextlib.ExitStack()
    url = scratch.enter_context(scratch_database(args.db, tmp, args.pg_url, prefix="bench_mail"))
    try:
        svc = Services(Settings.from_env(instance=tmp, database_url=url, secret_key="bench",
                                         consult_now="2025-11-20T10:00:00+08:00"))
        for _ in range(args.submissions):
            make_submission(svc)  # each with its own reason: an identical repeat would not be stored
        sink = Sink()
        controller = start_server(sink)
        try:
            start = time.perf_counter()
            stats = run_once(svc, mail_settings(tmp, controller.port))
            elapsed = time.perf_counter() - start
        finally:
            controller.stop()
        assert len(sink.messages) == stats.sent == 2 * args.submissions
        print(f"{args.db}: {stats.sent} messages in {elapsed:.1f} s: {stats.sent / elapsed:.0f} messages/s, "
              f"{elapsed / stats.sent * 1000:.1f} ms each")
        svc.engine.dispose()
    finally:
        scratch.close()


if __name__ == "__main__":
    main()
