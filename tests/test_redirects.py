"""Open redirects: every redirect target taken from the request stays on this site (issue 13, item 4)."""
from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from web.redirects import is_safe_path

ATTACKS = [
    "/%09/evil.example/phish",  # tab: browsers drop it, leaving //evil.example
    "/%0a/evil.example",  # newline: was a 500 (header injection refused by Werkzeug)
    "/%0d%0aSet-Cookie:%20x=1",
    "//evil.example/phish",
    "/\\evil.example",
    "/%5Cevil.example",
    "%2F%2Fevil.example",
    "/%2509/evil.example",  # double-encoded tab
    "https://evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    "/%E2%80%AE/evil",  # a bidi override
    " /office/",
]


def _as_browser_reads(location: str) -> str:
    """What a browser makes of a Location value: tab/CR/LF removed, backslashes read as slashes."""
    return location.replace("\t", "").replace("\r", "").replace("\n", "").replace("\\", "/")


def _stays_here(location: str) -> bool:
    seen = _as_browser_reads(location)
    parts = urlsplit(seen)
    return not seen.startswith("//") and parts.scheme in ("", "http") and parts.netloc in ("", "localhost")


@pytest.mark.parametrize("target", ATTACKS)
def test_language_switch_never_leaves_the_site(client, target):
    response = client.get(f"/lang/en?next={target}")
    assert response.status_code == 302
    assert _stays_here(response.headers["Location"]), response.headers["Location"]
    assert response.headers["Location"].endswith("/")


def test_language_switch_keeps_a_same_site_path(client):
    response = client.get("/lang/en?next=" + quote("/draft?x=1#art-3"))
    assert response.headers["Location"] == "/draft?x=1#art-3"


@pytest.mark.parametrize("raw", ["/office/", "/draft", "/office/node/art-3?page=2"])
def test_safe_paths_are_kept(raw):
    assert is_safe_path(raw)


@pytest.mark.parametrize("raw", [a.replace("%09", "\t").replace("%0a", "\n") for a in ATTACKS] + ATTACKS
                         + [None, "", 3, "/x" * 2000])
def test_unsafe_targets_are_refused(raw):
    assert not is_safe_path(raw)


def test_office_prefix_is_enforced():
    assert is_safe_path("/office/node/art-3", prefix="/office")
    assert not is_safe_path("/officex", prefix="/office") and not is_safe_path("/draft", prefix="/office")
