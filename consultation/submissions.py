"""One validation path and one store for feedback, whatever the channel.

The web form, the JSON API, the Telegram bot and the WeChat account all build
the same payload (the /api/v1/feedback body) and call `submit`; a payload is
either stored whole, with its comments and the mail it owes, or not at all.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError as PydanticError
from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from . import feedback_checks as checks
from .clock import utcnow
from .db import reading, write_lock
from .document import Consultation
from .feedback_checks import FieldError
from .i18n import normalise_locale
from .intake import idempotency, repeats
from .intake.payload import MAX_COMMENTS, FeedbackIn, field_errors
from .models import CHANNELS, CONSENT_BASES, Submission
from .storage import submission as stored
from .storage.inserts import insert_rows
from .window import WindowState, refusal

# Crockford base32 without I, L, O, U: unambiguous when read aloud or retyped.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


class ValidationFailed(Exception):
    def __init__(self, errors: list[FieldError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


class WindowClosed(Exception):
    def __init__(self, state: WindowState):
        super().__init__(state.status)
        self.state = state


class NotEarlier(Exception):
    """Raised by submit(replay_only=True) when the request is not a retry of a stored submission (the same
    Idempotency-Key and body). Nothing is stored."""


@dataclass(frozen=True)
class Receipt:
    reference: str
    token: str | None  # None for an identical repeat: the private link was given (and mailed) the first time
    created: bool = True

    @property
    def repeat(self) -> bool:
        return self.token is None


def clean_text(value) -> str:
    """NFC, no control or bidi-override characters, \\n line ends, trimmed."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def validate(payload, consultation: Consultation) -> dict:
    """The cleaned payload, or ValidationFailed listing every problem at once.

    First the strict payload model (types, lengths, characters, choices: intake/payload.py), then the
    rules that need the draft or tie fields together (feedback_checks.py, one function per rule). These run
    on the raw values too when the model refused something, so that a form shows every error at once;
    a field the model refused gets no second message.
    """
    if not isinstance(payload, dict):
        raise ValidationFailed([FieldError("", checks.NOT_AN_OBJECT)])
    try:
        data = FeedbackIn.model_validate(payload).model_dump()
        errors: list[FieldError] = []
    except PydanticError as exc:
        errors = [FieldError(path, msg, params) for path, msg, params in field_errors(exc, checks.NOT_AN_OBJECT)]
        data = payload
    failed = {e.field for e in errors}

    def refuse(found: list[FieldError]) -> None:
        errors.extend(e for e in found if e.field not in failed
                      and not any(e.field.startswith(f + ".") for f in failed if f))

    comments = [_comment(consultation, raw, f"comments.{i}", refuse)
                for i, raw in enumerate(_list(data.get("comments"))[:MAX_COMMENTS]) if isinstance(raw, dict)]
    submitter = _submitter(data, refuse)
    refuse(checks.consent_errors(data.get("consent")))
    if errors:
        raise ValidationFailed(errors)
    return {"comments": comments, "submitter": submitter, "consent": True}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _comment(consultation: Consultation, raw: dict, path: str, refuse) -> dict:
    target = raw.get("target") if isinstance(raw.get("target"), str) else ""
    kind = raw.get("kind")
    proposal, reason = checks.text(raw.get("proposal", "")), checks.text(raw.get("reason", ""))
    refuse(checks.target_errors(consultation, target, path))
    refuse(checks.wording_errors(kind, proposal, reason, path))
    points, points_errors = checks.points_errors(consultation, target, raw.get("proposed_points"), path)
    refuse(points_errors)
    return {"target": target, "kind": kind, "proposal": proposal, "reason": reason,
            "proposed_points": points}


