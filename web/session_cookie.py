"""Flask's signed session cookie, with its signer built once instead of on every request."""
from __future__ import annotations

from flask.sessions import SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    """Flask makes a new URLSafeTimedSerializer for each request, and itsdangerous
    serialises an empty dict to learn its serializer's type each time: together
    more than the JSON API's own routing. The signer depends only on the keys, so
    one is kept per set of keys; changing SECRET_KEY still takes effect."""

    _cached: tuple = (None, None)

    def get_signing_serializer(self, app):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached_keys, serializer = self._cached
        if cached_keys != keys:
            serializer = super().get_signing_serializer(app)
            self._cached = (keys, serializer)
        return serializer
