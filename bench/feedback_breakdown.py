"""Where one feedback submission spends its CPU, in-process (no HTTP, no load generator).

    .venv/bin/python bench/feedback_breakdown.py [--db sqlite|postgres] [--n 1000] [--rounds 5]

The companion of bench/feedback_api.py: that one says how fast, this one says
where the time goes. Each line is the CPU and wall time per call, averaged over
--n calls after one warm-up call: the median of --rounds interleaved rounds.
"raw sqlite3" writes the same five rows with the standard library alone, the
floor under SQLAlchemy's share. On SQLite it also times 3,000 commits of those
rows one by one (their tail shows whether a WAL checkpoint ran inside a
commit) and counts the WAL pages one submission writes.
"""
from __future__ import annotations

import argparse
import gc
import io
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def per_call_us(fn, n: int) -> tuple[float, float]:
    """(CPU, wall) microseconds per call; wall minus CPU is mostly waiting for the database server."""
    fn()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(n):
        fn()
    return (time.process_time() - cpu) / n * 1e6, (time.perf_counter() - wall) / n * 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-breakdown-"))
    from consultation.db import scratch_database

    with scratch_database(args.db, tmp, prefix="bench_breakdown") as url:
        os.environ.update(DATABASE_URL=url, CONSULT_INSTANCE=str(tmp), CONSULT_NOW="2025-11-20T10:00:00+08:00",
                          SECRET_KEY="bench", RATELIMIT_ENABLED="false")
        print(json.dumps(measure(args.n, args.rounds, url), indent=2))


def measure(n: int, rounds: int, url: str) -> dict:
    import bare_app
    from feedback_api import MARK, PAYLOAD, body_template

    from consultation import submissions
    from consultation.db import write_lock
    from consultation.storage import submission as stored
    from consultation.storage.inserts import insert_rows
    from web import create_app

    app = create_app()
    svc = app.extensions["services"]
    consultation, now = svc.consultation, svc.now()
    clean = submissions.validate(PAYLOAD, consultation)
    template, counter = body_template(), itertools.count()

    def wsgi(target, path):
        body = template.replace(MARK.encode(), str(next(counter)).encode())  # no two alike (the repeat rule)
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
                   "wsgi.url_scheme": "http", "CONTENT_TYPE": "application/json",
                   "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
        b"".join(target(environ, lambda *a: None))

    rows = dict(channel="api", locale="zh_CN", now=now, office_mailbox="office@example.cn", account=None,
                idempotency_key=None, idempotency_hash=None, received_at=now)

    def stage(conn):
        rows_of_one = submissions._rows(consultation, clean, submissions.new_reference(), **rows)
        insert_rows(conn, stored.bind(conn.dialect, *rows_of_one))

    def store():
        with submissions._write_transaction(None, svc.engine) as conn:
            stage(conn)

    def store_through_execute():
        """The machinery the write used before consultation/storage/inserts.py, for the same statements and rows."""
        with svc.engine.connect() as conn, write_lock(svc.engine), conn.begin():
            submission, comments, mail = submissions._rows(consultation, clean, submissions.new_reference(), **rows)
            for (statement, _names), batch in zip(stored.STATEMENTS, ([submission], comments, mail)):
                if batch:
                    conn.execute(statement, batch)

    def empty_session_transaction():
        with svc.sessionmaker() as session:
            session.connection()
            session.commit()

    def empty_connection_transaction():
        with svc.engine.connect() as conn, conn.begin():
            pass

    bare = bare_app.create_app()
    timed = {
        "full request, feedback (WSGI)": lambda: wsgi(app, "/api/v1/feedback"),
        "full request, bare one-row insert (WSGI)": lambda: wsgi(bare, "/bare"),
        "validate": lambda: submissions.validate(PAYLOAD, consultation),
        "store + commit, prepared statements (consultation/storage/inserts.py, 5 rows)": store,
        "the same statements and rows through Connection.execute": store_through_execute,
        "an empty write transaction through an ORM session": empty_session_transaction,
        "an empty write transaction on a connection": empty_connection_transaction,
    }
    if url.startswith("sqlite"):
        timed["store + commit, raw sqlite3 (same 5 rows)"] = raw_sqlite_store(url, consultation, now)
    gc.freeze()  # as `consult serve` does after start-up (web/server.py)
    # Rounds interleave the lines so that each sees the same machine; the median of each is reported.
    seen = {key: [] for key in timed}
    for _ in range(rounds):
        for key, fn in timed.items():
            seen[key].append(per_call_us(fn, n))
    figures = {key: {"cpu_us": round(statistics.median(v[0] for v in values), 1),
                     "wall_us": round(statistics.median(v[1] for v in values), 1)} for key, values in seen.items()}
    if url.startswith("sqlite"):
        figures["commit latency, 3,000 commits"] = commit_tail(svc, stage)
        figures["WAL pages written per submission"] = wal_pages_per_submission(url, svc, stage)
    return figures


