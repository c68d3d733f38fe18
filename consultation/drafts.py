"""Comments in progress on the web form (the "basket"), before anything is sent.

A person may follow several 对此提意见 links while reading the draft, write part of a comment, go back
to the draft and come again: the comments are kept on the server under a random id (the browser keeps
it in a cookie), so this works without JavaScript. A draft holds no personal data (the "about you"
details are asked on the last step and stored only when the submission is confirmed), and it is kept
for at most DRAFT_DAYS days after it was started, on the real clock: this is an elapsed-time rule, not
the consultation's calendar.

Storage is bounded per client address, not only by RATE_LIMIT_DRAFT: a browser reuses its draft (the
cookie), and a post without one starts a new draft, so a client that drops its cookies (a script) started a
new row of up to DRAFT_MAX_BYTES at every post, kept for DRAFT_DAYS (attack round 10, F7: ~2 GB a day from
one address at the rate limit). Each draft records a keyed hash of the address that started it (`client_key`:
an IPv6 /64 as one address, as the rate limits count it), and starting a draft deletes that address's
least recently saved drafts beyond DRAFTS_PER_CLIENT - 1: one address keeps at most DRAFTS_PER_CLIENT drafts
(about 8 MB at the size cap) whatever it sends. Evicted rather than refused: people behind one shared address
(an office, a campus, a mobile carrier's NAT) would otherwise be stopped from starting any draft for up to a
week by whoever filled the address's quota, while eviction costs at most the draft that address left untouched
longest, once DRAFTS_PER_CLIENT newer drafts were started from it; nobody at another address is affected.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .db import dump_json
from .document import Consultation
from .i18n import N_
from .intake import countkeys
from .intake.payload import LIMITS
from .models import FeedbackDraft
from .submissions import MAX_COMMENTS, FieldError, ValidationFailed, validate

DRAFT_DAYS = 7
# The most text one draft keeps, all its comments together (characters): one row cannot grow to the
# megabyte a form body may carry. The web form's body (1 MB, percent-encoded: 9 bytes a Chinese character)
# carries about 110,000 Chinese characters at most anyway; more is sent through the API or by mail.
DRAFT_MAX_CHARS = 100_000
# And the most one draft's row stores (bytes of its JSON, as dump_json writes it): four bytes a character,
# UTF-8's widest, plus the keys, so any text within DRAFT_MAX_CHARS fits, while text that JSON escapes
# (control characters, 6 bytes each) cannot make the row larger. Refused with the same message.
DRAFT_MAX_BYTES = 4 * DRAFT_MAX_CHARS + 4096
# The most drafts one client address keeps (see the module's docstring): a new draft evicts the address's least
# recently saved ones beyond this. Twenty people at one address each with a draft in progress within a week.
DRAFTS_PER_CLIENT = 20
COMMENT_KEYS = ("target", "kind", "proposal", "reason", "proposed_points")
# A submitter that always passes, so that validate() reports on the comments alone: the comment rules
# stay in one place (submissions.validate) and the personal details are checked on their own step.
_STAND_IN = {"submitter": {"category": "individual", "name": "-", "phone": "13800138000"}, "consent": True}
# Said when a 对此提意见 link finds the basket full: the same maximum as a submission's (MAX_COMMENTS), and
# what to do about it, since following a link gives no chance to read the form's own limit first.
MSG_BASKET_FULL = N_("At most %(max)d comments in one submission: this part was not added to your comments. To "
                     "comment on it, remove a comment first, or send these comments and then start a new submission.")

# Said when one more comment is asked for ("add another comment": the form's button on a page shown before the
# comments filled up, a bot's button) and MAX_COMMENTS are already there: refused at that moment, with what to
# do, rather than when the whole submission is sent. The web form, the change page and both bots say it.
MSG_NO_MORE = N_("At most %(max)d comments in one submission, and you already have %(max)d: no more can be "
                 "added. Send the comments you have first, then start a new submission for the rest. Your "
                 "comments are unchanged.")


# Said when the comments typed would make the draft larger than DRAFT_MAX_CHARS: nothing is kept of that
# step, the page shows the text as typed, and what to do.
MSG_DRAFT_TOO_LARGE = N_("Your comments are too long to keep together: at most %(max)d characters in all. Shorten "
                         "them, or send some of them first and the others in a new submission.")


class DraftTooLarge(ValidationFailed):
    """The comments hold more than DRAFT_MAX_CHARS characters (or DRAFT_MAX_BYTES stored): the draft is
    left as it was."""

    def __init__(self):
        super().__init__([FieldError("comments", MSG_DRAFT_TOO_LARGE, {"max": DRAFT_MAX_CHARS})])


def no_more_error() -> FieldError:
    """MSG_NO_MORE as the error of the comments, with the maximum."""
    return FieldError("comments", MSG_NO_MORE, {"max": MAX_COMMENTS})


class BasketFull(ValidationFailed):
    """The basket already holds MAX_COMMENTS comments, none of them blank: a part followed from the draft is
    not added, and nothing in the basket changes."""

    def __init__(self):
        super().__init__([FieldError("comments", MSG_BASKET_FULL, {"max": MAX_COMMENTS})])


def blank_comment(target: str = "") -> dict:
    return {"target": target, "kind": "", "proposal": "", "reason": "", "proposed_points": ""}


def _tidy(comment: dict) -> dict:
    """Only the comment's own keys, as strings, each no longer than twice its limit (validation reports
    the excess; nothing larger is kept)."""
    limit = max(LIMITS["proposal"], LIMITS["reason"]) * 2
    tidy = {}
    for key in COMMENT_KEYS:
        value = comment.get(key)
        tidy[key] = "" if value is None else str(value)[:limit]
    return tidy


def load(session: Session, draft_id: str | None, consultation: Consultation, now: dt.datetime) -> FeedbackDraft | None:
    """The draft behind the id, or None when there is none, it expired or it belongs to another consultation."""
    if not draft_id or len(draft_id) > 43:
        return None
    draft = session.get(FeedbackDraft, draft_id)
    if draft is None or draft.consultation_id != consultation.id or expired(draft, now):
        return None
    return draft


def expired(draft: FeedbackDraft, now: dt.datetime) -> bool:
    return draft.created_at <= now - dt.timedelta(days=DRAFT_DAYS)


def client_key(address: str | None, secret: str) -> str:
    """The key of the client address that starts a draft, as stored with it: a keyed hash (the address itself
    is never stored) of the address as the rate limits count it (countkeys.client: an IPv6 /64 as one)."""
    counted = countkeys.client(address or "127.0.0.1")
    return hmac.new(secret.encode(), f"draft-client:{counted}".encode(), hashlib.sha256).hexdigest()[:32]


def save(session: Session, draft: FeedbackDraft | None, consultation: Consultation, comments: list[dict],
         now: dt.datetime, client: str | None = None) -> FeedbackDraft:
    """Store the comments (a new draft when `draft` is None) and commit; at most MAX_COMMENTS are kept.
    DraftTooLarge, and nothing stored, when their text exceeds DRAFT_MAX_CHARS or the row DRAFT_MAX_BYTES.
    A new draft records `client` (client_key) and evicts that client's drafts beyond DRAFTS_PER_CLIENT,
    least recently saved first, in the same transaction."""
    comments = [_tidy(c) for c in comments][:MAX_COMMENTS] or [blank_comment()]
    if (sum(len(value) for comment in comments for value in comment.values()) > DRAFT_MAX_CHARS
            or len(dump_json(comments).encode("utf-8")) > DRAFT_MAX_BYTES):
        raise DraftTooLarge()
    if draft is None:
        purge_expired(session, now)
        if client is not None:
            evict(session, client, DRAFTS_PER_CLIENT - 1)
        draft = FeedbackDraft(id=secrets.token_urlsafe(24), consultation_id=consultation.id, created_at=now,
                              client=client)
        session.add(draft)
    draft.comments = comments
    draft.updated_at = now
    session.commit()
    return draft


def add_target(session: Session, draft: FeedbackDraft | None, consultation: Consultation, target: str,
               now: dt.datetime) -> tuple[FeedbackDraft, int]:
    """Put a part of the draft in the basket; (draft, index of its comment).

    A part already in the basket is not added twice (the link is followed again, or the page reloaded);
    a blank comment (the last one, when several are) takes the target instead of staying empty beside it.
    A basket of MAX_COMMENTS comments, none blank, raises BasketFull and is left as it was: a link followed
    from the draft cannot make a submission larger than a submission may be.
    """
    comments = list(draft.comments) if draft is not None else []
    changed, index = with_target(comments, consultation, target)
    if changed is comments:
        return draft, index
    return save(session, draft, consultation, changed, now), index


def with_target(comments: list[dict], consultation: Consultation, target: str) -> tuple[list[dict], int]:
    """The comments with a part of the draft put in, and the index of its comment, by add_target's rules,
    without storing anything (`comments` itself when the part is there already): also for a basket of parts
    kept in the browser's cookie before anything is typed (web/public/feedback.py)."""
    for index, comment in enumerate(comments):
        if comment.get("target") == target:
            return comments, index
    comments = list(comments)
    node = consultation.nodes.get(target)
    if node is None or not node.commentable:
        raise ValidationFailed([FieldError("target", N_("Unknown part of the draft: %(ref)s."), {"ref": target[:40]})])
    blank = next((i for i in reversed(range(len(comments))) if _is_blank(comments[i])), None)
    if blank is not None:
        index = blank
        comments[index] = {**comments[index], "target": target}
    elif len(comments) < MAX_COMMENTS:
        index = len(comments)
        comments.append(blank_comment(target))
    else:
        raise BasketFull()
    return comments, index


