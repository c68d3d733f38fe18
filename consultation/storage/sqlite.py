"""What the embedded SQLite database needs to serve several processes at once (see the package docstring).

WAL mode lets readers run beside the one writer. Two things are ours to do:
queue the writers (SQLite's own busy handler sleeps in growing steps), and keep
WAL checkpoints out of the writers' way.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
import weakref
from pathlib import Path

if os.name == "posix":
    import fcntl  # flock(2): the writers of other processes queue too
else:  # a platform without flock (Windows): only this process's threads are queued there
    fcntl = None

from sqlalchemy import event
from sqlalchemy.engine import Engine

CHECKPOINT_EVERY = 0.05  # seconds: at full load (~50 MB of WAL a second here) a few MB between checkpoints
RESTART_AFTER_FRAMES = 1000  # pages, 4 MB


def configure(engine: Engine) -> None:
    """Pragmas on every new connection, and a background checkpointer in each process (one at a time works)."""
    database = _file_of(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        if database:
            # The commit that crosses the WAL's size limit would otherwise checkpoint inline: copy the
            # WAL into the database and fsync it, 10-20 ms here, with the write lock held and every
            # other writer queued behind it. A thread of this process checkpoints instead.
            cur.execute("PRAGMA wal_autocheckpoint=0")
            cur.execute("PRAGMA journal_size_limit=67108864")  # give back the space of a WAL that grew past 64 MB
            _checkpointer_for(engine, database)
        cur.close()


def _file_of(engine: Engine) -> str:
    database = engine.url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return ""
    return str(Path(database).resolve())


_checkpointers: dict[tuple[int, str], threading.Thread] = {}
_checkpointers_guard = threading.Lock()


def _checkpointer_for(engine: Engine, database: str) -> None:
    """Start this process's checkpointer for `database` unless it runs already.

    Started from the connect event, so in the process that uses the engine: a
    worker forked after start-up (threads do not survive fork) starts its own.
    It stops when the engine is gone.
    """
    key = (os.getpid(), database)
    with _checkpointers_guard:
        thread = _checkpointers.get(key)
        if thread is not None and thread.is_alive():
            return
        thread = threading.Thread(target=_checkpoint_loop, args=(weakref.ref(engine), database),
                                  name=f"sqlite-checkpoint {Path(database).name}", daemon=True)
        _checkpointers[key] = thread
        thread.start()


def _checkpoint_loop(engine_ref, database: str) -> None:
    """Every process using the database runs this loop, but one at a time checkpoints: the holder of
    an flock on a file beside the database. Checkpointers racing each other only repeated the same
    copying, and held the writers more often. The others try for the lock on every tick, so one
    takes over as soon as the holder exits."""
    election = _open_election(database)
    conn = sqlite3.connect(database, timeout=30)
    try:
        while True:
            time.sleep(CHECKPOINT_EVERY)
            if engine_ref() is None:
                return
            if not _elected(election):
                continue
            _, frames, _ = checkpoint(conn)
            if frames > RESTART_AFTER_FRAMES:
                # Under steady writes the copy never catches up with the end of the WAL (frames keep
                # coming while it runs), and SQLite starts a WAL over only once all of it has been
                # copied: copy the last few with the writers held for that moment.
                with writers_for_file(database).hold():
                    checkpoint(conn)
    finally:
        conn.close()
        _close_election(election)


_elections: set[int] = set()  # this process's descriptors of checkpointer lock files


def _open_election(database: str) -> int | None:
    if fcntl is None:
        return None  # no flock: each process checkpoints
    with _checkpointers_guard:  # opened and recorded in one step: a fork waits for both (see below)
        fd = os.open(f"{database}-checkpointer.lock", os.O_RDWR | os.O_CREAT, 0o600)
        _elections.add(fd)
    return fd


def _elected(fd: int | None) -> bool:
    if fd is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held already: succeeds at once
        return True
    except BlockingIOError:
        return False


def _close_election(fd: int | None) -> None:
    if fd is None:
        return
    with _checkpointers_guard:
        if fd not in _elections:
            return  # closed by _forget_parent_state in a forked child
        _elections.discard(fd)
    os.close(fd)  # releases the lock


def checkpoint(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """Copy what the WAL holds into the database without waiting for readers or the writer (PASSIVE):
    (busy, frames in the WAL, frames copied). Runs beside the writer; the fsync it ends with holds no
    lock of ours. The next writer starts the WAL over once everything has been copied."""
    with contextlib.suppress(sqlite3.OperationalError):  # the database is being removed (tests, scratch)
        # fetchall, not fetchone: a statement left unfinished keeps a read lock, and a WAL with a
        # reader on it can never start over.
        (row,) = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        return tuple(row)
    return (1, -1, -1)


class Writers:
    """One queue of writers per SQLite file: a re-entrant lock for this process's
    threads, then an exclusive flock(2) on a file beside the database for the
    other processes (web workers, bot, mail worker).

    SQLite allows one writer; writers that collide otherwise wait in SQLite's busy
    handler, which sleeps in growing steps (up to 100 ms each) and stretched the
    tail latency under load. Both waits here block in the kernel and wake as soon
    as the holder lets go; a process that dies holding the flock loses it at exit.
    """

    def __init__(self, database: str):
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        if fcntl is not None and database:
            self._fd = os.open(f"{database}-writer.lock", os.O_RDWR | os.O_CREAT, 0o600)

    @contextlib.contextmanager
    def hold(self):
        with self._thread_lock:
            self._depth += 1
            try:
                if self._depth == 1 and self._fd is not None:
                    fcntl.flock(self._fd, fcntl.LOCK_EX)
                yield
            finally:
                if self._depth == 1 and self._fd is not None:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)
                self._depth -= 1


_writers: dict[str, Writers] = {}  # by the database as the URL names it
_by_file: dict[str, Writers] = {}  # by resolved path: two spellings of one file share one queue
_writers_guard = threading.Lock()


def writers_for(engine: Engine) -> Writers:
    """Looked up on every write: by the URL's file name as given, resolved only the first time."""
    writers = _writers.get(engine.url.database or "")
    if writers is None:
        writers = _writers[engine.url.database or ""] = writers_for_file(_file_of(engine))
    return writers


