"""The name a kept file (a clerk's scan, a mail's attachment) is shown and downloaded under.

The client chooses it: an upload may be named `../../x.pdf"><script>…`, a mail attachment anything its
sender wrote. Only a display name is kept: the last path part (either slash), no control, format or
bidi characters, none of the characters Windows refuses in a file name, no leading dots, at most
MAX_LENGTH characters with the extension kept. Chinese and other letters stay as they are.
"""
from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 120
MAX_SUFFIX = 16
_RESERVED = re.compile(r'[<>:"|?*]')
_SPACES = re.compile(r"\s+")


def display_name(name: str | None, fallback: str = "attachment") -> str:
    """A file name safe to show, store and send in Content-Disposition; `fallback` when nothing is left."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.split(r"[/\\]", text)[-1]
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C" and unicodedata.category(c) not in ("Zl", "Zp"))
    text = _SPACES.sub(" ", _RESERVED.sub("_", text)).strip(" .")
    if len(text) > MAX_LENGTH:
        stem, dot, suffix = text.rpartition(".")
        if dot and stem and 0 < len(suffix) <= MAX_SUFFIX:
            text = stem[:MAX_LENGTH - len(suffix) - 1].rstrip(" .") + "." + suffix
        else:
            text = text[:MAX_LENGTH].rstrip(" .")
    return text or fallback