def _submitter(data: dict, refuse) -> dict:
    sub = data.get("submitter") if isinstance(data.get("submitter"), dict) else {}
    category = sub.get("category")
    organisation = checks.text(sub.get("organisation") or "")
    phone, email = checks.text(sub.get("phone") or ""), checks.text(sub.get("email") or "")
    refuse(checks.organisation_errors(category, organisation))
    if "submitter" in data:
        refuse(checks.contact_errors(phone, email))
    phone, phone_errors = checks.phone_value(phone)
    refuse(phone_errors)
    email, email_errors = checks.email_value(email)
    refuse(email_errors)
    return {"category": category, "name": checks.text(sub.get("name") or ""), "organisation": organisation or None,
            "phone": phone or None, "email": email or None}


def new_reference() -> str:
    """60 random bits as 12 Crockford base32 characters, XXXX-XXXX-XXXX (one draw from the OS)."""
    bits = secrets.randbits(60)
    body = "".join(REFERENCE_ALPHABET[(bits >> shift) & 31] for shift in range(55, -5, -5))
    return f"{body[:4]}-{body[4:8]}-{body[8:]}"


# What a private-link token is (token_for): 128 bits as lower-case hex. One source for the lookup's check and
# the OpenAPI document's `token` parameter, so the document says exactly which tokens can ever match.
TOKEN_LENGTH = 32
TOKEN = re.compile(r"[0-9a-f]{%d}" % TOKEN_LENGTH)


def token_for(reference: str, secret_key: str) -> str:
    """The private-link token: derived, so it never has to be stored."""
    digest = hmac.new(secret_key.encode(), f"receipt:{reference}".encode(), hashlib.sha256).hexdigest()
    return digest[:TOKEN_LENGTH]


def submit(bind: Session | Engine, consultation: Consultation, payload, *, channel: str, locale: str,
           now: dt.datetime, secret_key: str, office_mailbox: str | None = None,
           account: str | None = None, idempotency_key: str | None = None, consent_basis: str = "form",
           counted_late: bool = False, replay_only: bool = False,
           before_store: Callable[[], None] | None = None) -> Receipt:
    """Validate, check the window, store; raises ValidationFailed or WindowClosed and stores nothing then.

    `replay_only` (a sender over its request limit): only the stored answer to the same key and body,
    looked up without validating, or NotEarlier; a client retrying an accepted request gets it however full
    its limit is, at the cost of one indexed lookup. `before_store`: called in the storing transaction
    once this submission is known to be new (not a retry, not an identical repeat, also of one being
    stored at this moment, which it waited for); whatever it raises stores nothing and is raised. A
    quota on stored submissions (web/limits.py, per contact) is counted there, so that retries racing
    an accepted request are never counted against it.

    `bind`: the engine, for a request that holds nothing else (the web form, the API), or a
    Session with work in flight that must commit together with the submission (a chat's state).
    `now` is when the feedback arrived (for mail, the mailbox's arrival time); `counted_late`: the
    office decided that feedback which arrived outside the window counts (consultation/inbound).
    `consent_basis`: "sent_to_office" for what a sender chose to send to the office itself.
    """
    assert channel in CHANNELS, channel
    assert consent_basis in CONSENT_BASES, consent_basis
    locale = normalise_locale(locale)
    if replay_only:
        key = idempotency.check_key(idempotency_key)
        earlier = _keyed(bind, consultation, key, idempotency.body_hash(payload), utcnow(), secret_key) \
            if key is not None else None
        if earlier is None:
            raise NotEarlier()
        return earlier
    refused = None if counted_late else refusal(bind, consultation, now)
    if refused is not None:
        raise WindowClosed(refused)
    clean = validate(payload, consultation)
    key = idempotency.check_key(idempotency_key)
    received = utcnow()  # keys expire on the real clock, never on CONSULT_NOW
    body = idempotency.body_hash(payload) if key is not None else None
    earlier = _keyed(bind, consultation, key, body, received, secret_key)
    if earlier is not None:
        return earlier
    session = bind if isinstance(bind, Session) else None
    engine = session.get_bind() if session is not None else bind
    fingerprint = repeats.fingerprint(consultation.id, clean) if channel in repeats.PUBLIC_CHANNELS else None
    if fingerprint is not None and session is not None:  # a chat: its state in flight must not be rolled back
        with reading(bind) as reader:
            earlier = repeats.earlier(reader.connection(), fingerprint, received)
        if earlier is not None:
            return _repeat_receipt(earlier, account, secret_key)
    claimed_ms = repeats.now_ms() if fingerprint is not None else None  # the guard's stamp (real clock)
    for _attempt in range(5):
        reference = new_reference()
        # Bound before the write lock is taken, which every writer of a SQLite file queues on: the
        # lock then covers only the database's own work.
        work = stored.bind(engine.dialect, *_rows(
            consultation, clean, reference, channel=channel, locale=locale, now=now, office_mailbox=office_mailbox,
            account=account, idempotency_key=key, idempotency_hash=body, received_at=received,
            consent_basis=consent_basis),
            claim=None if fingerprint is None else repeats.claim(engine.dialect, fingerprint, reference, account,
                                                                 claimed_ms))
        try:
            with _write_transaction(session, engine) as conn:
                # The repeat guard is claimed with the INSERTs, in the storing transaction, so that identical
                # requests racing in several processes store one submission between them (intake/repeats.py).
                if not insert_rows(conn, work, claim=fingerprint is not None, claim_alone=session is not None):
                    raise repeats.Repeat(repeats.earlier(conn, fingerprint, received))
                if before_store is not None:  # new, and the repeat guard's claim held: the caller's quota
                    before_store()
                if fingerprint is not None and repeats.sweep_due():
                    repeats.sweep(conn, received)
        except repeats.Repeat as exc:
            # With a key: the same key's first request, committed since this one looked, and its answer.
            earlier = _keyed(bind, consultation, key, body, received, secret_key)
            return earlier if earlier is not None else _repeat_receipt(exc.earlier, account, secret_key)
        except IntegrityError:
            if session is not None:
                session.rollback()
            earlier = _keyed(bind, consultation, key, body, received, secret_key)
            if earlier is not None:
                return earlier
            continue  # a reference collision: draw again
        return Receipt(reference, token_for(reference, secret_key))
    raise RuntimeError("could not allocate a unique reference")


