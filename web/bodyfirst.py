"""`consult serve`'s bridge from Granian's RSGI interface to the Flask app: the whole body first, then the app.

Why: under Granian's WSGI interface the app's own thread reads the request body from the connection, with
no deadline (Granian has a timeout for reading headers, none for the body). A client that sent a POST's
headers with a Content-Length and then only part of the body held that worker's one Python thread for as
long as it kept the connection open, and as many such connections as workers stopped the whole service
(web/server.py's `default_threads` says why there is one thread per worker). Here an asyncio task on the
worker's event loop receives each body in full before the app is called, so a slow or stalled client
holds only that cheap task:

- within `body_timeout` seconds (WEB_BODY_TIMEOUT) of the client's time, or the app answers 408 (through its
  own localized error handlers, `TIMED_OUT` in the environ) and the connection is closed. The client's time
  is the real clock less the moments this worker's loop was held (LoopStalls): a loop busy for seconds once
  answered 408 to bodies that had arrived at once (attack round 7, F1), blaming the client for the wait.
  A body found complete when the time is up is taken, whatever the clock says;
- never more than the app's MAX_CONTENT_LENGTH: a larger Content-Length is not read at all, a chunked body
  is dropped once past it; the app answers its 413 and the connection is closed.

Public requests call the app on the event loop's thread, the worker's one Python thread, as before (with
WEB_THREADS above 1, on a pool of that many threads). Not handing every request to an executor thread saves
two thread switches and the interpreter lock passed back and forth per request and per response chunk; while
the app works, the loop has nothing to do that would not need the interpreter. Staff requests (`offload`:
the office's pages and API) are the exception: an export of a large consultation takes seconds of Python,
and on the loop's thread every public request of that worker waited for it, its body's timer running. They
run on a small pool of their own (STAFF_THREADS per worker; staff traffic is light), so the loop goes on
receiving and answering the public, sharing the interpreter with the export (slower meanwhile, never held
for seconds). Responses of one chunk are sent whole; longer ones (downloads) are streamed chunk by chunk as
the app yields them.

The environ is the one Granian's WSGI interface builds (same keys, repeated headers joined with "," and
cookies with ";"), with two differences: header names with an underscore are dropped, so that no client
can pass `X_Forwarded_For` off as `X-Forwarded-For` (nginx and gunicorn do the same), and a path whose
percent-escapes are not UTF-8 arrives with U+FFFD in their place (RSGI decodes the path as UTF-8). Granian
leaves a header whose value is not visible ASCII out of RSGI's header items (its name stays): `environ` gives it
as '', as Granian's WSGI interface did, so the app's checks refuse it (a non-ASCII Idempotency-Key: 400).
"""

from __future__ import annotations

import asyncio
import io
import string
import sys
from concurrent.futures import ThreadPoolExecutor

from urllib.parse import quote

from granian.rsgi import ProtocolClosed

STAFF_THREADS = 2  # per worker: one export and a staff page beside it (a second export waits for a thread)
TIMED_OUT = "consult.body_timed_out"  # environ key: the body did not arrive in time, the app answers 408
BAD_FRAMING = "consult.bad_framing"  # environ key: the body's length cannot be told safely, the app answers 400
_END = object()
_KEEP, _CLOSE, _GONE = object(), object(), object()  # what receive() leaves of the connection


