"""Where one feedback submission spends its CPU, in-process (no HTTP, no load generator).

    .venv/bin/python bench/feedback_breakdown.py [--db sqlite|postgres] [--n 2000]

The companion of bench/feedback_api.py: that one says how fast, this one says
where the time goes. Each line is the CPU per call, averaged over --n calls,
after one warm-up call; "raw sqlite3" writes the same five rows with the
standard library alone, the floor under SQLAlchemy's share. It also times 3,000
commits of those rows one by one: their tail shows whether a WAL checkpoint ran
inside a commit.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def cpu_us(fn, n: int) -> float:
    fn()
    start = time.process_time()
    for _ in range(n):
        fn()
    return (time.process_time() - start) / n * 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-breakdown-"))
    from consultation.db import scratch_database

    with scratch_database(args.db, tmp, prefix="bench_breakdown") as url:
        os.environ.update(DATABASE_URL=url, CONSULT_INSTANCE=str(tmp), CONSULT_NOW="2025-11-20T10:00:00+08:00",
                          SECRET_KEY="bench")
        print(json.dumps(measure(args.n, url), indent=2))


def measure(n: int, url: str) -> dict:
    import bare_app
    from feedback_api import PAYLOAD

    from consultation import submissions
    from web import create_app

    app = create_app()
    svc = app.extensions["services"]
    consultation, now = svc.consultation, svc.now()
    clean = submissions.validate(PAYLOAD, consultation)
    body = json.dumps(PAYLOAD, ensure_ascii=False).encode()

    def wsgi(target, path):
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
                   "wsgi.url_scheme": "http", "CONTENT_TYPE": "application/json",
                   "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
        b"".join(target(environ, lambda *a: None))

    def stage(session):
        submissions._store(session, consultation, clean, submissions.new_reference(), channel="api",
                           locale="zh_CN", now=now, office_mailbox="office@example.cn", account=None,
                           idempotency_key=None)

    def store():
        with svc.sessionmaker() as session, submissions.write_lock(session):
            stage(session)
            session.commit()

    def store_returning():
        """The earlier write path: RETURNING on every INSERT, which SQLAlchemy sends as multi-row statements."""
        plain = submissions._INSERT_COMMENT, submissions._INSERT_MAIL
        submissions._INSERT_COMMENT = plain[0].returning(plain[0].table.c.id)
        submissions._INSERT_MAIL = plain[1].returning(plain[1].table.c.id)
        try:
            store()
        finally:
            submissions._INSERT_COMMENT, submissions._INSERT_MAIL = plain

    bare = bare_app.create_app()
    figures = {
        "full request, feedback (WSGI)": cpu_us(lambda: wsgi(app, "/api/v1/feedback"), n),
        "full request, bare one-row insert (WSGI)": cpu_us(lambda: wsgi(bare, "/bare"), n),
        "validate": cpu_us(lambda: submissions.validate(PAYLOAD, consultation), n),
        "store + commit through SQLAlchemy Core (5 rows)": cpu_us(store, n),
        "the same, RETURNING on every INSERT (the earlier write path)": cpu_us(store_returning, n),
    }
    if url.startswith("sqlite"):
        figures["store + commit, raw sqlite3 (same 5 rows)"] = cpu_us(raw_sqlite_store(url, consultation, now), n)
        figures["commit latency, 3,000 commits"] = commit_tail(svc, stage)
    return {key: (round(v, 1) if isinstance(v, float) else v) for key, v in figures.items()}


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
        with svc.sessionmaker() as session, write_lock(session):
            stage(session)
            start = time.perf_counter()
            session.commit()
            times.append((time.perf_counter() - start) * 1e6)
    times.sort()
    return {"p50_us": round(times[1500]), "p99_us": round(times[2970]), "max_us": round(times[-1])}


if __name__ == "__main__":
    main()