def _repeat_receipt(earlier, account: str | None, secret_key: str) -> Receipt:
    """The first submission's reference; its token only to the same chat account that sent it."""
    reference, earlier_account = earlier
    same_sender = account is not None and account == earlier_account
    return Receipt(reference, token_for(reference, secret_key) if same_sender else None, created=False)


@contextlib.contextmanager
def _write_transaction(session: Session | None, engine: Engine):
    """The connection to store on, committed when the block ends, with SQLite's writers queued around it.

    A session already in a transaction (the bot's, holding the chat's state) lends
    its connection and is committed with the submission: one transaction for both.
    Otherwise the write runs on a connection of its own from the engine's pool:
    an ORM session would only add its transaction bookkeeping, which cost more
    than the rows did.
    """
    if session is not None and session.in_transaction():
        conn = session.connection()
        with write_lock(session):
            yield conn
            session.commit()
        return
    with engine.connect() as conn, write_lock(engine), conn.begin():
        yield conn


def _rows(consultation: Consultation, clean: dict, reference: str, *, channel, locale, now, office_mailbox, account,
          idempotency_key, idempotency_hash, received_at, consent_basis="form") -> tuple[dict, list[dict], list[dict]]:
    """The submission's row, its comments' rows and the rows of the mail it owes."""
    sub = clean["submitter"]
    mailed_at = utcnow()
    mail = []
    if sub["email"]:
        mail.append(("receipt", sub["email"], locale))
    if office_mailbox and channel in repeats.PUBLIC_CHANNELS:  # staff intake: the office has it already
        mail.append(("office", office_mailbox, "zh_CN"))
    return (
        {
            "reference": reference, "consultation_id": consultation.id, "channel": channel, "locale": locale,
            "category": sub["category"], "name": sub["name"], "organisation": sub["organisation"],
            "phone": sub["phone"], "email": sub["email"], "consent": True, "consent_at": now,
            "consent_basis": consent_basis, "account": account, "idempotency_key": idempotency_key,
            "idempotency_hash": idempotency_hash, "received_at": received_at, "created_at": now,
        },
        [{
            "submission_reference": reference, "consultation_id": consultation.id, "position": position,
            "target_ref": c["target"], "kind": c["kind"], "original_text": consultation.quote(c["target"]),
            "proposal": c["proposal"], "reason": c["reason"], "proposed_points": c["proposed_points"],
            "created_at": now,
        } for position, c in enumerate(clean["comments"])],
        [{
            "submission_reference": reference, "purpose": purpose, "recipient": recipient, "locale": mail_locale,
            "status": "pending", "attempts": 0,
            # Real clock, like the worker: due now, and the mail caps count days and hours from it.
            "created_at": mailed_at, "next_attempt_at": mailed_at,
        } for purpose, recipient, mail_locale in mail],
    )


