"""Shared fixtures: a real database per test session, SQLite or PostgreSQL.

TEST_DATABASE_URL=postgresql://127.0.0.1/test runs the whole suite against a
throw-away PostgreSQL database created for this session (one per xdist worker);
without it each session gets a fresh SQLite file.
"""
from __future__ import annotations

import os

import pytest

from consultation.clock import Clock
from consultation.config import Settings
from consultation.db import Base, scratch_database
from consultation.services import Services

OPEN_NOW = "2025-11-20T10:00:00+08:00"
# Tests whose outcome does not depend on the database (browser matrices, schemathesis) run in the
# SQLite pass of `make test` only: marked `once`, or anywhere under these directories.
ONCE_DIRS = ("tests/browser/",)


def pytest_collection_modifyitems(config, items):
    if not os.environ.get("TEST_DATABASE_URL"):
        return
    skip = pytest.mark.skip(reason="database-independent: runs once, in the SQLite pass")
    for item in items:
        if item.get_closest_marker("once") or item.nodeid.startswith(ONCE_DIRS):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    base = os.environ.get("TEST_DATABASE_URL")
    with scratch_database("postgres" if base else "sqlite", tmp_path_factory.mktemp("db"),
                          base or "", prefix="consult_test") as url:
        yield url


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("instance")


@pytest.fixture(scope="session")
def _migrated(database_url, instance_dir):
    """Migrate once per session; tests then only empty the tables."""
    return Services(Settings.from_env(instance=instance_dir, database_url=database_url,
                                      secret_key="test-secret", consult_now=OPEN_NOW))


@pytest.fixture
def services(_migrated):
    """Services at a moment inside the window; tables emptied after the test."""
    svc = _migrated
    svc.clock = Clock(OPEN_NOW)
    svc.settings.consult_now = OPEN_NOW
    yield svc
    svc.clock = Clock(OPEN_NOW)
    svc.settings.consult_now = OPEN_NOW
    with svc.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


def set_now(services: Services, moment: str) -> None:
    services.clock = Clock(moment)
    services.settings.consult_now = moment


def sample_payload(**overrides) -> dict:
    payload = {
        "comments": [{"target": "art-3", "kind": "amend", "proposal": "建议增加“省级以上园区”。",
                      "reason": "覆盖更多主体。", "proposed_points": None}],
        "submitter": {"category": "enterprise", "name": "张三", "organisation": "合肥某科技有限公司",
                      "phone": "13800138000", "email": "zhangsan@example.com"},
        "consent": True,
    }
    payload.update(overrides)
    return payload


def post_concurrently(base_url: str, count: int, reason: str) -> list:
    """`count` submissions at once over real HTTP, each with its own reason (`reason` formatted with i)."""
    import concurrent.futures

    import httpx

    def post(i):
        payload = sample_payload()
        payload["comments"][0]["reason"] = reason.format(i=i)
        return httpx.post(f"{base_url}/api/v1/feedback", json=payload, timeout=60)

    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(post, range(count)))


@pytest.fixture
def app(services):
    """The Flask app over the test services, CSRF protection on as in production. Rate limits off
    (tests post many times from one address); tests/test_rate_limits.py builds its own apps with them on."""
    from web import create_app

    return create_app(services, TESTING=True, RATELIMIT_ENABLED=False)


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token_from(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def checked_from(html: str) -> str:
    """The digest a check-your-answers page puts in its confirm form (consultation.checked)."""
    import re

    match = re.search(r'name="checked" value="([0-9a-f]+)"', html)
    assert match, "no digest of the answers in the page"
    return match.group(1)


@pytest.fixture
def live_server(app):
    """The app served over real HTTP from a thread, sharing the test's Services.

    Werkzeug's threaded server, because it stops cleanly: shutdown() ends serve_forever between
    requests, where closing another server's sockets under its select() loop raised EBADF in CI.
    tests/test_serve.py runs `consult serve` itself, as a separate process."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    # Links that leave the request (mail, bots, API answers) are built from BASE_URL: a deployment sets
    # it to its own address, and so does this server. Pages show the address in use.
    settings = app.extensions["services"].settings
    settings_before = settings.base_url
    settings.base_url = url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    settings.base_url = settings_before
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class ScratchRedis:
    """A redis-server of the test's own on a free port, without persistence; `stop`/`resume` freeze it
    (SIGSTOP/SIGCONT: it accepts connections and never answers, as a hung server or a black hole would)."""

    def __init__(self, binary: str, directory):
        from tests.serving import free_port

        self.binary, self.directory = binary, directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.procs = []
        # A port can come round again within one test process: what an earlier test's server left known
        # about this URL (down, with its ping thread) is not this server's state.
        from consultation.intake import windows

        windows._reachability.pop(self.url, None)

    def start(self):
        import subprocess
        import time

        import redis

        proc = subprocess.Popen([self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no", "--dir", str(self.directory)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.procs.append(proc)
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("scratch redis-server did not start")

    def kill(self):
        self.procs[-1].kill()
        self.procs[-1].wait()

    def stop(self):
        import signal

        self.procs[-1].send_signal(signal.SIGSTOP)

    def resume(self):
        import signal

        self.procs[-1].send_signal(signal.SIGCONT)

    def close(self):
        import signal

        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGCONT)
                proc.kill()
                proc.wait()


@pytest.fixture
def scratch_redis(tmp_path):
    import shutil

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("no redis-server")
    scratch = ScratchRedis(binary, tmp_path)
    yield scratch
    scratch.close()
