"""SQLite's one writer: this process's threads and other processes queue on consultation.db.write_lock."""
import os
import signal
import subprocess
import sys
import threading

from sqlalchemy import create_engine, text

from consultation.db import make_engine, write_lock

HOLDER = """
import sys
from consultation.db import make_engine, write_lock
engine = make_engine(sys.argv[1])
with write_lock(engine):
    print("held", flush=True)
    sys.stdin.readline()
print("released", flush=True)
"""


def test_re_entrant_in_one_thread(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    done = threading.Event()

    def nested():
        with write_lock(engine), write_lock(engine):
            with engine.begin() as conn:
                conn.execute(text("CREATE TABLE t (x INTEGER)"))
        done.set()

    worker = threading.Thread(target=nested, daemon=True)
    worker.start()
    assert done.wait(10), "holding the lock twice in one thread must not deadlock"


def test_a_writer_in_another_process_makes_this_one_wait(tmp_path):
    url = f"sqlite:///{tmp_path / 'b.db'}"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        acquired = threading.Event()

        def take():
            with write_lock(make_engine(url)):
                acquired.set()

        threading.Thread(target=take, daemon=True).start()
        assert not acquired.wait(0.5), "the lock was taken while another process held it"
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
        assert acquired.wait(10), "the lock was not handed over when the other process let go"
    finally:
        holder.kill()
        holder.wait()


def test_postgresql_needs_no_lock():
    engine = create_engine("postgresql+psycopg://127.0.0.1/unused")  # never connects
    lock = write_lock(engine)
    with lock:
        pass
    assert type(lock).__name__ == "nullcontext"


def test_a_forked_child_queues_behind_its_parent(tmp_path):
    """The child must get its own lock file description: a shared one would let both write at once."""
    engine = make_engine(f"sqlite:///{tmp_path / 'f.db'}")
    with write_lock(engine):  # the parent's queue exists, and is held, when the child is forked
        pid = os.fork()
        if pid == 0:  # the child must wait for the parent: SIGALRM ends the wait, and the child
            signal.alarm(1)
            with write_lock(engine):
                os._exit(1)  # got the lock while the parent held it
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == -signal.SIGALRM, "the child took the lock its parent held"