def raw_sqlite_store(url: str, consultation, now):
    import datetime as dt
    import sqlite3

    from consultation.submissions import new_reference

    conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    conn.execute("PRAGMA synchronous=NORMAL")
    stamp = now.astimezone(dt.timezone.utc).isoformat(sep=" ")
    quotes = [consultation.quote("art-3"), consultation.quote("annex-1/16")]

    def run():
        conn.execute("BEGIN")
        sid = conn.execute(
            "INSERT INTO submissions (reference, consultation_id, channel, locale, category, name, organisation,"
            " phone, email, consent, consent_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
            (new_reference(), consultation.id, "api", "zh_CN", "enterprise", "n", "o", "+8613800138000",
             "bench@example.com", 1, stamp, stamp)).fetchone()[0]
        conn.executemany(
            "INSERT INTO comments (submission_id, consultation_id, position, target_ref, kind, original_text,"
            " proposal, reason, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            [(sid, consultation.id, i, "art-3", "amend", q, "p", "r", stamp) for i, q in enumerate(quotes)])
        conn.executemany(
            "INSERT INTO outbox (submission_id, purpose, recipient, locale, status, attempts, next_attempt_at,"
            " created_at) VALUES (?,?,?,?,?,?,?,?)",
            [(sid, p, "x@example.cn", "zh_CN", "pending", 0, stamp, stamp) for p in ("receipt", "office")])
        conn.execute("COMMIT")

    return run


def commit_tail(svc, stage) -> dict:
    from consultation.db import write_lock

    times = []
    for _ in range(3000):
        with svc.engine.connect() as conn, write_lock(svc.engine):
            transaction = conn.begin()
            stage(conn)
            start = time.perf_counter()
            transaction.commit()
            times.append((time.perf_counter() - start) * 1e6)
    times.sort()
    return {"p50_us": round(times[1500]), "p99_us": round(times[2970]), "max_us": round(times[-1])}


def wal_pages_per_submission(url: str, svc, stage, count: int = 1000) -> float:
    """Pages appended to the WAL by `count` submissions, with the background checkpointer paused."""
    import sqlite3

    from consultation.storage import sqlite as embedded
    from consultation.db import write_lock

    path = url.removeprefix("sqlite:///")
    every, embedded.CHECKPOINT_EVERY = embedded.CHECKPOINT_EVERY, 3600
    try:
        time.sleep(0.2)  # the checkpointer's current sleep ends; its next one outlasts the measurement
        with sqlite3.connect(path) as raw:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        for _ in range(count):
            with svc.engine.connect() as conn, write_lock(svc.engine), conn.begin():
                stage(conn)
        frames = (os.path.getsize(f"{path}-wal") - 32) / (4096 + 24)  # WAL header, then frame header + page
    finally:
        embedded.CHECKPOINT_EVERY = every
    return round(frames / count, 2)


if __name__ == "__main__":
    main()
