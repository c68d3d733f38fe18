"""The two clocks.

`Clock.now()` is the consultation's calendar, the one every channel asks about
the window: CONSULT_NOW (ISO 8601 with offset) replaces the real time for
demonstrations and tests, and pages show a banner whenever it does.
`utcnow()` is the real time, for elapsed time (leases, locks, retries, expiry,
purge ages) and for when staff did what (the audit log), which CONSULT_NOW never
moves.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")


def utcnow() -> dt.datetime:
    """The real time, aware, in UTC."""
    return dt.datetime.now(dt.timezone.utc)


class ClockError(ValueError):
    pass


def parse_now(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ClockError(f"CONSULT_NOW is not an ISO 8601 timestamp: {value!r}") from exc
    if moment.tzinfo is None:
        raise ClockError(f"CONSULT_NOW needs an offset, e.g. +08:00: {value!r}")
    return moment


class Clock:
    def __init__(self, simulated: str | None = None):
        self.simulated = parse_now(simulated) if simulated else None

    @property
    def is_simulated(self) -> bool:
        return self.simulated is not None

    def now(self) -> dt.datetime:
        """Aware time in Beijing."""
        moment = self.simulated or dt.datetime.now(dt.timezone.utc)
        return moment.astimezone(BEIJING)
