"""The Python work web/bodyfirst.py adds to a request, in-process (CPU time, no server, no sockets).

    .venv/bin/python bench/bodyfirst_cost.py [--requests 20000] [--rounds 7]

Drives `BodyFirst.__rsgi__` with a stand-in for Granian's RSGI scope and protocol (a POST of the feedback
benchmark's body, ~600 bytes, as Granian hands it over) around a WSGI app that only reads the body and
answers; against it, the same app called with a ready environ, as Granian's WSGI interface calls it after
building the environ in Rust. The difference is what the bridge costs in Python per request; the whole-server
comparison (Granian's WSGI interface against this) is bench/feedback_api.py's server CPU per request.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.feedback_api import PAYLOAD
from web.bodyfirst import BodyFirst

BODY = json.dumps(PAYLOAD, ensure_ascii=False).encode()
HEADERS = [
    ("host", "127.0.0.1:8000"),
    ("user-agent", "wrk"),
    ("content-type", "application/json"),
    ("content-length", str(len(BODY))),
    ("accept", "*/*"),
]


class Headers:
    def __init__(self, items):
        self._items = items

    def items(self):
        return self._items

    def keys(self):
        return [name for name, _ in self._items]


class Scope:
    proto, http_version, scheme, method, path, query_string = "http", "1.1", "http", "POST", "/api/v1/feedback", ""
    server, client = "127.0.0.1:8000", "127.0.0.1:50000"
    headers = Headers(HEADERS)


class Proto:
    def __call__(self):
        """A future already done, as Granian's `proto()` gives (a PyFutureAwaitable: asyncio.isfuture)."""
        future = asyncio.get_running_loop().create_future()
        future.set_result(BODY)
        return future

    def response_bytes(self, status, headers, body):
        pass


def app(environ, start_response):
    environ["wsgi.input"].read()
    start_response("201 CREATED", [("Content-Type", "application/json"), ("Content-Length", "2")])
    return [b"{}"]


def through_bridge(n: int) -> float:
    bridge, scope, proto = BodyFirst(app, body_timeout=10, max_body=1024 * 1024), Scope(), Proto()

    async def loop():
        for _ in range(n):
            await bridge.__rsgi__(scope, proto)

    start = time.thread_time()
    asyncio.run(loop())
    return (time.thread_time() - start) / n


def direct(n: int) -> float:
    environ = {k: v for k, v in BodyFirst(app, body_timeout=10, max_body=None).environ(Scope()).items()}

    def respond(status, headers):
        pass

    start = time.thread_time()
    for _ in range(n):
        environ["wsgi.input"] = io.BytesIO(BODY)
        b"".join(app(environ, respond))
    return (time.thread_time() - start) / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    bridge, plain = [], []
    for _ in range(args.rounds):  # interleaved, so both see the same machine
        bridge.append(through_bridge(args.requests) * 1e6)
        plain.append(direct(args.requests) * 1e6)
    print(
        json.dumps(
            {
                "bridge_us": round(statistics.median(bridge), 2),
                "direct_us": round(statistics.median(plain), 2),
                "added_us_per_request": round(statistics.median(bridge) - statistics.median(plain), 2),
                "rounds": args.rounds,
                "requests": args.requests,
            }
        )
    )


if __name__ == "__main__":
    main()
