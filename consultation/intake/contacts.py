"""The per-contact limit on stored submissions (RATE_LIMIT_CONTACT): its setting, its default, its counters'
names and keys, and the counting of a channel that stores outside the web's request wrapper (the bots).

One rule for every public channel. The web form and the API count it around their views (web/limits.py,
the budgeted path); the Telegram and WeChat bots store through the same `submit` from their conversation
core, and count here, in the same counters (Redis when REDIS_URL is set, so a phone number counts alike
whichever channel it came through; in this process's memory otherwise): a bot's submissions all arrive from
the platform's addresses and a chat account can type any contact, so without this one account stored a
submission every few minutes under any email or phone (attack round 10, F2).

A contact is counted by its key: the email as its mailbox (countkeys.contact_email: case-folded, without a
`+tag`, Gmail's dots ignored), the phone in E.164 (fields.phone). Shared storage never holds either: in Redis a counter's key has
the value's BLAKE2b, keyed from the app's secret (`keyed`, `key_of`); in memory Python's keyed hash.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence

from limits import parse_many

from . import counters, countkeys, fields, windows

SETTING = "RATE_LIMIT_CONTACT"
DEFAULT = "5/hour;20/day"
# The counters' names, by field of the submitter (their values are kept only as hashes).
COUNTERS = {"email": "contact-email", "phone": "contact-phone"}
KINDS = frozenset(COUNTERS.values())
_EMAIL, _PHONE = COUNTERS["email"], COUNTERS["phone"]


def spans(value: str) -> tuple[windows.Window, ...]:
    """A rate string ("5/hour;20/day") as the counters' windows: (amount, seconds, the window's label in a
    Redis key), parsed once by the caller."""
    return tuple((item.amount, float(item.get_expiry()), f"{item.amount}/{item.multiples}/{item.GRANULARITY.name}")
                 for item in parse_many(value))


def counted(submitter, spans_: tuple) -> list[tuple[tuple[str, str], tuple]]:
    """The submitter's email and phone, normalised, each as its counter ((counter name, value), `spans_`);
    a field without a value is left out, and so is one that cannot be hashed as UTF-8 (a lone surrogate:
    validation refuses it, so it could never count anyway). The two fields are written out rather than
    looped over: the web's submissions run this on every request (bench/limits_cost.py)."""
    if submitter.__class__ is not dict:
        return []
    found = []
    email = submitter.get("email")
    if email.__class__ is str and (email := email.strip()) and (email.isascii() or _encodable(email)):
        email = countkeys.contact_email(email)  # one mailbox whatever its case, +tag or Gmail dots
        found.append(((_EMAIL, email), spans_))
    phone = submitter.get("phone")
    if phone.__class__ is str and phone.strip() and (phone.isascii() or _encodable(phone)):
        try:  # one number however it is written (+86 138…, 0086138…), called as validation calls it, so
            phone = fields.phone(phone)  # that its cache answers the validation's call
        except ValueError:  # never stored, so never counted: kept as written
            phone = phone.strip().lower()
        found.append(((_PHONE, phone), spans_))
    return found


def _encodable(value: str) -> bool:
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def keyed(secret: str):
    """The BLAKE2b, keyed from the app's secret, that hashes a contact in a counter's Redis key (copied per use)."""
    key = hashlib.blake2b(f"contact-limits:{secret}".encode(), digest_size=32)
    return hashlib.blake2b(key=key.digest(), digest_size=16)


def key_of(prefix: str, hasher, name: tuple) -> str:
    """A counter's name in Redis: "{prefix}/{limit}/{client address's key}", or for a contact the address's
    keyed hash (`hasher`, from `keyed`): the same key from the web and from a bot, so both count together."""
    kind, value = name
    if kind in KINDS:
        copy = hasher.copy()
        copy.update(value.encode())
        value = copy.hexdigest()
    return f"{prefix}/{kind}/{value}"


class ContactFull(Exception):
    """A per-contact counter is full: raised in the storing transaction (submit's before_store), so nothing
    is stored. `refused`: (seconds until the full window that ends last ends, whose counter it is)."""

    def __init__(self, refused: windows.Refused):
        super().__init__("contact limit")
        self.refused = refused

    @property
    def wait(self) -> float:
        return self.refused[0]


class ContactLimit:
    """RATE_LIMIT_CONTACT for a channel that stores through `submit` itself (the bots): `counting(submitter)`
    gives the step that counts a submission once it is known to be new (submit's before_store) and gives
    the count back if nothing was stored after all. `counters`: the windows storage (the web app's own
    when the bot runs in it, the WeChat route; else one from the same settings, the Telegram process)."""

    def __init__(self, store, spans_: Sequence[windows.Window], enabled: bool = True):
        self.store, self.spans, self.enabled = store, tuple(spans_), enabled

    @classmethod
    def from_settings(cls, config, redis_url: str | None, secret: str, workers: int = 1) -> "ContactLimit":
        """From a mapping of settings (os.environ for the Telegram bot) as the web reads them: the storage (Redis
        at `redis_url`, REDIS_URL, else this process's memory, the limit then divided between `workers`
        processes), the key prefix (RATELIMIT_KEY_PREFIX) and the on/off switch (RATELIMIT_ENABLED)."""
        enabled = counters.enabled(config.get("RATELIMIT_ENABLED", "true"))
        uri = redis_url or counters.URI
        value = counters.divided(config.get(SETTING) or DEFAULT, 1 if redis_url else workers)
        prefix, hasher = config.get("RATELIMIT_KEY_PREFIX") or "consult", keyed(secret)
        store = windows.from_uri(uri, counters.URI, lambda name: key_of(prefix, hasher, name), workers)
        return cls(store, spans(value), enabled)

    def counting(self, submitter) -> "Count":
        return Count(self, counted(submitter, self.spans) if self.enabled else [])


class Count:
    """One submission's per-contact count: `before_store` adds to its counters once (ContactFull when one is
    full; submit may call it again after a reference collision), `settle(stored)` gives it back unless the
    submission was stored. The bots count every submission this way; the web form and API only when a
    contact counter was full at the request's start (web/limits.py, the careful path)."""

    def __init__(self, limit: ContactLimit, names: list):
        self._limit, self._names, self._added = limit, names, False

    def before_store(self) -> None:
        if self._added or not self._names:
            return
        refused = self._limit.store.acquire(self._names)
        if refused is not None:
            raise ContactFull(refused)
        self._added = True

    def settle(self, stored: bool) -> None:
        if self._added and not stored:
            self._limit.store.release(self._names)
        self._added = False
