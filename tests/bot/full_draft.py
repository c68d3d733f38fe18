"""A chat user whose draft already holds comments, written into `bot_users` as the bot itself stores it,
so that a test can reach the maximum number of comments without typing each one (the last ones are still
added through the bot)."""
from __future__ import annotations

import uuid

from sqlalchemy import select

from bot.models import BotUser


def commentable_refs(services, n: int) -> list[str]:
    """`n` different parts of the draft that take a comment, in the draft's order (a row's comment may
    leave its points out)."""
    refs = services.consultation.commentable_refs
    assert len(refs) >= n, len(refs)
    return refs[:n]


def seed_comments(services, platform: str, user_id: str, n: int, locale: str | None = None) -> list[dict]:
    """Store `n` noted comments (not sent) as the draft of this chat user, at the idle step; returns them."""
    comments = [{"target": ref, "kind": "support", "proposal": "", "reason": f"理由{i}：支持本条规定。",
                 "proposed_points": None} for i, ref in enumerate(commentable_refs(services, n))]
    with services.session() as s:
        s.add(BotUser(platform=platform, user_id=str(user_id), locale=locale, state={"step": "idle"},
                      draft={"key": uuid.uuid4().hex, "comments": comments, "who": {}, "consent": False,
                             "cur": {}}, events=0))
        s.commit()
    return comments


def stored_draft(services, platform: str, user_id: str) -> tuple[dict, dict]:
    """(state, draft) of the chat user as stored."""
    with services.session() as s:
        user = s.scalars(select(BotUser).where(BotUser.platform == platform,
                                               BotUser.user_id == str(user_id))).one()
        return user.state, user.draft
