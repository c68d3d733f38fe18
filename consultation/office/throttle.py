"""Sign-in throttling per (name, address) and per address, on the real clock.

The old rule locked the account itself, so anyone could keep the admin out, and only existing
names ever locked, which told which names exist. Here failures are counted by the name as
typed (known or not) together with the client's address, and by the address alone (an address counted
by its key, as the request limits count it: an IPv6 client by its /64, see consultation/intake/countkeys.py):

- after PAIR_LIMIT failures for one (name, address) within WINDOW, that pair waits; the wait
  doubles with each further lock (PAIR_BASE_WAIT … PAIR_MAX_WAIT) and the doubling is
  forgotten after a quiet WINDOW;
- after ADDRESS_LIMIT failures from one address (any names) within WINDOW, the address waits
  ADDRESS_WAIT.

Wrong second-factor codes (TOTP or recovery) count toward the same (name, address) and address locks,
and also per account whatever the address (SECOND_FACTOR_LIMIT, default 10 per 15 minutes): an attacker
who has the password cannot spread guesses over many addresses. Only someone past the password reaches
that lock, and the password step never consults it, so it tells nothing to anyone else; it ends by
itself like the others, and while it lasts even the right code waits.

The same name from another address is never held back by these locks, so the admin can
always sign in from their own machine; every lock ends by itself (keys expire), whatever
CONSULT_NOW says. A success clears its pair. Counters live in the shared key store (database
or Redis), so every process and host sees the same counts.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import lru_cache

from limits import parse

from consultation.intake import countkeys

WINDOW = 15 * 60
PAIR_LIMIT = 5
PAIR_BASE_WAIT = 60
PAIR_MAX_WAIT = 15 * 60
ADDRESS_LIMIT = 30
ADDRESS_WAIT = 15 * 60
SECOND_FACTOR_LIMIT = "10/15 minutes"  # wrong codes per account from any address (SECOND_FACTOR_LIMIT)


@dataclass(frozen=True)
class Locked:
    retry_after: int  # seconds


def _name_key(name: str) -> str:
    # Hashed: any text a client types stays a fixed-size key and is not stored as typed.
    return hashlib.sha256(name.strip().casefold().encode("utf-8", "replace")).hexdigest()[:32]


def _keys(name: str, address: str) -> tuple[str, str]:
    # The client's key, not its address: an IPv6 client by its /64 (RATE_LIMIT_IPV6_PREFIX), since one
    # IPv6 allocation holds 2**64 addresses (consultation/intake/countkeys.py).
    address = countkeys.client(address)
    pair = f"login:pair:{_name_key(name)}:{address[:64]}"
    return pair, f"login:addr:{address[:64]}"


def _remaining(store, key: str) -> int | None:
    until = store.get(key)
    if until is None:
        return None
    return max(1, int(float(until) - time.time()) + 1)


def check(store, name: str, address: str) -> Locked | None:
    """A Locked when this (name, address) or this address must wait; checked before any hashing."""
    pair, addr = _keys(name, address)
    for key in (pair + ":lock", addr + ":lock"):
        wait = _remaining(store, key)
        if wait is not None:
            return Locked(wait)
    return None


def failed(store, name: str, address: str) -> Locked | None:
    """Count a failure; returns the lock it causes, if any."""
    pair, addr = _keys(name, address)
    lock = None
    if store.incr(addr, WINDOW) >= ADDRESS_LIMIT:
        store.put(addr + ":lock", str(time.time() + ADDRESS_WAIT), ADDRESS_WAIT)
        store.delete(addr)
        lock = Locked(ADDRESS_WAIT)
    if store.incr(pair, WINDOW) >= PAIR_LIMIT:
        locks = store.incr(pair + ":locks", WINDOW + PAIR_MAX_WAIT)
        wait = min(PAIR_BASE_WAIT * 2 ** (locks - 1), PAIR_MAX_WAIT)
        store.put(pair + ":lock", str(time.time() + wait), wait)
        store.delete(pair)
        lock = Locked(max(wait, lock.retry_after if lock else 0))
    return lock


def succeeded(store, name: str, address: str) -> None:
    pair, _ = _keys(name, address)
    for key in (pair, pair + ":locks", pair + ":lock"):
        store.delete(key)


@lru_cache(maxsize=8)
def second_factor_rule(text: str | None) -> tuple[int, int]:
    """(failures, seconds) from a rate string such as "10/15 minutes" (the RATE_LIMIT_* syntax); the
    default when None. A value that is not one raises ValueError naming the setting."""
    try:
        item = parse(text or SECOND_FACTOR_LIMIT)
    except ValueError:
        raise ValueError(f"SECOND_FACTOR_LIMIT={text!r} is not a rate such as {SECOND_FACTOR_LIMIT!r}") from None
    return item.amount, int(item.get_expiry())


def _account_key(account_id: int) -> str:
    return f"login:2fa:{int(account_id)}"


def second_factor_check(store, account_id: int) -> Locked | None:
    """A Locked while the account's wrong codes, from every address together, reached the cap."""
    wait = _remaining(store, _account_key(account_id) + ":lock")
    return Locked(wait) if wait is not None else None


def second_factor_failed(store, account_id: int, rule: tuple[int, int]) -> Locked | None:
    """Count a wrong code for the account (not cleared by a success); returns the lock it causes, if any."""
    failures, window = rule
    key = _account_key(account_id)
    if store.incr(key, window) < failures:
        return None
    store.put(key + ":lock", str(time.time() + window), window)
    store.delete(key)
    return Locked(window)