class BodyFirst:
    """An RSGI application calling the WSGI app `app` once each request's body is in."""

    def __init__(self, app, *, body_timeout: float, max_body: int | None, threads: int = 1,
                 offload: tuple[str, ...] = ()):
        self.app = app
        self.body_timeout = body_timeout
        self.max_body = max_body
        self.threads = threads
        self.offload = offload  # path prefixes whose requests run on the staff pool
        self.pool: ThreadPoolExecutor | None = None
        self.staff_pool: ThreadPoolExecutor | None = None
        self.stalls: LoopStalls | None = None
        self.base = {
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SCRIPT_NAME": "",
            "SERVER_SOFTWARE": "Granian",
            "wsgi.errors": sys.stderr,
            "wsgi.input_terminated": True,
            "wsgi.multiprocess": False,
            "wsgi.multithread": threads > 1 or bool(offload),
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }

    def __rsgi_init__(self, loop) -> None:
        # Made in the worker, after the fork.
        if self.threads > 1:
            self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="app")
        if self.offload:
            self.staff_pool = ThreadPoolExecutor(STAFF_THREADS, thread_name_prefix="staff")
        self.stalls = LoopStalls(loop)

    def __rsgi_del__(self, loop) -> None:
        for pool in (self.pool, self.staff_pool):
            if pool is not None:
                pool.shutdown(wait=False)
        if self.stalls is not None:
            self.stalls.stop()

    async def __rsgi__(self, scope, proto) -> None:
        if scope.proto != "http":  # `consult serve` turns websockets off
            return
        environ = self.environ(scope)
        state = await self.receive(environ, proto)
        if state is _GONE:
            return
        pool = self.staff_pool if self.staff_pool is not None and scope.path.startswith(self.offload) else self.pool
        inline = pool is None
        status, headers, chunks, close = self.call(environ) if inline else await self.run(pool, self.call, environ)
        if state is _CLOSE:
            headers = [h for h in headers if h[0].lower() != "connection"] + [("Connection", "close")]
        try:
            first = next(chunks, _END) if inline else await self.run(pool, next, chunks, _END)
            if first is _END:
                second = _END
            else:
                second = next(chunks, _END) if inline else await self.run(pool, next, chunks, _END)
            if second is _END:  # one chunk (or none): sent whole, with its length
                proto.response_bytes(status, headers, b"" if first is _END else first)
                return
            stream = proto.response_stream(status, headers)
            await stream.send_bytes(first)
            chunk = second
            while chunk is not _END:
                await stream.send_bytes(chunk)
                chunk = await self.run(pool, next, chunks, _END)
        except ProtocolClosed:  # the client went away in the middle of a download
            pass
        finally:
            if inline:
                close()
            else:
                await self.run(pool, close)

    @staticmethod
    async def run(pool: ThreadPoolExecutor | None, fn, *args):
        """`fn(*args)` on the request's thread: this one, or the pool's."""
        if pool is None:
            return fn(*args)
        return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)

    def environ(self, scope) -> dict:
        environ = self.base.copy()
        server, _, server_port = scope.server.rpartition(":")
        client, _, client_port = scope.client.rpartition(":")
        environ.update(
            {
                "REQUEST_METHOD": scope.method,
                "PATH_INFO": scope.path.encode("utf-8", "surrogateescape").decode("latin-1"),
                "QUERY_STRING": _ascii_query(scope.query_string),
                "SERVER_NAME": server.strip("[]"),
                "SERVER_PORT": server_port,
                "SERVER_PROTOCOL": "HTTP/" + scope.http_version,
                "REMOTE_ADDR": client.strip("[]"),
                "REMOTE_PORT": client_port,
                "wsgi.url_scheme": scope.scheme,
            }
        )
        start = len(environ)
        for name, value in scope.headers.items():
            if "_" in name:
                continue
            key = name.upper().replace("-", "_")
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                key = "HTTP_" + key
            if key in environ:
                value = environ[key] + (";" if key == "HTTP_COOKIE" else ",") + value
            environ[key] = value
        if len(environ) - start < len(scope.headers.keys()):
            # A header whose value is not ASCII is left out of the items, its name kept: Granian's WSGI gave
            # it as "", which the app's checks refuse (an Idempotency-Key must be ASCII: 400), so do the same.
            for name in scope.headers.keys():
                if "_" not in name:
                    key = name.upper().replace("-", "_")
                    environ.setdefault(key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key, "")
        return environ

    async def receive(self, environ: dict, proto):
        """Sets the environ's input to the whole body. _CLOSE when the connection must close after the answer
        (the body was not read to its end: too large, or too late), _GONE when the client went away."""
        environ["wsgi.input"] = io.BytesIO()
        length = environ.get("CONTENT_LENGTH")
        coding = environ.get("HTTP_TRANSFER_ENCODING")
        if coding is not None and (coding.strip().lower() != "chunked" or length is not None):
            # RFC 9112 §6.1 and §6.3: a transfer coding other than chunked alone (gzip, chunked: not decoded, so
            # the app would read coded bytes as the body; chunked, gzip: no length at all), or Content-Length
            # with Transfer-Encoding. A proxy in front that frames the body by the other rule would pass a
            # second request inside this one (request smuggling): refused unread, and the connection closed.
            environ[BAD_FRAMING] = True
            environ.pop("HTTP_TRANSFER_ENCODING")
            environ["CONTENT_LENGTH"] = "0"
            return _CLOSE
        chunked = coding is not None
        if not chunked and (not length or length == "0"):
            return _KEEP
        limit = self.max_body
        if length and not chunked:
            try:
                declared = int(length)
            except ValueError:  # Granian refuses such requests with 400 first; the app's own parser decides
                return _CLOSE
            if limit is not None and declared > limit:
                return _CLOSE  # not read: the app answers 413 from the declared length
        # The app gets a body of known length: Werkzeug ignores CONTENT_LENGTH when a transfer-encoding is named.
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        try:
            if chunked:
                body = await self.within(self.read_chunked(proto, environ))
                if body is None:
                    return _CLOSE  # over the limit: the app answers 413 from CONTENT_LENGTH
            else:  # its declared length is within the limit: read in one go
                body = await self.within(proto())
        except TimeoutError:
            environ[TIMED_OUT] = True
            environ["CONTENT_LENGTH"] = "0"
            return _CLOSE
        except ProtocolClosed:  # the client went away: no answer would reach anyone
            return _GONE
        if not chunked and len(body) != declared:  # the body ended short: the client closed the connection
            return _GONE
        environ["CONTENT_LENGTH"] = str(len(body))
        environ["wsgi.input"] = io.BytesIO(body)
        return _KEEP

    async def within(self, receiving):
        """What `receiving` (the body's read: Granian's future, or a coroutine reading chunks) gives, once the
        client has sent it; TimeoutError once the client had `body_timeout` seconds and it has not come.

        A timer, as asyncio.timeout's, but one that looks before it cancels: the time the loop was held since
        it was set (LoopStalls) is given back to the client first (Granian receives a body on its own threads,
        but the loop hands it over, and a chunked body's next chunk is only read when the loop asks for it).
        And a body that came while the time ran out (its arrival and the timer handled by the loop in one turn
        after a long hold) is taken: Granian's future is done, its result there."""
        deadline = _Deadline(self.body_timeout, self.stalls)
        try:
            return await receiving
        except asyncio.CancelledError:
            if not deadline.expired or deadline.task.uncancel() > deadline.cancelling:  # the request given up
                raise
            if asyncio.isfuture(receiving) and receiving.done() and not receiving.cancelled():
                return receiving.result()  # it came as the time ran out
            raise TimeoutError from None
        finally:
            deadline.timer.cancel()

    async def read_chunked(self, proto, environ: dict) -> bytes | None:
        """A chunked body, or None (CONTENT_LENGTH set to what came) as soon as it is past the limit."""
        limit = self.max_body
        chunks: list[bytes] = []
        size = 0
        async for chunk in proto:
            size += len(chunk)
            if limit is not None and size > limit:
                environ["CONTENT_LENGTH"] = str(size)
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    def call(self, environ: dict):
        """The WSGI call: (status, headers, an iterator over the body's chunks, the body's close)."""
        started: list = []

        def start_response(status, headers, exc_info=None):
            if exc_info is not None and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [int(status.split(" ", 1)[0]), headers]
            return _no_write

        body = self.app(environ, start_response)
        chunks = iter(body)
        if not started:  # a generator app calls start_response on its first chunk
            first = next(chunks, _END)
            chunks = _chain(first, chunks)
        return started[0], started[1], chunks, getattr(body, "close", _nothing)