def _keyed(bind: Session | Engine, consultation: Consultation, key: str | None, body: str | None,
           now: dt.datetime, secret_key: str) -> Receipt | None:
    """The receipt of an earlier request with this key and this body; None when the key is free (or there is
    no key).

    The same key with another body raises KeyReused: handing back the earlier receipt would give its
    private link, and so its sender's personal data, to whoever guessed or reused the key. A key older
    than its lifetime is released (set to NULL on the earlier submission) and may be used again.
    """
    if key is None:
        return None
    with reading(bind) as session:
        row = session.execute(select(Submission.id, Submission.reference, Submission.idempotency_hash,
                                     Submission.received_at).where(
            Submission.consultation_id == consultation.id, Submission.idempotency_key == key)).first()
    if row is None:
        return None
    if idempotency.expired(row.received_at, now):
        _release_key(bind, row.id, now)
        return None
    if row.idempotency_hash != body:
        raise idempotency.KeyReused()
    return Receipt(row.reference, token_for(row.reference, secret_key), created=False)


def _release_key(bind: Session | Engine, submission_id: int, now: dt.datetime) -> None:
    session = bind if isinstance(bind, Session) else None
    engine = session.get_bind() if session is not None else bind
    released = (update(Submission).where(Submission.id == submission_id).where(
        or_(Submission.received_at.is_(None), Submission.received_at <= now - idempotency.TTL))
        .values(idempotency_key=None))
    with _write_transaction(session, engine) as conn:
        conn.execute(released)


def lookup(session: Session, reference: str, token: str, secret_key: str) -> Submission | None:
    """The submission behind a receipt link; None alike for a wrong reference or a wrong token, including a
    token that is not of the form TOKEN (no token_for can give it: nothing is cleaned off or folded, so a
    token that differs from the issued one in any way misses, as the OpenAPI document says)."""
    reference = clean_text(reference).upper()
    if not (isinstance(token, str) and TOKEN.fullmatch(token) and reference.isascii()):  # HMAC takes no other
        return None
    expected = token_for(reference, secret_key)
    if not hmac.compare_digest(expected, token):
        return None
    return session.scalars(select(Submission).options(selectinload(Submission.comments))
                           .where(Submission.reference == reference)).first()


def submissions_for_account(session: Session, account: str) -> list[Submission]:
    return list(session.scalars(select(Submission).options(selectinload(Submission.comments))
                                .where(Submission.account == account).order_by(Submission.created_at)))


def public_view(submission: Submission) -> dict:
    """What the submitter may see of their own submission (also the API shape)."""
    return {
        "reference": submission.reference,
        "consultation": submission.consultation_id,
        "channel": submission.channel,
        "received_at": submission.created_at.isoformat(),
        "comments": [{"target": c.target_ref, "kind": c.kind, "original_text": c.original_text,
                      "proposal": c.proposal, "reason": c.reason, "proposed_points": c.proposed_points}
                     for c in submission.comments],
        "submitter": {"category": submission.category, "name": submission.name,
                      "organisation": submission.organisation, "phone": submission.phone,
                      "email": submission.email},
    }
