"""`consult serve` as production runs it: a real process with worker processes over one database.

The in-thread live_server (tests/conftest.py) shares the test's Services; this
one does not, so it is what catches a worker opening its own connections
badly, SQLite writers from two processes colliding, or a shutdown that hangs.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from consultation.db import normalise_url, scratch_database
from consultation.models import Comment, Submission
from tests.conftest import OPEN_NOW, post_concurrently, sample_payload
from tests.serving import free_port, start_serve, stop_serve, wait_until_served

pytestmark = pytest.mark.slow


def children(pid: int) -> list[int]:
    return [int(k) for task in Path(f"/proc/{pid}/task").iterdir() for k in (task / "children").read_text().split()]


@contextmanager
def serving(tmp_path, **env_extra):
    base = os.environ.get("TEST_DATABASE_URL")
    with scratch_database("postgres" if base else "sqlite", tmp_path, base or "", prefix="serve_test") as url:
        port = free_port()
        env = dict(os.environ, DATABASE_URL=url, CONSULT_INSTANCE=str(tmp_path), CONSULT_NOW=OPEN_NOW,
                   SECRET_KEY="serve-test", RATELIMIT_ENABLED="false", WEB_THREADS="", **env_extra)
        proc = start_serve(port, env, workers=2)
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_served(proc, base_url)
            yield proc, base_url, url
        finally:
            stop_serve(proc)
            create_engine(normalise_url(url)).dispose()


@pytest.fixture
def served(tmp_path):
    with serving(tmp_path) as running:
        yield running


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


BODY_TIMEOUT = 10  # WEB_BODY_TIMEOUT of the server below: long enough for the probes to finish within it


def _post_head(length: int, *, path: str = "/api/v1/feedback") -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def _read_to_close(sock: socket.socket) -> bytes:
    sock.settimeout(BODY_TIMEOUT * 6)  # a bound for a broken server, not a measurement
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def test_stalled_bodies_hold_no_worker_and_get_408(tmp_path):
    """Issue 13 (F1): clients that send a POST's headers and part of its body, then nothing, once held a worker's
    only Python thread each; as many of them as workers stopped every request, and none was ever answered."""
    with serving(tmp_path, WEB_BODY_TIMEOUT=str(BODY_TIMEOUT)) as (proc, base_url, _):
        port = int(base_url.rsplit(":", 1)[1])
        stalled = [socket.create_connection(("127.0.0.1", port)) for _ in range(len(children(proc.pid)) + 1)]
        try:
            for sock in stalled:
                sock.sendall(_post_head(1000) + b"{")
            # Answered while every worker has a stalled body: a read, a submission sent whole, and one sent in
            # two parts (slow, but within the deadline).
            probe = httpx.get(f"{base_url}/api/v1/document/art-3", timeout=BODY_TIMEOUT / 2)
            assert probe.status_code == 200 and probe.json()["ref"] == "art-3"
            whole = httpx.post(f"{base_url}/api/v1/feedback", json=sample_payload(), timeout=BODY_TIMEOUT / 2)
            assert whole.status_code == 201
            later = sample_payload()
            later["comments"][0]["reason"] = "分两次送达的意见。"  # not an identical repeat of the one above
            body = json.dumps(later, ensure_ascii=False).encode()
            with socket.create_connection(("127.0.0.1", port)) as sock:
                sock.sendall(_post_head(len(body)) + body[:10])
                time.sleep(0.5)
                sock.sendall(body[10:])
                sock.settimeout(BODY_TIMEOUT / 2)
                assert sock.recv(12) == b"HTTP/1.1 201"
            for sock in stalled:  # still unanswered: the requests above were served while all of them stalled
                sock.setblocking(False)
                with pytest.raises(BlockingIOError):
                    sock.recv(1)
            for sock in stalled:
                sock.setblocking(True)
                answer = _read_to_close(sock)  # the server closes the connection after the 408
                head, _, payload = answer.partition(b"\r\n\r\n")
                assert head.startswith(b"HTTP/1.1 408 ")
                assert b"connection: close" in head.lower()
                assert json.loads(payload)["error"] == "request_timeout"
        finally:
            for sock in stalled:
                sock.close()


def test_a_body_over_the_limit_is_refused_unread(served):
    """The size cap applies before any buffering: a declared length over MAX_CONTENT_LENGTH is answered 413
    without the body being sent at all, and the connection is closed."""
    _, base_url, _ = served
    port = int(base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(_post_head(50 * 1024 * 1024))
        head, _, payload = _read_to_close(sock).partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 ") and json.loads(payload)["error"] == "too_large"
    chunked = httpx.post(f"{base_url}/api/v1/feedback", content=iter([b"{" + b" " * 700_000] * 2),
                         headers={"Content-Type": "application/json"}, timeout=60)
    assert chunked.status_code == 413
    download = httpx.get(f"{base_url}/downloads/draft.docx", timeout=60)  # a streamed response
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert int(download.headers["content-length"]) == len(download.content) > 8192  # more than one chunk


def test_a_non_ascii_idempotency_key_is_refused_by_the_served_app(served):
    """Issue 13: a key must be ASCII (400 otherwise). Granian's RSGI headers leave a header whose value is not
    ASCII out of their items (only its name remains), so the served app once took such a key as no key at all
    and stored the submission without idempotency."""
    _, base_url, _ = served
    port = int(base_url.rsplit(":", 1)[1])
    body = json.dumps(sample_payload(), ensure_ascii=False).encode()
    head = _post_head(len(body)).replace(b"\r\n\r\n", "\r\nIdempotency-Key: ключ-1\r\n\r\n".encode())
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(head + body)
        sock.settimeout(BODY_TIMEOUT)
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert b"Idempotency-Key" in answer


def _exchange(port: int, request: bytes) -> bytes:
    """Everything the server sends back on one connection until it closes it (or stays silent for 5 s)."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(request)
        sock.settimeout(5)
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except TimeoutError:
            data += b"<still open>"
    return data