class _Deadline:
    """BodyFirst.within's timer: cancels the current task once it has run `seconds` of the client's time."""

    __slots__ = ("loop", "task", "cancelling", "stalls", "held", "expired", "timer")

    def __init__(self, seconds: float, stalls: LoopStalls | None):
        self.loop = asyncio.get_running_loop()
        self.task = asyncio.current_task()
        self.cancelling = self.task.cancelling()
        self.stalls = stalls
        self.held = stalls.total if stalls is not None else 0.0
        self.expired = False
        self.timer = self.loop.call_later(seconds, self.expire)

    def expire(self) -> None:
        stalls = self.stalls
        if stalls is not None and stalls.total > self.held:  # the loop was held meanwhile: that time back
            given = stalls.total - self.held
            self.held = stalls.total
            self.timer = self.loop.call_later(given, self.expire)
            return
        self.expired = True
        self.task.cancel()


class LoopStalls:
    """How long a worker's event loop was held, summed: `total` seconds during which it could not run its
    callbacks (the app at work on its thread, or waiting for the interpreter lock), as a heartbeat every
    EVERY seconds finds itself late. Holds shorter than SLACK are not counted; the body deadline's margin
    covers them. Costs the loop a callback 10 times a second."""

    EVERY = 0.1
    SLACK = 0.05

    def __init__(self, loop):
        self.loop = loop
        self.total = 0.0
        self._due = loop.time() + self.EVERY
        self._handle = loop.call_at(self._due, self._beat)

    def _beat(self) -> None:
        now = self.loop.time()
        late = now - self._due
        if late > self.SLACK:
            self.total += late
        self._due = now + self.EVERY
        self._handle = self.loop.call_at(self._due, self._beat)

    def stop(self) -> None:
        self._handle.cancel()


# Every visible ASCII character but the space: kept as it came, percent-escapes included.
_QUERY_SAFE = string.ascii_letters + string.digits + string.punctuation


def _ascii_query(query: str) -> str:
    """The query string as a browser sends it: non-ASCII characters percent-encoded as UTF-8.

    Granian passes on the UTF-8 text that clients such as curl, scripts and some in-app browsers send unencoded
    (`/ask?q=县级市`), and the WSGI environ must hold it as Latin-1 text: Werkzeug's encode("latin-1") of the
    raw characters raised before routing, a 500 on every route (attack round 4, F1). Encoded, the app reads the
    words that were meant. (Granian itself refuses a query whose bytes are not UTF-8 with a 400.)"""
    if query.isascii():
        return query
    return quote(query, safe=_QUERY_SAFE, errors="replace")


def _nothing():
    pass


def _no_write(data):
    raise NotImplementedError("the WSGI write() callable is not supported")


def _chain(first, rest):
    if first is not _END:
        yield first
    yield from rest