def writers_for_file(database: str) -> Writers:
    """The queue for one database file ("" for an in-memory database: this process's threads only)."""
    with _writers_guard:
        writers = _by_file.get(database)
        if writers is None:
            writers = _by_file[database] = Writers(database)
    return writers


def _forget_parent_state() -> None:
    """In a forked child (Granian's workers): start with no writer queues and no checkpointer.

    flock(2) locks belong to the open file description, which fork shares: a child
    using its parent's lock file descriptor would not be excluded by its parent, nor
    the parent by it. And a lock held by a parent's thread at the fork stays held in
    the child, where that thread does not exist: a child keeping its copy of the
    parent's checkpointer lock would keep it from every other process after the
    parent exits, with no thread left to checkpoint.
    """
    global _writers_guard, _checkpointers_guard
    for writers in _by_file.values():
        if writers._fd is not None:
            os.close(writers._fd)
    for fd in _elections:
        os.close(fd)
    _elections.clear()
    _writers.clear()
    _by_file.clear()
    _checkpointers.clear()
    _writers_guard = threading.Lock()
    _checkpointers_guard = threading.Lock()


def _before_fork() -> None:
    """Hold the guards across a fork, so the child never sees a descriptor opened but not yet recorded."""
    _writers_guard.acquire()
    _checkpointers_guard.acquire()


def _after_fork_in_parent() -> None:
    _checkpointers_guard.release()
    _writers_guard.release()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_in_parent,
                        after_in_child=_forget_parent_state)
