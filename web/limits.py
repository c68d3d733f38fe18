"""Request rate limits on the public endpoints (Flask-Limiter), and the one place their values live.

Per client address on the endpoints that store or cost: feedback (the form's storing step and the API),
saved self-checks, questions and office sign-in; per contact address (the body's email and phone,
hashed) on submissions, so one address cannot be flooded with receipts from many addresses.

The counters live in Redis when REDIS_URL is set, so every worker process and host shares them. Without
Redis (the embedded default) they are in memory, one set per `consult serve` worker process; each limit
is then divided by the number of workers (WEB_WORKERS), so the whole service limits approximately.
RATELIMIT_ENABLED=false (Flask-Limiter's own switch) turns them all off for benchmarks and demonstrations.
Staff intake (imports, the mailbox, manual entry) never passes through these routes.
"""
from __future__ import annotations

import hashlib
import math
import os

from flask import Flask, current_app, g, request
from flask_babel import gettext as _
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits import parse_many

from consultation.intake import counters
from consultation.intake.jsonbody import BadBody, loads

from . import errors

# name: (environment variable, default, endpoints). Values are Flask-Limiter rate strings ("5/minute;30/hour").
LIMITS = {
    "feedback": ("RATE_LIMIT_FEEDBACK", "5/minute;30/hour", ("api.feedback", "public.check_answers")),
    "self_check": ("RATE_LIMIT_SELF_CHECK", "10/minute;60/hour", ("selfcheck.start", "selfcheck.api_self_check")),
    "ask": ("RATE_LIMIT_ASK", "20/minute;300/hour", ("ask.api_ask", "ask.page")),
    "login": ("RATE_LIMIT_LOGIN", "10/minute;50/hour", ("office.login", "office.login_code")),
    "contact": ("RATE_LIMIT_CONTACT", "5/hour;20/day", ("api.feedback", "public.check_answers")),
}


def _enabled(value) -> bool:
    return str(value).strip().lower() not in ("0", "false", "no", "off")


def divided(value: str, workers: int) -> str:
    """Each limit of `value` split between `workers` in-memory counters (at least 1 per worker)."""
    parts = []
    for item in parse_many(value):
        amount = max(1, math.floor(item.amount / workers)) if workers > 1 else item.amount
        parts.append(f"{amount}/{item.multiples} {item.GRANULARITY.name}")
    return ";".join(parts)


def _contact(field: str) -> str | None:
    """The submitter's email or phone from the request, normalised; None when there is none. Read once
    per request: Flask-Limiter asks for it for every limit of every decorator (12 times a request)."""
    if "rate_contacts" not in g:
        g.rate_contacts = {f: _read_contact(f) for f in ("email", "phone")}
    return g.rate_contacts[field]


def _read_contact(field: str) -> str | None:
    submitter = None
    if request.endpoint == "public.check_answers":
        from .public.feedback import details_from_cookie

        submitter = (details_from_cookie() or {}).get("submitter")
    elif request.is_json:
        try:
            body = loads(request.get_data(cache=True))
        except BadBody:  # the view answers it with a 400
            return None
        submitter = body.get("submitter") if isinstance(body, dict) else None
    value = submitter.get(field) if isinstance(submitter, dict) else None
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().lower()


def _contact_key(field: str):
    def key() -> str:
        # Hashed with the app's secret: the counters (in Redis) never hold an address.
        cache = g.setdefault("rate_contact_keys", {})
        if field not in cache:
            digest = hashlib.sha256(f"{current_app.secret_key}:{field}:{_contact(field)}".encode()).hexdigest()
            cache[field] = f"contact:{digest[:32]}"
        return cache[field]
    return key


def init_app(app: Flask) -> Limiter:
    """Attach a limiter to the app's routes; call after the blueprints are registered."""
    env = os.environ
    app.config.setdefault("RATELIMIT_ENABLED", _enabled(env.get("RATELIMIT_ENABLED", "true")))
    app.config["RATELIMIT_ENABLED"] = _enabled(app.config["RATELIMIT_ENABLED"])
    app.config.setdefault("RATELIMIT_KEY_PREFIX", env.get("RATELIMIT_KEY_PREFIX", "consult"))
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    redis_url = app.extensions["services"].settings.redis_url
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or counters.URI)
    if app.config["RATELIMIT_STORAGE_URI"] == "memory://":  # the same counters, without a thread per request
        app.config["RATELIMIT_STORAGE_URI"] = counters.URI
    shared = not app.config["RATELIMIT_STORAGE_URI"].startswith(counters.URI)
    from .server import default_workers

    workers = 1 if shared else int(app.config.get("WEB_WORKERS") or default_workers())
    limiter = Limiter(get_remote_address, app=app)
    app.extensions["rate_limits"] = limiter  # held here: when disabled, Flask-Limiter keeps no reference
    for name, (variable, default, endpoints) in LIMITS.items():
        value = divided(app.config.get(variable) or env.get(variable) or default, workers)
        for endpoint in endpoints:
            view = app.view_functions[endpoint]
            if name == "contact":
                for field in ("email", "phone"):
                    view = limiter.limit(value, key_func=_contact_key(field), methods=["POST"],
                                         scope=f"contact-{field}", override_defaults=False,
                                         exempt_when=lambda f=field: _contact(f) is None)(view)
            else:
                view = limiter.limit(value, methods=["POST"], scope=name, override_defaults=False)(view)
            app.view_functions[endpoint] = view
    app.register_error_handler(RateLimitExceeded, too_many)
    return limiter


def too_many(exc: RateLimitExceeded):
    """429, localized: JSON under /api/, a page elsewhere. Flask-Limiter adds Retry-After to it."""
    return errors.answer(429, "rate_limited", _("Too many requests"),
                         _("Too many requests from you in a short time. Please wait and try again later."))
