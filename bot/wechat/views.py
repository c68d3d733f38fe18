"""The /wechat route: the Official Account server endpoint (GET verification, POST messages).

404 without WECHAT_TOKEN. Every request is authenticated by its signature
before anything else is read (403 on failure, nothing processed; failures are
counted per client address, 429 past RATE_LIMIT_WECHAT_MISS, and logged once
per address per window). Messages are
accepted in safe mode (encrypt_type=aes, WECHAT_AES_KEY) only: in plain mode the
signature does not cover the body, so plain messages are refused unless
WECHAT_ALLOW_PLAIN is set (development). A timestamp and nonce are accepted once
per body (the replay cache): a captured query string cannot carry another body.
"""
from __future__ import annotations

import logging
import os

from flask import Blueprint, Response, abort, current_app, request

from bot.core.ratelimit import UserLimiter

from .adapter import PLATFORM
from .config import WeChatConfig
from .protocol import SUCCESS, BadRequest, Forbidden, check_signature, parse_xml, text_reply
from .runtime import WeChatRuntime

log = logging.getLogger(__name__)

bp = Blueprint("wechat", __name__)


@bp.record_once
def _setup(state):
    app = state.app
    config = WeChatConfig.load(app.config, os.environ)
    if not config:
        app.extensions["wechat"] = None
        return
    services = app.extensions["services"]
    # Any web worker may take a user's next message: without Redis each keeps its own count, so the
    # limit is divided between them (as the web's limits are, web/limits.py).
    from web.server import default_workers

    settings = {**os.environ, **{k: v for k, v in app.config.items() if isinstance(k, str) and v is not None}}
    limiter = UserLimiter.from_settings(PLATFORM, settings, services.settings.redis_url,
                                        workers=int(app.config.get("WEB_WORKERS") or default_workers()))
    app.extensions["wechat"] = WeChatRuntime(services, config, limiter=limiter)


def runtime() -> WeChatRuntime:
    rt = current_app.extensions.get("wechat")
    if rt is None:
        abort(404)
    return rt


def _plain(text: str, status: int = 200) -> Response:
    return Response(text, status=status, mimetype="text/plain")


def _refused(exc: Forbidden) -> Response:
    """403 for a request that failed the signature, timestamp or replay checks (WeChat's servers never send
    one), counted per client address (RATE_LIMIT_WECHAT_MISS, web/limits.py): 429 with Retry-After past the
    limit. Logged once per address per window, not once per request: a client sending hundreds a second
    wrote as many lines (attack round 13, F5)."""
    miss = current_app.extensions["rate_limits"].miss("wechat_miss")
    if miss.log:
        log.warning("wechat: refused %s from %s: %s (further refusals from this address within %d s are not "
                    "logged)", request.method, request.remote_addr, exc, miss.window)
    if miss.retry_after is not None:
        response = _plain("too many requests", 429)
        response.headers["Retry-After"] = str(miss.retry_after)
        return response
    return _plain("forbidden", 403)


@bp.route("/wechat", methods=["GET", "POST"])
def endpoint():
    rt = runtime()
    cfg = rt.config
    args = request.args
    timestamp, nonce = args.get("timestamp", ""), args.get("nonce", "")
    try:
        check_signature(cfg.token, args.get("signature"), timestamp, nonce, max_skew=cfg.max_clock_skew)
    except Forbidden as exc:
        return _refused(exc)
    if request.method == "GET":
        echostr = args.get("echostr", "")
        return _plain(echostr) if echostr else _plain("missing echostr", 400)

    aes = args.get("encrypt_type", "raw").lower() == "aes"
    if aes != cfg.safe_mode or not (aes or cfg.allow_plain):
        log.warning("wechat: refused a %s message (account configured for %s)",
                    "safe-mode" if aes else "plain", "safe mode" if cfg.safe_mode else
                    "plain mode" if cfg.allow_plain else "neither: set WECHAT_AES_KEY")
        return _plain("forbidden", 403)
    body = request.get_data(cache=False)
    try:
        envelope = parse_xml(body)
        message = rt.crypto.decrypt(envelope, args.get("msg_signature"), timestamp, nonce) if aes else envelope
    except Forbidden as exc:
        return _refused(exc)
    except BadRequest as exc:
        log.warning("wechat: bad POST: %s", exc)
        return _plain("bad request", 400)

    try:  # the replay cache is checked by the runtime, within WeChat's deadline like every database step
        text = rt.handle(message, replay=(timestamp, nonce, body))
    except BadRequest as exc:
        return _plain(f"bad request: {exc}", 400)
    except Forbidden as exc:  # a replayed timestamp and nonce with another body
        return _refused(exc)
    if not text:
        return _plain(SUCCESS)
    xml = text_reply(message["FromUserName"], str(message.get("ToUserName") or ""), text)
    if aes:
        xml = rt.crypto.encrypt(xml, timestamp=timestamp or None)
    return Response(xml, mimetype="application/xml")