def _stored(url: str) -> list[str]:
    engine = create_engine(normalise_url(url))
    with engine.connect() as conn:
        reasons = list(conn.scalars(select(Comment.reason)))
    engine.dispose()
    return reasons


def test_unencoded_utf8_in_the_query_string_is_read_as_a_browser_would_send_it(served):
    """Attack round 4, F1: curl, scripts and some in-app browsers send a query's UTF-8 unencoded; Werkzeug's
    latin-1 reading of it raised before routing, a 500 with an empty body on every route."""
    _, base_url, url = served
    port = int(base_url.rsplit(":", 1)[1])
    for target in ("/ask?q=县级市", "/?q=中文", "/office/login?next=/办公", "/api/v1/document/art-3?x=中",
                   "/api/v1/feedback/AAAA-AAAA-AAAA?token=é", "/wechat?signature=中", "/self-check?x=é"):
        answer = _exchange(port, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        status = int(answer[9:12])
        assert status < 500, (target, answer[:300])
    answer = _exchange(port, "GET /lang/en?next=/草稿 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 302 ")
    assert b"\r\nlocation: /%e8%8d%89%e7%a8%bf\r\n" in answer.lower()  # the page it meant, as a browser's link
    body = json.dumps(sample_payload(), ensure_ascii=False).encode()
    head = _post_head(len(body), path="/api/v1/feedback?来源=微信")
    assert _exchange(port, head.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n") + body).startswith(
        b"HTTP/1.1 201 ")
    assert len(_stored(url)) == 1


def _chunked_post(codings: str, body: bytes, *, extra: bytes = b"", after: bytes = b"") -> bytes:
    return (f"POST /api/v1/feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Transfer-Encoding: {codings}\r\n").encode() + extra + b"\r\n" + \
        b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n" + after


def test_ambiguous_framing_is_refused_or_closed_and_nothing_is_smuggled(served):
    """Attack round 4, F10 (RFC 9112 §6.1, §6.3): a transfer coding other than chunked alone was accepted and
    its still-coded body read as the body; Content-Length with chunked was accepted too, the setting for request
    smuggling behind a proxy that frames by the other header."""
    _, base_url, url = served
    port = int(base_url.rsplit(":", 1)[1])
    payload = sample_payload()
    payload["comments"][0]["reason"] = "gzip 编码"
    body = json.dumps(payload, ensure_ascii=False).encode()
    smuggled = b"GET /api/v1/document/art-5 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    for codings in ("gzip, chunked", "chunked, chunked", "identity, chunked", "x-custom,chunked"):
        answer = _exchange(port, _chunked_post(codings, body, after=smuggled))
        head, _, rest = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 400 "), (codings, answer[:300])
        assert b"\r\nconnection: close" in head.lower()
        assert json.loads(rest)["error"] == "bad_framing"  # the app's own, localized: one answer, then closed
        assert b"HTTP/1.1" not in rest and b"<still open>" not in answer
    # Content-Length with chunked: Granian's parser drops the Content-Length before the app could see it and
    # frames the body by the chunks (as RFC 9112 §6.3 allows), then closes the connection: what a proxy framing
    # by Content-Length passed on as a second request is never read as one.
    payload["comments"][0]["reason"] = "分块与长度同在"
    body = json.dumps(payload, ensure_ascii=False).encode()
    answer = _exchange(port, _chunked_post("chunked", body, extra=b"Content-Length: 5\r\n", after=smuggled))
    head, _, rest = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 201 ") and b"\r\nconnection: close" in head.lower()
    assert b"HTTP/1.1" not in rest and b"<still open>" not in answer and b"art-5" not in rest
    assert _stored(url) == ["分块与长度同在"]
    # A plain chunked body is still read, and the connection kept.
    payload["comments"][0]["reason"] = "只分块"
    body = json.dumps(payload, ensure_ascii=False).encode()
    answer = _exchange(port, _chunked_post("chunked", body, after=smuggled))
    assert answer.startswith(b"HTTP/1.1 201 ") and answer.count(b"HTTP/1.1 200 ") == 1  # the next request too
    assert sorted(_stored(url)) == sorted(["分块与长度同在", "只分块"])


def test_an_empty_idempotency_key_is_refused_by_the_served_app(served):
    """Attack round 4, F11: a header present but empty is a 400, not "no key". Granian passes an empty value on
    (it leaves only a non-ASCII one out of its header items), with or without a space after the colon."""
    _, base_url, url = served
    port = int(base_url.rsplit(":", 1)[1])
    body = json.dumps(sample_payload(), ensure_ascii=False).encode()
    for header in (b"Idempotency-Key:", b"Idempotency-Key: ", b"Idempotency-Key:   "):
        head = _post_head(len(body)).replace(b"\r\n\r\n", b"\r\n" + header + b"\r\nConnection: close\r\n\r\n")
        head_part, _, rest = _exchange(port, head + body).partition(b"\r\n\r\n")
        assert head_part.startswith(b"HTTP/1.1 400 "), head_part
        answer = json.loads(rest)
        assert answer["error"] == "bad_idempotency_key" and "Idempotency-Key" in answer["message"]
    assert _stored(url) == []
