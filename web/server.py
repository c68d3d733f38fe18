"""`consult serve`: the app under Granian, one worker process per core.

A Python process runs Python on one core at a time, so one process leaves the
other cores idle. Granian (HTTP in Rust) reads, parses and writes HTTP outside
the interpreter and balances connections across its worker processes; each
worker calls the Flask app on one thread (default_threads says why), and only once the request's body
has arrived in full (web/bodyfirst.py says why: a client sending its body slowly must not hold that thread).
Staff pages and downloads run on a small pool of their own in each worker, so that an export taking seconds
never holds the thread that receives and answers the public (web/bodyfirst.py, STAFF_THREADS).

The app is built once, in the parent, before the workers fork: migrations run
once, the Q&A index is built once and its pages stay shared. The parent closes
its database connections first, so each worker opens its own.
"""
from __future__ import annotations

import errno
import gc
import os
import socket

from flask import Flask

_app = None  # the BodyFirst around the app, built by serve(); forked workers inherit it


def default_workers() -> int:
    return int(os.environ.get("WEB_WORKERS") or os.cpu_count() or 1)


def default_threads() -> int:
    """One thread per worker unless WEB_THREADS says otherwise.

    Requests here are short and spend their time in Python: a second thread in a
    worker only takes turns with the first for the interpreter lock, and with four
    writers instead of two queueing for SQLite. Measured on 2 cores (bench/README.md):
    two threads per worker cost ~1.5x the CPU per submission and answered a third fewer.
    """
    return int(os.environ.get("WEB_THREADS") or 1)


def default_body_timeout() -> float:
    """Seconds a client has to send a request's headers, and again its body (WEB_BODY_TIMEOUT, default 10).

    A slow or stalled client holds only an asyncio task meanwhile (web/bodyfirst.py), so the bound is about
    honest clients on slow links: 10 s carries the 1 MB maximum body at 100 KB/s.
    """
    return float(os.environ.get("WEB_BODY_TIMEOUT") or 10)


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on (host, port).

    Granian binds with SO_REUSEPORT, so a second `consult serve` on a taken port would start without an
    error and the kernel would split connections between two services (with different secret keys, half
    the form posts then fail as expired). A plain bind, without SO_REUSEPORT, is refused in that case.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a port in TIME_WAIT is free
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return True
            raise
    return False


def worker_app():
    """What each worker serves (Granian calls this in the worker, after the fork)."""
    if _app is None:  # a platform that starts workers fresh instead of forking: build it here
        from consultation.services import Services
        from web import create_app
        from web.bodyfirst import BodyFirst

        app = create_app(Services(migrate=False))
        return BodyFirst(app, body_timeout=default_body_timeout(), max_body=app.config["MAX_CONTENT_LENGTH"],
                         threads=default_threads(), offload=app.extensions["staff_paths"])
    return _app


def serve(app: Flask, *, host: str, port: int, workers: int, threads: int,
          body_timeout: float | None = None) -> None:
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings
    from granian.server import Server

    from web.bodyfirst import BodyFirst

    body_timeout = body_timeout or default_body_timeout()
    global _app
    _app = BodyFirst(app, body_timeout=body_timeout, max_body=app.config["MAX_CONTENT_LENGTH"], threads=threads,
                     offload=app.extensions.get("staff_paths", ()))
    services = app.extensions.get("services")
    if services is not None and "engine" in services.__dict__:  # cached_property: only if it was opened
        services.engine.dispose()  # no connection may be shared by two processes (SQLite and libpq agree)
    # Everything built so far (the draft, the Q&A index, jieba's dictionary: ~175,000 objects) lives as
    # long as the process. Frozen, the collector stops scanning it: a full collection took ~100 ms with
    # the interpreter held, a pause that every request in flight waited out. Frozen objects are also
    # never written by the collector, so the pages the workers share with the parent stay shared.
    gc.freeze()
    # RSGI, not WSGI: BodyFirst reads each body on the worker's event loop before calling the app. Granian's
    # own deadline covers the headers (its default is 30 s); set here to the same bound as the body's.
    Server("web.server:worker_app", address=host, port=port, interface=Interfaces.RSGI, workers=workers,
           http1_settings=HTTP1Settings(header_read_timeout=max(1, round(body_timeout * 1000))),
           websockets=False, log_access=False,
           workers_kill_timeout=10).serve(target_loader=worker_app, wrap_loader=False)
