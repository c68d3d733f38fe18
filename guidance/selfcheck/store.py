"""Saving and resuming self-checks through a private link (no account).

Every write validates first and stores nothing when an answer is wrong
(ValidationFailed with one FieldError per question). The token is returned
once by `create`; only its SHA-256 digest is kept.
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
import re
import secrets

from sqlalchemy import or_, select
from sqlalchemy import update as sql_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consultation.clock import utcnow
from consultation.document import Consultation, get_consultation
from consultation.intake import idempotency
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
           consultation: Consultation | None = None, keyed: Keyed | None = None) -> tuple[SavedSelfCheck, str]:
    """Start a self-check with the first page's answers (the zone types); returns (record, token). It keeps
    the text it is made on (`consultation`: the draft, or the published final revision) from then on.

    `keyed`: a save under an Idempotency-Key (the API): the key and the body's hash are stored with it, and
    its token is derived (`keyed_token`) so that a retry can be given the same link; IntegrityError when the
    key was taken meanwhile (nothing stored: the caller looks it up again, `by_key`)."""
    consultation = consultation or get_consultation()
    clean = check_node(START, raw, consultation)
    extra = {}
    if keyed is None:
        token = secrets.token_urlsafe(32)
    else:
        received = utcnow().replace(microsecond=0)  # keys expire on the real clock, never on CONSULT_NOW
        token = keyed_token(keyed.secret_key, consultation.id, keyed.key, keyed.body, received)
        extra = {"idempotency_key": keyed.key, "idempotency_hash": keyed.body, "received_at": received}
    record = SavedSelfCheck(token_digest=_digest(token), consultation_id=consultation.id,
                            zone_types=clean["zone_types"], answers=clean, channel=channel, locale=locale,
                            created_at=now, updated_at=now, text_revision=consultation.revision, **extra)
    session.add(record)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise
    return record, token


@dataclasses.dataclass(frozen=True)
class Keyed:
    """An Idempotency-Key (idempotency.check_key's), the SHA-256 of the body it came with
    (idempotency.body_hash) and the secret its saved self-check's token is derived with."""

    key: str
    body: str
    secret_key: str


def keyed_token(secret_key: str, consultation_id: str, key: str, body: str, received: dt.datetime) -> str:
    """The link token of a save under an Idempotency-Key: derived from the key, the body's hash and when it
    came, with the app's secret, so that a retry is given the same link while only the token's digest is
    stored (as for every saved self-check: a copy of the database opens none of them). The form of
    `secrets.token_urlsafe(32)`: 43 URL-safe characters."""
    message = f"selfcheck:{consultation_id}:{key}:{body}:{int(received.timestamp())}".encode()
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def by_key(session: Session, consultation_id: str, keyed: Keyed) -> tuple[SavedSelfCheck, str] | None:
    """The self-check saved earlier under this key with this body, and its token; None when the key is free
    (never used, or its 24 hours have passed: then it is released, set to NULL on the earlier row).
    idempotency.KeyReused when the key came with another body: its link would open someone else's answers."""
    record = session.scalar(select(SavedSelfCheck).where(SavedSelfCheck.consultation_id == consultation_id,
                                                         SavedSelfCheck.idempotency_key == keyed.key))
    if record is None:
        return None
    now = utcnow()
    if idempotency.expired(record.received_at, now):
        session.execute(sql_update(SavedSelfCheck).where(SavedSelfCheck.id == record.id).where(
            or_(SavedSelfCheck.received_at.is_(None), SavedSelfCheck.received_at <= now - idempotency.TTL))
            .values(idempotency_key=None))
        session.commit()
        return None
    if record.idempotency_hash != keyed.body:
        raise idempotency.KeyReused()
    return record, keyed_token(keyed.secret_key, consultation_id, keyed.key, keyed.body, record.received_at)


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
