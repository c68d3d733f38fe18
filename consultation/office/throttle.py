"""Sign-in throttling per (name, address) and per address, on the real clock.

The old rule locked the account itself, so anyone could keep the admin out, and only existing
names ever locked, which told which names exist. Here failures are counted by the name as
typed (known or not) together with the client's address, and by the address alone:

- after PAIR_LIMIT failures for one (name, address) within WINDOW, that pair waits; the wait
  doubles with each further lock (PAIR_BASE_WAIT … PAIR_MAX_WAIT) and the doubling is
  forgotten after a quiet WINDOW;
- after ADDRESS_LIMIT failures from one address (any names) within WINDOW, the address waits
  ADDRESS_WAIT.

The same name from another address is never held back by these locks, so the admin can
always sign in from their own machine; every lock ends by itself (keys expire), whatever
CONSULT_NOW says. A success clears its pair. Counters live in the shared key store (database
or Redis), so every process and host sees the same counts.
"""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

WINDOW = 15 * 60
PAIR_LIMIT = 5
PAIR_BASE_WAIT = 60
PAIR_MAX_WAIT = 15 * 60
ADDRESS_LIMIT = 30
ADDRESS_WAIT = 15 * 60


@dataclass(frozen=True)
class Locked:
    retry_after: int  # seconds


def _name_key(name: str) -> str:
    # Hashed: any text a client types stays a fixed-size key and is not stored as typed.
    return hashlib.sha256(name.strip().casefold().encode("utf-8", "replace")).hexdigest()[:32]


def _keys(name: str, address: str) -> tuple[str, str]:
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
