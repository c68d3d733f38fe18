"""The one way the web pages set and clear their own cookies (language, 长辈版, the feedback draft).

Every cookie gets the same flags as the session cookie: HttpOnly, SameSite=Lax, and Secure whenever the
request came over HTTPS (behind a proxy: with TRUST_PROXY set) or SESSION_COOKIE_SECURE says so.
"""
from __future__ import annotations

from flask import current_app, request


def flags(*, httponly: bool = True) -> dict:
    secure = bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure
    return {"httponly": httponly, "samesite": "Lax", "secure": secure}


def set_cookie(response, name: str, value: str, max_age: int, *, httponly: bool = True) -> None:
    response.set_cookie(name, value, max_age=max_age, **flags(httponly=httponly))


def delete_cookie(response, name: str) -> None:
    response.delete_cookie(name, **flags())
