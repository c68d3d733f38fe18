"""WAL checkpoints run in a thread of their own, not inside a writer's commit."""
import os
import time

from sqlalchemy import text

from consultation.storage import sqlite
from consultation.db import make_engine, write_lock


def _write_rows(engine, count, pause_every=0):
    """`pause_every`: rest 50 ms after that many rows, as real traffic has gaps. A loop of commits with no
    gap can keep the checkpoint thread from the interpreter for seconds on a loaded machine."""
    for i in range(count):
        with write_lock(engine), engine.begin() as conn:
            conn.execute(text("INSERT INTO t (body) VALUES (:b)"), {"b": f"row {i} " + "x" * 500})
        if pause_every and i % pause_every == pause_every - 1:
            time.sleep(0.05)


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
    _write_rows(engine, rows, pause_every=100)
    assert os.path.getsize(f"{path}-wal") < rows * 4096 / 4
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == rows
    engine.dispose()


def test_one_process_at_a_time_checkpoints_and_another_takes_over(tmp_path, monkeypatch):
    """A descriptor of our own on the lock file stands in for another process holding the election."""
    import fcntl

    monkeypatch.setattr(sqlite, "CHECKPOINT_EVERY", 0.02)
    path = tmp_path / "e.db"
    other = os.open(f"{path}-checkpointer.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)
    try:
        engine = make_engine(f"sqlite:///{path}")
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)"))
        before = path.stat().st_size
        _write_rows(engine, 300)
        time.sleep(0.5)  # 25 ticks of this process's checkpointer
        assert path.stat().st_size == before, "checkpointed while another process held the election"
    finally:
        os.close(other)  # the other process exits
    expected = before + 300 * 500
    deadline = time.time() + 10
    while path.stat().st_size < expected and time.time() < deadline:
        time.sleep(0.05)
    assert path.stat().st_size >= expected, "no process took over the checkpoints"
    engine.dispose()


def test_a_forked_child_does_not_keep_its_parents_election(tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite, "CHECKPOINT_EVERY", 0.02)
    path = tmp_path / "p.db"
    election = f"{path}-checkpointer.lock"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect():
        pass  # starts this process's checkpointer, which opens the election file
    deadline = time.time() + 5
    while not _descriptors_of(election) and time.time() < deadline:
        time.sleep(0.01)
    assert _descriptors_of(election), "the checkpointer never opened its election file"
    pid = os.fork()
    if pid == 0:
        os._exit(0 if not _descriptors_of(election) else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the child kept a descriptor of the parent's election"
    engine.dispose()


def _descriptors_of(path: str) -> list[int]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == path:
                found.append(int(fd))
        except OSError:
            continue
    return found
