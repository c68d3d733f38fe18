"""The one rule for redirect targets that come from the request (`next`, `back`, …).

Only a same-site relative path is followed. Browsers strip tab, CR and LF from a URL before
parsing it and read a backslash as a slash, so `/\t/evil.example` and `/\\evil.example` become
`//evil.example`, another site; and Werkzeug refuses a newline in a header with a server error.
So a target is refused when it, or its percent-decoded form, contains any control character,
whitespace or backslash, starts with `//`, or parses with a scheme or a host. Anything refused
falls back to the caller's default, never to an error.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

MAX_LENGTH = 2048


def _clean(text: str) -> bool:
    for ch in text:
        if ch == "\\" or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            return False
    return True


def is_safe_path(target, prefix: str = "/") -> bool:
    """True when `target` is a relative path on this site starting with `prefix`."""
    if not isinstance(target, str) or not target or len(target) > MAX_LENGTH:
        return False
    decoded = unquote(target)
    for form in (target, decoded, unquote(decoded)):
        if not _clean(form) or not form.startswith("/") or form.startswith("//"):
            return False
    try:
        parts = urlsplit(target)
    except ValueError:
        return False
    if parts.scheme or parts.netloc:
        return False
    base = prefix.rstrip("/")
    return not base or parts.path == base or parts.path.startswith(base + "/")


def safe_target(target, default: str, prefix: str = "/") -> str:
    """`target` when it is safe (see is_safe_path), else `default`."""
    return target if is_safe_path(target, prefix) else default
