"""Staff exports under `consult serve` (attack round 7, F1): a worker once called the app for every request on
its event loop's thread, so an export of a large consultation (seconds of Python) held that loop. Public
requests sent meanwhile waited for the whole export, and bodies that had arrived at once were answered 408
"did not arrive in time" (the body's timer ran while the loop could not look), nothing stored.

Now staff requests run on a thread of their own in each worker and the body's deadline counts what the
client did, not how long the loop was busy. One worker, WEB_BODY_TIMEOUT=1 and a real data volume (1,500
submissions × 3 comments, bulk-inserted as bench/dataset.py does), so that an export takes seconds."""
from __future__ import annotations

import concurrent.futures
import json
import os
import re
import socket
import threading
import time
import uuid
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy import func, select

from bench.dataset import populate
from consultation.config import Settings
from consultation.db import scratch_database
from consultation.models import Submission
from consultation.services import Services
from tests.conftest import OPEN_NOW, sample_payload
from tests.serving import free_port, start_serve, stop_serve, wait_until_served
from tests.staff import PASSWORD, create_staff

pytestmark = pytest.mark.slow

SECRET = "offload-test"


@contextmanager
def large_served(tmp_path, **env_extra):
    """`consult serve` with one worker over a fresh database holding 1,500 submissions, an editor account."""
    base = os.environ.get("TEST_DATABASE_URL")
    with scratch_database("postgres" if base else "sqlite", tmp_path, base or "", prefix="offload_test") as url:
        services = Services(Settings.from_env(instance=tmp_path, database_url=url, secret_key=SECRET,
                                              consult_now=OPEN_NOW))
        populate(services, submissions=1500, comments_per=3)
        create_staff(services, "clerk", "editor")
        port = free_port()
        env = dict(os.environ, DATABASE_URL=url, CONSULT_INSTANCE=str(tmp_path), CONSULT_NOW=OPEN_NOW,
                   SECRET_KEY=SECRET, RATELIMIT_ENABLED="false", WEB_THREADS="", REDIS_URL="", **env_extra)
        proc = start_serve(port, env, workers=1)
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_served(proc, base_url)
            yield services, base_url
        finally:
            stop_serve(proc)
            services.engine.dispose()


def _body(reason: str) -> bytes:
    payload = sample_payload()
    payload["comments"][0]["reason"] = f"{reason}（{uuid.uuid4().hex[:8]}）。"
    return json.dumps(payload, ensure_ascii=False).encode()


def _post_head(length: int) -> bytes:
    return (f"POST /api/v1/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def _answer(sock: socket.socket) -> tuple[bytes, bytes]:
    """(head, body) of the one answer on `sock` (with a Content-Length)."""
    sock.settimeout(120)  # a bound for a broken server, not a measurement
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536) or b"!"
        assert not data.endswith(b"!"), data
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, (head, body)
        body += chunk
    return head, body


def signed_in(base_url: str) -> httpx.Client:
    client = httpx.Client(base_url=base_url, timeout=120)
    page = client.get("/office/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    done = client.post("/office/login", data={"username": "clerk", "password": PASSWORD, "csrf_token": token})
    assert done.status_code == 302 and done.headers["Location"].endswith("/office/"), done.text[:300]
    return client


def test_public_requests_are_answered_while_a_staff_export_runs(tmp_path):
    with large_served(tmp_path, WEB_BODY_TIMEOUT="1") as (services, base_url):
        staff = signed_in(base_url)
        events: list[tuple[str, int]] = []  # in the order they happened
        lock = threading.Lock()

        def note(what: str, n: int = 0):
            with lock:
                events.append((what, n))

        exported = threading.Event()
        started = threading.Event()

        def export():
            started.set()
            # Streamed: its headers come once the server has built the file (the seconds of work), the
            # body after; the public requests below are sent while it is being built.
            with staff.stream("GET", "/office/exports/summary.docx") as response:
                note("export answered")
                assert response.status_code == 200, response.read()[:300]
                size = len(response.read())
            exported.set()
            return size

        def submit(i: int):
            with httpx.Client(base_url=base_url, timeout=120) as client:
                response = client.post("/api/v1/feedback", content=_body(f"导出期间提交 {i}"),
                                       headers={"Content-Type": "application/json"})
            note("post done", i)
            return response

        # Honest clients sending their bodies in two parts, the second 0.5 s after the first (within the 1 s
        # deadline): the worker starts waiting for their bodies, then the export comes and takes seconds.
        port = int(base_url.rsplit(":", 1)[1])
        split = []
        for i in range(3):
            body = _body(f"分两次送达 {i}")
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(_post_head(len(body)) + body[:10])
            split.append((sock, body))
        try:
            time.sleep(0.2)
            with concurrent.futures.ThreadPoolExecutor(12) as pool:
                export_job = pool.submit(export)
                started.wait()
                time.sleep(0.3)  # the export's request is in the worker (it runs for seconds)
                for sock, body in split:
                    sock.sendall(body[10:])
                note("public start")
                posts = [pool.submit(submit, i) for i in range(8)]
                reads = 0
                with httpx.Client(base_url=base_url, timeout=120) as reader:
                    while not exported.is_set() and reads < 200:
                        answer = reader.get("/api/v1/document/art-3")
                        assert answer.status_code == 200 and answer.json()["ref"] == "art-3"
                        reads += 1
                        note("get done", reads)
                responses = [job.result() for job in posts]
                size = export_job.result()
            heads = [_answer(sock) for sock, _ in split]
        finally:
            for sock, _ in split:
                sock.close()

        assert [head[:12] for head, _ in heads] == [b"HTTP/1.1 201"] * 3, heads
        assert [r.status_code for r in responses] == [201] * 8, [r.text[:200] for r in responses]
        assert size > 100_000  # the real, large summary
        order = [what for what, _ in events]
        answered = order.index("export answered")
        # Public reads and submissions sent while the export was being built were answered before it was.
        assert order[:answered].count("get done") >= 3, order
        assert order[:answered].count("post done") == 8, order
        references = {r.json()["reference"] for r in responses} | {json.loads(body)["reference"] for _, body in heads}
        with services.session() as s:
            stored = set(s.scalars(select(Submission.reference).where(Submission.reference.in_(references))))
            assert stored == references
            assert s.scalar(select(func.count()).select_from(Submission)) == 1500 + 8 + 3
