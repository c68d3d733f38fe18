"""Recognising the service's own mail when it comes back into the office's mailbox, as sent or forwarded.

The mail worker copies every submission to the office's mailbox (purpose "office", and the notices of a
change or withdrawal, and the hourly digest). Read back, such a copy would be filed a second time. It is
recognised:

- as sent: by the Message-ID the worker gives every message, or by the reference it carries (the
  X-Consultation-Reference header, or the identifier of the feedback form we generated) being a stored
  submission's;
- forwarded as an attachment (message/rfc822): the attached message is an office-bound message of ours
  (its Message-ID is an outbox row's for the office), or it has the notice's subject line and carries the
  reference of a stored submission;
- forwarded inline (the original's headers quoted in the text): the text quotes the notice's subject line,
  one of the sentences only the office's copies say, and the reference of a stored submission.

A receipt the sender forwards back (with further comments, say) is not the office's copy: it is feedback
and is read as such, so receipts count as "ours" only when they arrive as sent (a reply quoting them is
also feedback).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select

from consultation.amendments import AMENDED, WITHDRAWN
from consultation.document import Consultation
from consultation.i18n import gettext
from consultation.mail import messages
from consultation.mail.caps import DIGEST
from consultation.models import OutboxMessage, Submission

from .forms import NotAForm, read_form
from .mime import OWN_MESSAGE_ID, Mail
from .reading import is_docx

REFERENCE = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\b")
OFFICE_LOCALE = "zh_CN"  # the office copies are written in Chinese (consultation.mail.messages)
_QUOTE_MARKS = re.compile(r"(?m)^[ \t]*(?:>[ \t]*)+")
_SPACE = re.compile(r"\s+")
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


@dataclass(frozen=True)
class OwnCopy:
    forwarded: bool
    references: tuple[str, ...]  # the stored submissions it is a copy of (empty: a digest or a purged one)


def _office_purposes() -> tuple[str, ...]:
    return ("office", AMENDED, WITHDRAWN, DIGEST)


@lru_cache(maxsize=1)
def _office_sentences() -> tuple[re.Pattern, ...]:
    """The sentences only the office's copies say (consultation.mail.messages), as patterns that ignore
    whitespace (a mail client re-wraps quoted text) and match whatever filled the placeholders."""
    patterns = []
    for msgid in (messages.OFFICE_INTRO, messages.OFFICE_CHANGED, messages.OFFICE_WITHDRAWN, messages.DIGEST_INTRO):
        template = gettext(OFFICE_LOCALE, msgid)  # no parameters: the translation with its placeholders
        parts = [re.escape(_SPACE.sub("", part)) for part in _PLACEHOLDER.split(template)]
        patterns.append(re.compile(".{1,80}?".join(parts)))
    return tuple(patterns)


def _stored(session, consultation_id: str, references) -> tuple[str, ...]:
    wanted = sorted({r for r in references if r})
    if not wanted:
        return ()
    return tuple(sorted(session.scalars(select(Submission.reference).where(
        Submission.consultation_id == consultation_id, Submission.reference.in_(wanted)))))


def _carried_references(mail: Mail) -> set[str]:
    """The reference in our header and in the identifier of each feedback form we generated."""
    references = {mail.service_reference}
    for attachment in mail.attachments:
        if is_docx(attachment):
            try:
                references.add(read_form(attachment.data).identifier)
            except NotAForm:
                continue
            except Exception:  # a damaged document is the reader's problem, not this one's
                continue
    references.discard("")
    return references


def _as_sent(session, mail: Mail, consultation_id: str) -> OwnCopy | None:
    carried = _carried_references(mail)
    if mail.message_id and (OWN_MESSAGE_ID.match(mail.message_id) or session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.message_id == mail.message_id).limit(1))):
        return OwnCopy(False, _stored(session, consultation_id, carried))
    stored = _stored(session, consultation_id, carried)
    return OwnCopy(False, stored) if stored else None


def _attached(session, inner: Mail, consultation: Consultation) -> tuple[str, ...] | None:
    """An office-bound message of ours attached whole to the message a colleague sent."""
    if inner.message_id:
        row = session.execute(select(OutboxMessage.purpose, Submission.reference)
                              .outerjoin(Submission, Submission.id == OutboxMessage.submission_id)
                              .where(OutboxMessage.message_id == inner.message_id).limit(1)).first()
        if row is not None and row.purpose in _office_purposes():
            return _stored(session, consultation.id, _carried_references(inner) | {row.reference})
        if row is None and OWN_MESSAGE_ID.match(inner.message_id) and ".office." in inner.message_id:
            return _stored(session, consultation.id, _carried_references(inner))  # from a database since restored
    if inner.subject.startswith(consultation.source.email_subject):
        stored = _stored(session, consultation.id, _carried_references(inner))
        if stored:
            return stored
    for deeper in inner.forwarded:
        found = _attached(session, deeper, consultation)
        if found is not None:
            return found
    return _inline(session, inner.text, consultation)


def _inline(session, text: str, consultation: Consultation) -> tuple[str, ...] | None:
    """An office copy forwarded in the text: the quoted subject line, an office sentence, a stored reference."""
    flat = _SPACE.sub("", _QUOTE_MARKS.sub("", text))
    if _SPACE.sub("", consultation.source.email_subject) not in flat:
        return None
    if not any(pattern.search(flat) for pattern in _office_sentences()):
        return None
    stored = _stored(session, consultation.id, REFERENCE.findall(text))
    return stored or None


def recognise(session, mail: Mail, consultation: Consultation) -> OwnCopy | None:
    found = _as_sent(session, mail, consultation.id)
    if found is not None:
        return found
    for inner in mail.forwarded:
        references = _attached(session, inner, consultation)
        if references is not None:
            return OwnCopy(True, references)
    references = _inline(session, mail.text, consultation)
    return OwnCopy(True, references) if references is not None else None