def is_full(draft: FeedbackDraft | None) -> bool:
    """No part can be added: MAX_COMMENTS comments and none blank (see add_target)."""
    comments = draft.comments if draft is not None else []
    return len(comments) >= MAX_COMMENTS and not any(_is_blank(c) for c in comments)


def _is_blank(comment: dict) -> bool:
    return not any((comment.get(key) or "").strip() for key in COMMENT_KEYS)


def comment_errors(comments: list[dict], consultation: Consultation) -> list[FieldError]:
    """What is wrong with the comments alone, by the same rules as a submission."""
    try:
        clean_comments(comments, consultation)
    except ValidationFailed as exc:
        return exc.errors
    return []


def clean_comments(comments: list[dict], consultation: Consultation) -> list[dict]:
    """The comments as a submission would store them (cleaned text, points as numbers), or
    ValidationFailed with the form's field paths (comments.N.x): the one rule for a comment's content."""
    return validate({"comments": comments, **_STAND_IN}, consultation)["comments"]


def discard(session: Session, draft: FeedbackDraft | None) -> None:
    if draft is not None:
        session.delete(draft)
        session.commit()


def evict(session: Session, client: str, keep: int) -> int:
    """Delete the drafts of `client` but its `keep` most recently saved (one statement, on both databases:
    the index on (client, updated_at) finds them)."""
    stale = (select(FeedbackDraft.id).where(FeedbackDraft.client == client)
             .order_by(FeedbackDraft.updated_at.desc(), FeedbackDraft.id.desc()).offset(keep))
    return session.execute(delete(FeedbackDraft).where(FeedbackDraft.id.in_(stale)),
                           execution_options={"synchronize_session": False}).rowcount


def purge_expired(session: Session, now: dt.datetime) -> int:
    """Delete drafts older than DRAFT_DAYS: run whenever a draft is started, and by the hourly purge of the
    mail worker (consultation/exports/retention.py), so that none outlives its days when no one starts one."""
    cutoff = now - dt.timedelta(days=DRAFT_DAYS)
    return session.execute(delete(FeedbackDraft).where(FeedbackDraft.created_at <= cutoff)).rowcount
