"""Saving and resuming self-checks through a private link (no account).

Every write validates first and stores nothing when an answer is wrong
(ValidationFailed with one FieldError per question). The token is returned
once by `create`; only its SHA-256 digest is kept.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultation.document import Consultation, get_consultation
from consultation.submissions import FieldError, ValidationFailed

from guidance.models import SavedSelfCheck

from .flow import START, all_questions, chosen_types, current_node, node, reachable
from .validation import MSG_UNKNOWN_QUESTION, check_node, validate_value

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


class NotReachable(Exception):
    """The page asked for is not on this self-check's path (yet)."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def create(session: Session, raw: dict, *, now: dt.datetime, locale: str | None = None, channel: str = "web",
           consultation: Consultation | None = None) -> tuple[SavedSelfCheck, str]:
    """Start a self-check with the first page's answers (the zone types); returns (record, token). It keeps
    the text it is made on (`consultation`: the draft, or the published final revision) from then on."""
    consultation = consultation or get_consultation()
    clean = check_node(START, raw, consultation)
    token = secrets.token_urlsafe(32)
    record = SavedSelfCheck(token_digest=_digest(token), consultation_id=consultation.id,
                            zone_types=clean["zone_types"], answers=clean, channel=channel, locale=locale,
                            created_at=now, updated_at=now, text_revision=consultation.revision)
    session.add(record)
    session.commit()
    return record, token


def load(session: Session, token: str) -> SavedSelfCheck | None:
    """The self-check behind a private link, or None (also for malformed tokens)."""
    if not isinstance(token, str) or not TOKEN_RE.match(token):
        return None
    digest = _digest(token)
    record = session.scalar(select(SavedSelfCheck).where(SavedSelfCheck.token_digest == digest))
    if record is None or not hmac.compare_digest(record.token_digest, digest):
        return None
    return record


def _store(session: Session, record: SavedSelfCheck, answers: dict, now: dt.datetime,
           consultation: Consultation) -> SavedSelfCheck:
    record.answers = answers
    record.zone_types = chosen_types(answers)
    record.updated_at = now
    if current_node(answers, consultation) in ("result", "not_eligible"):
        record.completed_at = record.completed_at or now
    else:
        record.completed_at = None
    session.commit()
    return record


def save_node(session: Session, record: SavedSelfCheck, node_name: str, raw: dict, *, now: dt.datetime,
              consultation: Consultation | None = None) -> SavedSelfCheck:
    """Answer one page. The page must be on the path; nothing is saved if any answer on it is wrong."""
    consultation = consultation or get_consultation()
    if node(node_name, consultation).kind != "question" or not reachable(node_name, record.answers, consultation):
        raise NotReachable(node_name)
    clean = check_node(node_name, raw, consultation)
    return _store(session, record, {**record.answers, **clean}, now, consultation)


def update(session: Session, record: SavedSelfCheck, raw: dict, *, now: dt.datetime,
           consultation: Consultation | None = None) -> SavedSelfCheck:
    """Merge any answers, by question name (for the API and the bot); all valid or nothing saved."""
    consultation = consultation or get_consultation()
    questions = all_questions(consultation)
    errors, clean = [], {}
    for name, value in (raw or {}).items():
        if name not in questions:
            errors.append(FieldError(name, MSG_UNKNOWN_QUESTION, {}))
            continue
        checked, error = validate_value(questions[name], value)
        if error:
            errors.append(FieldError(name, error[0], error[1]))
        else:
            clean[name] = checked
    if errors:
        raise ValidationFailed(errors)
    return _store(session, record, {**record.answers, **clean}, now, consultation)
