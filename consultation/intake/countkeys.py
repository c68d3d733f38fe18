"""What the limits count by: one key for a contact's email address, one for a client's network address.

Every limit that counts per mailbox or per client uses these, so that one rule holds everywhere:

- an email address (the per-contact limit RATE_LIMIT_CONTACT, the receipt cap MAIL_RECEIPTS_PER_DAY, the
  identical-repeat rule's fingerprint): case-folded, and a `+tag` dropped from the local part, because
  `name+anything@domain` is delivered to the mailbox `name@domain` by most providers, so counting each tag
  as a new mailbox let one mailbox (perhaps a third party's) be flooded with receipts and the contact limit
  be evaded. No provider-specific rule beyond `+` (no dots dropped): for most domains `a.b@` and `ab@`
  are different people. The address stored and written to stays as the submitter typed it.
- a client's address (every per-address request limit in web/limits.py and the office sign-in throttle,
  consultation/office/throttle.py): IPv4 as it is; IPv6 by its network of RATE_LIMIT_IPV6_PREFIX bits
  (default 64), because one ordinary IPv6 allocation (a /64 at least) gives its holder 2**64 addresses,
  each of which counted as a new client; an IPv4-mapped IPv6 address (::ffff:a.b.c.d, what a dual-stack
  socket reports for an IPv4 client) as the IPv4 address, so the client counts alike whichever socket it
  came through; an address that does not parse kept as given (it is still one client, and counting it is
  better than failing the request).
"""
from __future__ import annotations

import ipaddress
import os

from .fields import ascii_domain

PREFIX_SETTING = "RATE_LIMIT_IPV6_PREFIX"
DEFAULT_PREFIX = 64


# Providers that deliver every dotted spelling of a local part to one inbox, and the domain each spelling
# of theirs counts under: Gmail ignores dots in gmail.com addresses and takes googlemail.com as gmail.com, so
# an 8-letter name has 128 spellings that reach one person (attack round 11, F1). Other providers keep dots
# (Outlook, QQ Mail, NetEase and Google Workspace domains treat j.smith and jsmith as different mailboxes).
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def contact_email(value: str) -> str:
    """The counting key of an email address, one per mailbox: lower case (ASCII letters; the domain in its
    IDNA A-label, `_not_ascii`), without a `+tag` in its local part
    (Zhang.San+News@Example.com counts as zhang.san@example.com), and for DOTLESS_DOMAINS without the local
    part's dots and under the provider's one domain (V.ictim@googlemail.com counts as victim@gmail.com).
    A local part that begins with `+` keeps that first character (there is no mailbox name before it to
    fold into)."""
    if value.isascii():
        value = value.lower()
    else:
        value = _not_ascii(value)
    at = value.find("@")
    if at > 1:
        plus = value.find("+", 1, at)
        local = value[:plus] if plus > 0 else value[:at]
        dotless = DOTLESS_DOMAINS.get(value[at + 1:])
        if dotless is not None:
            return local.replace(".", "") + "@" + dotless
        if plus > 0:
            return local + value[at:]
    return value


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def _not_ascii(value: str) -> str:
    """An address with letters that are not ASCII (RFC 6531): its domain in its one spelling, the IDNA A-label
    (fields.ascii_domain: 用户@例子.中国 and 用户@xn--fsqu00a.xn--fiqs8s are one mailbox, as the address is
    stored), and only the ASCII letters of its local part in lower case (JOSÉ@ is josÉ@): the receipt cap
    compares stored addresses in SQL, whose lower() folds only ASCII on SQLite, and on PostgreSQL is made to
    (consultation/mail/caps.py), so the key folds what both databases fold, and no more."""
    local, at, domain = value.rpartition("@")
    if not at:
        return value.translate(_ASCII_LOWER)
    return f"{local.translate(_ASCII_LOWER)}@{ascii_domain(domain)}"



def like_tagged(key: str, escape: str = "/") -> str:
    """A LIKE pattern for the tagged spellings of the contact key `key` (`local+…@domain`), with `escape`
    before LIKE's own characters: what an SQL count compares a stored recipient (lower-cased) with, besides
    `key` itself, so that it counts by `contact_email` without a column or a function of its own on both
    databases (consultation/mail/caps.py). Stored recipients are validated addresses (one `@`)."""
    local, _, domain = key.partition("@")

    def quoted(text: str) -> str:
        return text.replace(escape, escape * 2).replace("%", escape + "%").replace("_", escape + "_")

    return f"{quoted(local)}+%@{quoted(domain)}"


_prefix: int | None = None  # RATE_LIMIT_IPV6_PREFIX, once read
_clients: dict[str, str] = {}  # IPv6 address as given: its key (parsing costs ~10 µs; a client comes back)
_CACHED = 4096  # addresses kept; the cache is emptied when full (a flood of new addresses gains nothing)


def ipv6_prefix(value: str | int | None = None) -> int:
    """RATE_LIMIT_IPV6_PREFIX: the bits of an IPv6 address that name one client (1-128; 128 counts each
    address alone). Read from the environment on first use, as settings are read once per process, or set
    from `value` (the web app's configuration over the environment: web/limits.init_app, which calls this at
    start-up so that a wrong value stops the service there, not at its first IPv6 client). ValueError
    names the setting."""
    global _prefix
    if value is None and _prefix is not None:
        return _prefix
    text = str(value if value is not None else os.environ.get(PREFIX_SETTING) or DEFAULT_PREFIX).strip()
    if not text.isdigit() or not 1 <= int(text) <= 128:
        raise ValueError(f"{PREFIX_SETTING}={text!r} is not a prefix length from 1 to 128 (default {DEFAULT_PREFIX})")
    if int(text) != _prefix:
        _clients.clear()
    _prefix = int(text)
    return _prefix


def client(address: str) -> str:
    """The counting key of a client's address: IPv4 as given; IPv6 as its network ("2001:db8:1:2::/64");
    IPv4-mapped IPv6 as the IPv4 address; anything that does not parse as given. Callers on a hot path test
    `":" in address` first, and call this only for IPv6: an IPv4 client then costs one membership test."""
    if ":" not in address:
        return address
    key = _clients.get(address)
    if key is None:
        key = _network(address)
        if len(_clients) >= _CACHED:
            _clients.clear()
        _clients[address] = key
    return key


def _network(address: str) -> str:
    try:
        parsed = ipaddress.IPv6Address(address)
    except ValueError:
        return address
    mapped = parsed.ipv4_mapped
    if mapped is not None:
        return str(mapped)
    bits = ipv6_prefix()
    host = 128 - bits
    return f"{ipaddress.IPv6Address(int(parsed) >> host << host)}/{bits}"
