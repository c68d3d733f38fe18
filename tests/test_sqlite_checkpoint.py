"""WAL checkpoints run in a thread of their own, not inside a writer's commit."""
import os
import time

from sqlalchemy import text

from consultation import sqlite
from consultation.db import make_engine, write_lock


def _write_rows(engine, count):
    for i in range(count):
        with write_lock(engine), engine.begin() as conn:
            conn.execute(text("INSERT INTO t (body) VALUES (:b)"), {"b": f"row {i} " + "x" * 500})


def test_commits_do_not_checkpoint_but_the_background_thread_does(tmp_path):
    path = tmp_path / "c.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)"))
        assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 0
    expected = path.stat().st_size + 300 * 500  # the rows, once copied out of the WAL
    _write_rows(engine, 300)
    deadline = time.time() + 10  # a checkpoint that runs during the writes copies only part of them
    while path.stat().st_size < expected and time.time() < deadline:
        time.sleep(0.05)
    assert path.stat().st_size >= expected, "the rows never reached the database file"
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 300
    engine.dispose()


def test_the_wal_starts_over_under_steady_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite, "CHECKPOINT_EVERY", 0.02)
    monkeypatch.setattr(sqlite, "RESTART_AFTER_FRAMES", 50)
    path = tmp_path / "w.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)"))
    rows = 3000  # each commit appends at least one 4 KB page: 12 MB if the WAL never started over
    _write_rows(engine, rows)
    assert os.path.getsize(f"{path}-wal") < rows * 4096 / 4
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == rows
    engine.dispose()
