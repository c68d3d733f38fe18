"""Mailbox intake throughput: N feedback-form emails read from a real Dovecot on 127.0.0.1 and filed.

    .venv/bin/python bench/inbound.py --messages 300            # SQLite
    .venv/bin/python bench/inbound.py --messages 300 --db postgres

One `consult mail-intake --once` pass (run_pass): per message a UID FETCH of the whole message, parsing it,
reading the DOCX form (three rows), resolving targets, the item's commit with the original and attachment,
then the submission (submit) and the item's second commit. Needs dovecot-imapd (tools/ensure-test-deps).
"""
from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from imapclient import IMAPClient

from consultation.config import Settings
from consultation.db import scratch_database
from consultation.inbound.worker import run_pass
from consultation.services import Services
from tests.inbound.imap_server import Dovecot, Mailbox
from tests.inbound.test_mailbox import IN_WINDOW, template_mail


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgresql://127.0.0.1/test")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-inbound-"))
    tmp.chmod(0o755)
    scratch = contextlib.ExitStack()
    url = scratch.enter_context(scratch_database(args.db, tmp, args.pg_url, prefix="bench_inbound"))
    server = Dovecot(tmp / "dovecot")
    (tmp / "dovecot").mkdir()
    (tmp / "dovecot").chmod(0o755)
    try:
        server.start()
        box = Mailbox(server)
        with IMAPClient("127.0.0.1", port=server.port, ssl=False) as client:
            client.login(box.user, box.password)
            for i in range(args.messages):
                client.append("INBOX", template_mail(form_email=f"b{i}@example.com"), msg_time=IN_WINDOW)
        svc = Services(Settings.from_env(instance=tmp, database_url=url, secret_key="bench",
                                         consult_now="2025-11-20T10:00:00+08:00"))
        start = time.perf_counter()
        cpu = time.process_time()
        result = run_pass(svc, box.settings())
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        filed = result.statuses.get("filed", 0)
        assert filed == args.messages and not result.error, result
        print(f"{args.db}: {filed} messages filed in {elapsed:.2f} s: {filed / elapsed:.1f} messages/s, "
              f"{1000 * elapsed / filed:.1f} ms each ({1000 * cpu / filed:.1f} ms CPU in this process)")
        svc.engine.dispose()
    finally:
        server.stop()
        scratch.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
