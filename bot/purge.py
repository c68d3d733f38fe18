"""Personal details in chat drafts that were never consented to do not stay.

The conversation asks for consent before any personal detail, but a draft can
still hold some without consent (drafts begun before that order, or a user who
later answered "I do not agree" and walked away). After the retention period
(`BOT_DRAFT_RETENTION_DAYS`, default 7), measured on the real clock since the
user's last message, the name, organisation, phone and email are removed from
such drafts; the comments typed so far stay, so nothing else is lost.
`consult purge-contacts` and the mail worker (`consult worker`, hourly) run it.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from consultation.clock import utcnow

from .models import BotUser

RETENTION_ENV = "BOT_DRAFT_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 7
PERSONAL = ("name", "organisation", "phone", "email")


def retention(env=None) -> dt.timedelta:
    raw = (env if env is not None else os.environ).get(RETENTION_ENV, "").strip()
    try:
        days = float(raw) if raw else DEFAULT_RETENTION_DAYS
    except ValueError as exc:
        raise ValueError(f"{RETENTION_ENV} must be a number of days, not {raw!r}") from exc
    if days < 0:
        raise ValueError(f"{RETENTION_ENV} must not be negative")
    return dt.timedelta(days=days)


@dataclass(frozen=True)
class DraftPurge:
    drafts: int
    cutoff: dt.datetime


def purge_unconsented_drafts(session: Session, *, older_than: dt.timedelta | None = None,
                             now: dt.datetime | None = None) -> DraftPurge:
    """Remove personal details from unconsented drafts idle for longer than `older_than`; commits."""
    now = now or utcnow()
    cutoff = now - (retention() if older_than is None else older_than)
    purged = 0
    rows = session.scalars(select(BotUser).where(BotUser.updated_at < cutoff).with_for_update())
    for user in rows:
        draft = user.draft or {}
        who = draft.get("who") or {}
        if draft.get("consent") or not any(who.get(field) for field in PERSONAL):
            continue
        draft["who"] = {k: v for k, v in who.items() if k not in PERSONAL}
        user.draft = draft
        flag_modified(user, "draft")
        purged += 1
    session.commit()
    return DraftPurge(purged, cutoff)
