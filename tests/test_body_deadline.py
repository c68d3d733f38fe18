"""web/bodyfirst.py's body deadline counts the client's time, not the time the worker's loop was held (attack
round 7, F1): a body that arrived while the loop was busy for longer than WEB_BODY_TIMEOUT was answered 408,
"did not arrive in time", although the client had sent it at once. In-process, with stand-ins for Granian's
scope and protocol whose body arrives from another thread (as Granian's own threads deliver it), and a loop
held by a callback that sleeps, as an app at work on the loop's thread holds it."""
from __future__ import annotations

import asyncio
import threading
import time

from web.bodyfirst import BodyFirst

BODY = b'{"question": "county"}'


class Headers:
    def __init__(self, items):
        self._items = items

    def items(self):
        return self._items

    def keys(self):
        return [name for name, _ in self._items]


class Scope:
    proto, http_version, scheme, method, path, query_string = "http", "1.1", "http", "POST", "/api/v1/ask", ""
    server, client = "127.0.0.1:8000", "127.0.0.1:50000"

    def __init__(self, chunked: bool):
        framing = ("transfer-encoding", "chunked") if chunked else ("content-length", str(len(BODY)))
        self.headers = Headers([("host", "127.0.0.1"), ("content-type", "application/json"), framing])


class Proto:
    """The body comes from another thread after `after` seconds: whole (`proto()`), or in two chunks of which
    the second is only asked for once the first was taken (`async for`), as Granian reads a chunked body."""

    def __init__(self, after: float):
        self.after = after
        self.answers = []

    def _later(self, future, value):
        loop = asyncio.get_running_loop()

        def deliver():
            time.sleep(self.after)
            try:
                loop.call_soon_threadsafe(lambda: future.done() or future.set_result(value))
            except RuntimeError:  # the loop is closed: the request was answered without it
                pass

        threading.Thread(target=deliver, daemon=True).start()

    def __call__(self):
        future = asyncio.get_running_loop().create_future()
        self._later(future, BODY)
        return future

    def __aiter__(self):
        return self._chunks()

    async def _chunks(self):
        for part in (BODY[:5], BODY[5:]):
            future = asyncio.get_running_loop().create_future()
            self._later(future, part)
            yield await future

    def response_bytes(self, status, headers, body):
        self.answers.append((status, body))


def app(environ, start_response):
    from web.bodyfirst import TIMED_OUT

    if environ.get(TIMED_OUT):
        start_response("408 Request Timeout", [("Content-Type", "text/plain")])
        return [b"late"]
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [environ["wsgi.input"].read()]


def serve_one(chunked: bool, *, timeout: float, arrives_after: float, held_for: float) -> list:
    """One request through the bridge while the loop is held for `held_for` seconds right after it starts."""
    proto = Proto(arrives_after)

    async def main():
        loop = asyncio.get_running_loop()
        bridge = BodyFirst(app, body_timeout=timeout, max_body=1024 * 1024)
        bridge.__rsgi_init__(loop)
        try:
            request = asyncio.ensure_future(bridge.__rsgi__(Scope(chunked), proto))
            await asyncio.sleep(0.02)  # the bridge waits for the body now
            loop.call_soon(time.sleep, held_for)  # the app busy on this thread
            await request
        finally:
            bridge.__rsgi_del__(loop)

    asyncio.run(main())
    return proto.answers


def test_a_body_that_arrived_while_the_loop_was_held_is_taken():
    assert serve_one(False, timeout=0.3, arrives_after=0.05, held_for=0.8) == [(200, BODY)]


def test_a_chunked_body_gets_back_the_time_the_loop_was_held():
    """Its second chunk is only asked for once the loop runs again: the client is not late for that."""
    assert serve_one(True, timeout=0.3, arrives_after=0.05, held_for=0.8) == [(200, BODY)]


def test_a_client_that_is_late_is_still_answered_408():
    assert serve_one(False, timeout=0.3, arrives_after=1.0, held_for=0.0) == [(408, b"late")]
    assert serve_one(True, timeout=0.3, arrives_after=0.6, held_for=0.0) == [(408, b"late")]
