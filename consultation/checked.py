"""Check your answers, then confirm: the confirmation stores only what the check showed.

A check-your-answers step (the feedback form's /feedback/check, the change page's check step, the bots'
summary) shows answers that live elsewhere (the draft row and the details cookie, the stored submission, the
bot's conversation row), so another tab, another device or an older message's button can change them between
the showing and the confirming. Each check therefore puts a digest of exactly what it shows into its confirm
control (a hidden field, the button's id), and the confirmation goes ahead only while the answers still have
that digest; otherwise nothing is stored and the answers are shown again to be checked.

The digest is keyed with the app's secret (HMAC-SHA256): it travels in pages and in a chat platform's button
data, and an unkeyed hash of a name and a phone number could be tried against guesses.
"""
from __future__ import annotations

import hashlib
import hmac
import json

from .i18n import N_

# Said above the answers shown again (error summary on the web, a message in the bots).
MSG_CHANGED = N_("Your answers changed in another window since you checked them. Check them again before sending.")
MSG_CHANGED_SAVED = N_("Your feedback was changed in another window since you checked these changes. Check them "
                       "again before saving.")

WEB_SIZE = 32  # hex characters in a page's hidden field
BUTTON_SIZE = 16  # in a bot button's id (Telegram's callback data holds 64 bytes)


def _canonical(value):
    """Line ends as \\n: a browser sends a hidden field's line breaks as CRLF whatever the page held."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def digest(answers, secret_key: str, size: int = WEB_SIZE) -> str:
    """The digest of the answers a check step shows (any JSON-like data; keys in any order)."""
    data = json.dumps(_canonical(answers), ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    key = hashlib.sha256(b"checked-answers:" + secret_key.encode()).digest()
    return hmac.new(key, data.encode("utf-8"), hashlib.sha256).hexdigest()[:size]


def unchanged(shown: str | None, answers, secret_key: str, size: int = WEB_SIZE) -> bool:
    """Whether `answers` are still those whose digest the check step showed (`shown`, from its confirm)."""
    # Compared as bytes: compare_digest refuses str with non-ASCII characters (TypeError), and `shown` is
    # whatever a client posted.
    return bool(shown) and hmac.compare_digest(str(shown).encode("utf-8", "surrogatepass"),
                                               digest(answers, secret_key, size).encode())
