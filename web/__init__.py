"""The Flask adapter: pages and the JSON API over the consultation services.

`create_app` takes a ready Services (tests pass theirs) or builds one from the
environment; blueprints are listed in web/blueprints.py so each area plugs in
its own without editing this factory.
"""
from __future__ import annotations

import datetime as dt
import functools
import importlib
import os

from flask import Flask, abort, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from consultation.i18n import LOCALES
from consultation.services import Services

from . import encoding, params
from .bodyfirst import BAD_FRAMING, TIMED_OUT
from .blueprints import BLUEPRINTS, CSRF_EXEMPT, OPENAPI
from .errors import is_api_path
from .safemethods import HeadAsGet

csrf = CSRFProtect()
babel = Babel()


def create_app(services: Services | None = None, **config) -> Flask:
    services = services or Services()
    app = Flask(__name__, instance_path=str(services.settings.instance))
    app.config.update(
        SECRET_KEY=services.settings.secret_key,
        MAX_CONTENT_LENGTH=1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=8),
        WTF_CSRF_TIME_LIMIT=None,
        BABEL_DEFAULT_LOCALE="zh_CN",
        BABEL_DEFAULT_TIMEZONE="Asia/Shanghai",
        JSON_AS_ASCII=False,
    )
    app.config.update(config)
    _trust_proxy(app, app.config.get("TRUST_PROXY", os.environ.get("TRUST_PROXY", "")))
    app.json.ensure_ascii = False
    app.session_interface = NoCookieSessionForTheApi()
    app.extensions["services"] = services

    from .i18n import CatalogDomain, select_locale

    babel.init_app(app, locale_selector=select_locale)
    babel.domain_instance = CatalogDomain()
    csrf.init_app(app)
    params.register(app)  # the `dbid` route converter, before the blueprints' routes use it

    for spec in BLUEPRINTS:
        app.register_blueprint(_resolve(spec, "bp"))
    for spec in CSRF_EXEMPT:
        csrf.exempt(_resolve(spec))
    app.extensions["openapi"] = [_resolve(spec) for spec in OPENAPI]
    staff_paths = tuple(app.blueprints[name].url_prefix for name in STAFF_BLUEPRINTS)
    app.extensions["staff_paths"] = staff_paths  # `consult serve` runs them off the public's thread (bodyfirst)
    from . import limits

    request_limits = limits.init_app(app)  # per-route rate limits, once the routes exist
    if app.extensions.get("wechat") is not None:
        # The WeChat bot stores submissions in this process: RATE_LIMIT_CONTACT in the form's and the API's
        # own counters (in memory too, not a second set), so a contact counts alike on every channel.
        app.extensions["wechat"].adapter.conversation.contact_limit = request_limits.contact_limit
    from . import outage

    outage.init_app(app)  # Redis unreachable: 503 for what needs it (the limits fall back to memory)
    # Before the CSRF check, the limits and the views read the request: a body that did not come whole, one in
    # a content coding the service does not decode, then text that is not UTF-8 (web/encoding.py).
    app.before_request_funcs.setdefault(None, [])[:0] = [_refuse_unread_body, encoding.refuse_content_coding,
                                                         encoding.refuse_not_utf8]

    from . import context

    app.teardown_appcontext(context.close_session)
    app.context_processor(context.template_globals)
    app.jinja_env.filters["zip_labels"] = context.zip_labels
    app.jinja_env.filters["list_of"] = context.list_of
    app.after_request(functools.partial(_security_headers, staff_paths=staff_paths))
    app.wsgi_app = HeadAsGet(app.wsgi_app)  # outermost: no view, hook or extension ever sees a HEAD
    return app


def _refuse_unread_body():
    """408 for a request whose body did not arrive within WEB_BODY_TIMEOUT, 400 for one whose body's length
    cannot be told safely (Content-Length with Transfer-Encoding, or a transfer coding other than chunked).
    web/bodyfirst.py gives the app such a request with an empty body only so that the answer is the app's
    own, localized; it closes the connection after it."""
    if request.environ.get(TIMED_OUT):
        abort(408)
    if request.environ.get(BAD_FRAMING):
        from flask_babel import gettext as _

        from .errors import answer

        return answer(400, "bad_framing", _("Bad request"),
                      _("The request's length could not be told: it had both Content-Length and Transfer-Encoding, "
                        "or a transfer coding other than chunked. Nothing was saved. Please send it again."))


def _resolve(spec: str, default: str | None = None):
    """The object a registry entry of web/blueprints.py names ("module:attribute")."""
    module_name, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module_name), attr or default)


class NoCookieSessionForTheApi(SecureCookieSessionInterface):
    """Under /api/ the cookie session is neither read nor set: the public API answers to the request
    alone and the office API to its bearer token, so a browser's cookies cannot act through either.
    (Not reading it also spares every API request the cookie's signer and parser.)"""

    def open_session(self, app, request):
        if is_api_path(request.path):
            return self.make_null_session(app)
        return super().open_session(app, request)

    def get_cookie_secure(self, app) -> bool:
        # Secure whenever the request came over HTTPS (behind a proxy: with TRUST_PROXY set).
        return app.config["SESSION_COOKIE_SECURE"] or request.is_secure


def _trust_proxy(app: Flask, setting: str) -> None:
    """TRUST_PROXY=N: N proxies in front set X-Forwarded-For/-Proto/-Host/-Port (werkzeug's ProxyFix),
    so the client's address (sign-in throttle), HTTPS (Secure cookies, HSTS) and the host are theirs.
    Unset or 0: the headers are ignored, since anyone could send them."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    setting = str(setting or "").strip().lower()
    hops = 1 if setting in ("true", "yes", "on") else int(setting) if setting.isdigit() else 0
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'self'",
}


# Blueprints whose url_prefix covers every staff page and the office API (the office's other blueprints,
# inbound and revisions, live under /office/ too).
STAFF_BLUEPRINTS = ("office", "office_api")
HSTS = "max-age=31536000; includeSubDomains"  # only ever sent over HTTPS


def _security_headers(response, staff_paths: tuple[str, ...]):
    # One pass over the names: Headers' own `in` and setdefault raise (and build) an HTTP exception per miss.
    present = {name.lower() for name in response.headers.keys()}
    for name, value in SECURITY_HEADERS.items():
        if name.lower() not in present:
            response.headers.add(name, value)
    if request.is_secure and "strict-transport-security" not in present:
        response.headers.add("Strict-Transport-Security", HSTS)
    if request.path.startswith(staff_paths):
        # Staff pages and the office API show personal data to one signed-in person: never stored by a
        # browser or a proxy, whatever the view forgot to say (one rule for every office blueprint).
        response.headers["Cache-Control"] = "no-store"
    elif request.method not in ("GET", "HEAD") and "cache-control" not in present:
        # An answer to a form (a 422 page repeating the typed name and phone) is never cached.
        response.headers.add("Cache-Control", "no-store")
    return response


__all__ = ["create_app", "csrf", "LOCALES"]
