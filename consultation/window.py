"""Whether the consultation accepts comments now: one rule for every channel.

The window is [opens 00:00, closes+1 00:00) in the consultation's time zone;
an admin's extension (a WindowChange row) moves the end for everyone at once.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .db import reading
from .document import Consultation
from .i18n import N_
from .models import WindowChange


@dataclass(frozen=True)
class WindowState:
    status: str  # upcoming | open | closed
    opens_at: dt.datetime
    closes_at: dt.datetime  # exclusive
    now: dt.datetime
    extended: WindowChange | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def last_day(self) -> dt.date:
        return (self.closes_at - dt.timedelta(days=1)).date()

    @property
    def days_left(self) -> int:
        """Calendar days left including today, in the consultation's time zone."""
        if self.status != "open":
            return 0
        return (self.last_day - self.now.astimezone(self.closes_at.tzinfo).date()).days + 1


# Where the window stands, in the one wording the web and the bots share; each channel formats the
# dates in its locale and adds what it says next (nothing stored, whom to write to, time left).
WINDOW_SENTENCES = {
    "upcoming": N_("The consultation is not open yet: it runs from %(opens)s to %(last)s (Beijing time)."),
    "open": N_("The consultation is open until %(last)s (Beijing time)."),
    "closed": N_("The consultation closed on %(last)s (Beijing time); it ran from %(opens)s."),
}


def window_sentence(state: WindowState) -> tuple[str, dict[str, dt.date]]:
    """The message id saying where the window stands and its dates (`opens`, `last`), left unformatted
    so that every channel says the same sentence with dates written for its reader."""
    return WINDOW_SENTENCES[state.status], {"opens": state.opens_at.date(), "last": state.last_day}


# What a page adds about the window, where it stands: one table, so the home page, the draft reader and the
# receipt cannot drift apart (each names its page; a page says nothing while the window is open).
WINDOW_NOTICES = {
    ("home", "upcoming"): N_("Comments can be sent once the window opens."),
    ("home", "closed"): N_("The window has closed. You can still read the draft, ask questions about it and check "
                           "your area against the conditions."),
    ("draft", "upcoming"): N_("Comments can be sent once the window opens."),
    ("draft", "closed"): N_("The consultation closed on %(last)s (Beijing time): comments can no longer be sent. "
                            "You can still read the draft."),
    ("receipt", "closed"): N_("The consultation closed on %(last)s (Beijing time): your comments can no longer be "
                              "changed or withdrawn. The decision on each of them will be shown on this page."),
}


def window_notice(state: WindowState, page: str) -> tuple[str, dict[str, str]] | None:
    """The message id `page` shows about the window now, with its `last` day (ISO), or None."""
    msgid = WINDOW_NOTICES.get((page, state.status))
    return None if msgid is None else (msgid, {"last": state.last_day.isoformat()})


def latest_change(session: Session, consultation: Consultation) -> WindowChange | None:
    return session.scalars(
        select(WindowChange).where(WindowChange.consultation_id == consultation.id)
        .order_by(WindowChange.changed_at.desc(), WindowChange.id.desc()).limit(1)
    ).first()


def latest_last_day(consultation: Consultation) -> dt.date:
    """The latest last day an extension may give: the day the guideline itself expires (its `valid_until`,
    article 15). A consultation on a text no longer in force means nothing, and a bound keeps a typo
    (9999 for 2025) from reaching the date arithmetic of every page (attack 4, F1b)."""
    return consultation.source.valid_until


def window_state(session: Session, consultation: Consultation, now: dt.datetime) -> WindowState:
    change = latest_change(session, consultation)
    closes_at = consultation.closes_at
    if change is not None:
        # Clamped as well as refused (office.publishing.extend_window): a row stored before the bound, or
        # written by hand, must not make every page that asks where the window stands fail on an overflow.
        last = min(change.closes_on, latest_last_day(consultation))
        closes_at = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), consultation.tz)
    now = now.astimezone(consultation.tz)
    if now < consultation.opens_at:
        status = "upcoming"
    elif now < closes_at:
        status = "open"
    else:
        status = "closed"
    return WindowState(status, consultation.opens_at, closes_at, now, change)


def refusal(bind: Session | Engine, consultation: Consultation, now: dt.datetime) -> WindowState | None:
    """None when comments are accepted now, else the state that explains why not.

    Extensions only ever move the last day later (office.publishing.extend_window
    refuses anything else), so inside the published window the answer is known
    without reading the database; every submission on every channel asks this.
    """
    if consultation.opens_at <= now < consultation.closes_at:
        return None
    with reading(bind) as session:
        state = window_state(session, consultation, now)
    return None if state.is_open else state
