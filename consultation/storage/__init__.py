"""Storage performance machinery, kept apart from the domain's ordinary code.

Why it exists: storing a submission is the one write every channel makes, and
the feedback API has a throughput target against a bare Flask + SQLAlchemy
endpoint (at least 60 % of its rate, p99 under 100 ms; bench/README.md,
"Feedback API under load"). With plain ORM writes and SQLite's own locking it
reached 35 % and a p99 of 60-900 ms. Three pieces closed the gap:

- `sqlite`: SQLite allows one writer. Its writers queue here (a lock per
  process, flock(2) across processes) instead of in SQLite's busy handler,
  which sleeps in growing steps; and WAL checkpoints run in a background thread
  instead of inside a writer's commit.
- `inserts`: INSERTs compiled once per dialect by SQLAlchemy and sent with the
  driver's executemany, skipping Connection.execute's per-call work.
- `submission`: the three INSERTs of a submission, built so that PostgreSQL
  receives them in one round trip.

The domain code calls `consultation.db.write_lock` and
`storage.submission.bind`/`inserts.insert_rows`; nothing else needs to know.
Measure before changing any of it: `bench/feedback_api.py` (throughput and
tail latency, real server) and `bench/feedback_breakdown.py` (time per step).
"""
