"""`consult serve` as production runs it: a real process with worker processes over one database.

The in-thread live_server (tests/conftest.py) shares the test's Services; this
one does not, so it is what catches a worker opening its own connections
badly, SQLite writers from two processes colliding, or a shutdown that hangs.
"""
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from consultation.db import normalise_url, scratch_database
from consultation.models import Comment, Submission
from tests.conftest import OPEN_NOW, post_concurrently
from tests.serving import free_port, start_serve, wait_until_served

pytestmark = pytest.mark.slow


def children(pid: int) -> list[int]:
    return [int(k) for task in Path(f"/proc/{pid}/task").iterdir() for k in (task / "children").read_text().split()]


@pytest.fixture
def served(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    with scratch_database("postgres" if base else "sqlite", tmp_path, base or "", prefix="serve_test") as url:
        port = free_port()
        env = dict(os.environ, DATABASE_URL=url, CONSULT_INSTANCE=str(tmp_path), CONSULT_NOW=OPEN_NOW,
                   SECRET_KEY="serve-test", RATELIMIT_ENABLED="false")
        proc = start_serve(port, dict(env, WEB_THREADS=""), workers=2)
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_served(proc, base_url)
            yield proc, base_url, url
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            create_engine(normalise_url(url)).dispose()


def test_workers_keep_every_concurrent_submission(served):
    proc, base_url, url = served
    assert len(children(proc.pid)) == 2, "one process per worker"
    home = httpx.get(f"{base_url}/")
    assert home.status_code == 200 and "安徽省人工智能赋能新型工业化示范区建设导则" in home.text
    assert httpx.get(f"{base_url}/static/css/site.css").status_code == 200

    responses = post_concurrently(base_url, 60, "第 {i} 条")
    assert [r.status_code for r in responses] == [201] * 60
    receipts = [r.json() for r in responses]
    assert len({r["reference"] for r in receipts}) == 60
    engine = create_engine(normalise_url(url))
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Submission)) == 60
        assert set(conn.scalars(select(Comment.reason))) == {f"第 {i} 条" for i in range(60)}
    engine.dispose()
    back = httpx.get(f"{base_url}/api/v1/feedback/{receipts[7]['reference']}", params={"token": receipts[7]["token"]})
    assert back.status_code == 200 and back.json()["comments"][0]["target"] == "art-3"


def test_sigterm_stops_every_process(served):
    proc, base_url, _ = served
    workers = children(proc.pid)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}/", timeout=2)


def test_refuses_a_port_another_service_listens_on(tmp_path):
    """Granian listens with SO_REUSEPORT; without a check a second service would share the port silently."""
    with socket.socket() as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # as Granian's own listener does
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        env = dict(os.environ, CONSULT_INSTANCE=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/taken.db")
        done = subprocess.run([sys.executable, "-c", "from commands import main; main()", "serve", "--port",
                               str(port), "--workers", "1"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert f"port {port}" in done.stderr and "already in use" in done.stderr
