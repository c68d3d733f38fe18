"""Redis or the database unreachable: what cannot work without it answers 503 with Retry-After, never 500.

The database (attack round 7, F3): a PostgreSQL that refuses connections (down, restarting, "too many
clients") made every request a 500, half of them Flask's bare English page, because the error page itself
read the database again. Now any request that meets it answers 503 with Retry-After and the localized page
or JSON, rendered without the database; consultation/db.py logs the outage once, and its end.

With REDIS_URL set, Redis holds the office's sign-in sessions, sign-in throttles and the WeChat nonce cache
(consultation/expiring.py) as well as the request limits' counters. The limits fall back to this process's
memory while it is unreachable (consultation/intake/windows.py), so submissions, questions and self-checks
go on; sessions and throttles cannot be kept anywhere else without signing everyone out when Redis comes
back or letting a throttle be dodged, so what needs them (office sign-in and pages, the WeChat endpoint)
is answered 503 with Retry-After and a localized message until Redis answers again. A Redis that stops
answering without refusing (a stopped server, a black-holed network) holds the request that meets it one
short timeout at most; after that, while the process knows it unreachable, the 503 comes at once
(consultation/intake/windows.py, Reachability: the store raises KnownOutage without asking Redis).
"""
from __future__ import annotations

import logging
import time

from flask import Flask, g, make_response
from flask_babel import gettext as _
from sqlalchemy import exc as sa_exc

from consultation import db
from consultation.intake.windows import UNREACHABLE

from . import errors

log = logging.getLogger(__name__)

RETRY_AFTER = 30  # seconds: a restart or a failover of Redis or of the database
_LOG_EVERY = 60.0  # seconds (real clock) between two log lines about the same outage
_logged = [0.0]


def unavailable(exc: Exception):
    # The page must not need Redis itself: a signed-in member's request failed reading the session there,
    # and the page's staff globals would read it again (a 500 from the error handler: attack 5, N3). A
    # member not yet known is shown the page as nobody's.
    g.setdefault("office_account", None)
    g.setdefault("office_session", None)
    now = time.monotonic()
    if now - _logged[0] >= _LOG_EVERY:
        _logged[0] = now
        log.error("Redis unreachable, answering 503: %s", exc)
    return _answer(_("This part of the service is briefly unavailable. Please try again in a minute."))


def database_unavailable(exc: Exception):
    """503 for a database that cannot be reached; any other database error is the app's (500, logged)."""
    if not db.unreachable(exc):
        raise exc
    # Nothing on the page may read the database: not the member (their session and account are rows when
    # Redis is not configured), not the link to the published summary (web/context.py, database_down).
    g.database_down = True
    g.setdefault("office_account", None)
    g.setdefault("office_session", None)
    return _answer(_("The service is briefly unavailable. Please try again in a minute."))


def _answer(message: str):
    response = make_response(*errors.answer(503, "temporarily_unavailable", _("Temporarily unavailable"), message))
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def init_app(app: Flask) -> None:
    for error in UNREACHABLE:
        app.register_error_handler(error, unavailable)
    # DBAPIError covers db.Unreachable and a connection lost mid-request; TimeoutError is the pool's.
    for error in (sa_exc.DBAPIError, sa_exc.TimeoutError):
        app.register_error_handler(error, database_unavailable)
