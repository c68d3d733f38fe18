"""The conversation core: one event in, the reply and the saved state out."""
from __future__ import annotations

import copy
import logging
from dataclasses import asdict

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from consultation.clock import utcnow
from consultation.db import write_lock
from consultation.i18n import LOCALES
from consultation.services import Services

from bot.models import BotOutbox, BotUser

from . import asking, commenting, reading, receipts, selfcheck
from .comment_base import COMMENT_ON
from .common import COMMANDS, menu_choices, window_sentence
from .context import Ctx
from .text import Translator, pack
from .types import Choice, Event, Reply

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}


def expects(ctx: Ctx) -> str:
    if commenting.in_comment(ctx):
        return commenting.expects(ctx)
    if ctx.step == selfcheck.STEP:
        return selfcheck.expects(ctx)
    return "text"


class Conversation:
    """The platform-free bot. One instance per process and platform; thread-safe (no state of its own).

    `contact_limit`: the per-contact limit on stored submissions (consultation/intake/contacts.py), in the
    same counters as the web's: the WeChat route passes the web app's own (web/limits.py), the Telegram bot
    one from its settings. None (the default, for tests of the conversation alone): not counted."""

    def __init__(self, services: Services, *, platform: str, max_length: int = 4000, compact: bool = False,
                 contact_limit=None):
        self.services = services
        self.platform = platform
        self.max_length = max_length
        self.compact = compact
        self.contact_limit = contact_limit

    # ------------------------------------------------------------ public API

    def handle(self, user_id: str | int, event: Event, *, language_hint: str | None = None,
               event_id: str | None = None, deliver_to: str | int | None = None) -> Reply:
        """Decide the reply to `event`, store the new state, commit, return the reply.

        The state and the reply are committed before this returns, so the adapter
        sends only what is already stored. With `event_id`, an event seen before
        (a redelivery) gets the stored reply again and changes nothing. With
        `deliver_to` (a chat id), the reply's messages are also written to
        `bot_outbox` in the same transaction, packed under `max_length`, each with
        the step that produced it: the adapter then delivers the chat's pending rows
        until the platform acknowledges them (`bot.telegram.delivery`).
        """
        user_id = str(user_id)
        for attempt in range(3):
            try:
                # SQLite has one writer: hold the writers' queue for the whole step rather than wait in
                # SQLite's busy handler; PostgreSQL locks the user's row instead (write_lock is a no-op there).
                with write_lock(self.services.engine), self.services.session() as session:
                    return self._handle(session, user_id, event, language_hint, event_id, deliver_to)
            except IntegrityError:
                if attempt == 2:
                    raise  # two first messages from one user at once: the loser retries
        raise AssertionError("unreachable")

    def locale_for(self, user_id: str | int, language_hint: str | None = None) -> str:
        with self.services.session() as session:
            user = session.scalars(select(BotUser).where(BotUser.platform == self.platform,
                                                         BotUser.user_id == str(user_id))).first()
            return Translator((user.locale if user and user.locale else None) or language_hint).locale

    def last_reply(self, user_id: str | int) -> Reply | None:
        """The reply last sent to this user (to map a typed option number back to a choice id)."""
        with self.services.session() as session:
            user = session.scalars(select(BotUser).where(BotUser.platform == self.platform,
                                                         BotUser.user_id == str(user_id))).first()
            return Reply.from_json(user.last_reply) if user is not None and user.last_reply else None

    @staticmethod
    def commands(locale: str) -> list[tuple[str, str]]:
        """(command, description) pairs for a platform's command menu in `locale`."""
        t = Translator(locale)
        return [(name, t._(msg)) for name, msg in COMMANDS]

    # ------------------------------------------------------------ internals

    def _load(self, session: Session, user_id: str) -> BotUser:
        query = select(BotUser).where(BotUser.platform == self.platform, BotUser.user_id == user_id)
        user = session.scalars(query.with_for_update()).first()
        if user is None:
            user = BotUser(platform=self.platform, user_id=user_id, state={"step": "idle"}, draft={}, events=0)
            session.add(user)
            session.flush()
        return user

    def _handle(self, session, user_id, event, language_hint, event_id, deliver_to) -> Reply:
        user = self._load(session, user_id)
        if event_id is not None and user.last_event_id == str(event_id) and user.last_reply:
            session.rollback()
            return Reply.from_json(user.last_reply)
        ctx = Ctx(self.services, session, Translator(user.locale or language_hint), self.platform, user_id,
                  copy.deepcopy(user.state or {"step": "idle"}), copy.deepcopy(user.draft or {}), self.max_length,
                  self.compact, contact_limit=self.contact_limit)
        self._dispatch(ctx, event)
        if ctx.locale_choice:
            user.locale = ctx.locale_choice
        reply = Reply(ctx.out, ctx.t.locale, ctx.step, ctx.receipt, expects(ctx))
        user.state, user.draft = ctx.state, ctx.draft
        flag_modified(user, "state")
        flag_modified(user, "draft")
        user.last_event_id = str(event_id) if event_id is not None else None
        user.last_reply = reply.to_json()
        user.events = (user.events or 0) + 1
        user.updated_at = utcnow()
        if deliver_to is not None:
            session.add_all([BotOutbox(platform=self.platform, chat_id=str(deliver_to), step=reply.step[:64],
                                       event_id=None if event_id is None else str(event_id)[:128],
                                       message=asdict(message), status="pending", attempts=0,
                                       next_attempt_at=user.updated_at, created_at=user.updated_at)
                             for message in pack(reply.messages, self.max_length)])
        session.commit()
        return reply

    def _dispatch(self, ctx: Ctx, event: Event) -> None:
        if event.kind == "command":
            self._command(ctx, event.value)
        elif event.kind == "choice":
            self._choice(ctx, event)
        elif event.kind == "text":
            if event.parts > 1:
                ctx.say(ctx.t._("Your text arrived as %(parts)d messages (the app splits long texts); I joined them "
                                "into one text of %(chars)d characters.", parts=event.parts, chars=len(event.value)))
            self._text(ctx, event)
        elif event.kind in ("media", "edited"):
            self._not_text(ctx, event)
        else:
            raise ValueError(f"unknown event kind {event.kind!r}")

    def _command(self, ctx: Ctx, name: str) -> None:
        if name == "cancel":
            if commenting.in_comment(ctx) or ctx.draft.get("comments") or ctx.draft.get("paused"):
                commenting.cancel(ctx)
            elif ctx.step != "idle":
                ctx.reset()
                ctx.say(ctx.t._("Done. What would you like to do next?"), menu_choices(ctx))
            else:
                ctx.say(ctx.t._("There is nothing to cancel."), menu_choices(ctx))
        elif name == "back":
            if commenting.in_comment(ctx):
                commenting.back(ctx)
            elif ctx.step == selfcheck.STEP:
                selfcheck.back(ctx)
            else:
                ctx.say(ctx.t._("There is no step to go back to."), menu_choices(ctx))
        elif name in ("start", "menu"):
            self._greet(ctx, full=name == "start")
        elif name == "help":
            self._help(ctx)
        elif name == "read":
            reading.show_toc(ctx)
        elif name == "comment":
            commenting.start(ctx)
        elif name == "ask":
            self._leave_flows(ctx)
            asking.prompt(ctx)
        elif name == "selfcheck":
            self._leave_flows(ctx)
            selfcheck.start(ctx)
        elif name in ("myreceipts", "receipts"):
            receipts.show(ctx)
            self._remind(ctx)
        elif name in ("lang", "language"):
            self._language_menu(ctx)
        else:
            ctx.say(ctx.t._("I do not know that command."))
            self._help(ctx)

    def _choice(self, ctx: Ctx, event: Event) -> None:
        value = event.value
        if value == "menu":
            self._greet(ctx, full=False)
        elif value.startswith("m:"):
            self._command(ctx, {"m:receipts": "myreceipts", "m:lang": "lang"}.get(value, value[2:]))
        elif value.startswith("r:"):
            if not reading.show_node(ctx, value[2:]):
                ctx.say(ctx.t._("That button belongs to an earlier version of the draft."))
                reading.show_toc(ctx)
            self._remind(ctx)
        elif (ref := COMMENT_ON.value(event)) is not None:
            commenting.start(ctx, ref)
        elif commenting.resume_or_discard(ctx, event):
            pass
        elif value.startswith("l:"):
            locale = value[2:]
            if locale in LOCALES:
                ctx.locale_choice = locale
                ctx.t = Translator(locale)
                ctx.say(ctx.t._("I will speak English with you.") if locale == "en" else "我将用中文与您交流。")
                if ctx.step == "idle":
                    ctx.say(ctx.t._("What would you like to do?"), menu_choices(ctx))
                else:
                    self._remind(ctx)
        elif commenting.in_comment(ctx):
            commenting.handle(ctx, event)
        elif ctx.step == selfcheck.STEP:
            selfcheck.handle(ctx, event)
        else:
            ctx.say(ctx.t._("That button belongs to a conversation that has ended."), menu_choices(ctx))

    def _text(self, ctx: Ctx, event: Event) -> None:
        if commenting.in_comment(ctx):
            commenting.handle(ctx, event)
        elif ctx.step == selfcheck.STEP:
            selfcheck.handle(ctx, event)
        else:
            asking.respond(ctx, event.value)

    def _not_text(self, ctx: Ctx, event: Event) -> None:
        """A photo, sticker, voice … or an edit: say what happened and what the user still owes."""
        t = ctx.t
        if event.kind == "edited":
            ctx.say(t._("I only read messages as first sent, so your edit changed nothing. To change what you "
                        "wrote, send the corrected text as a new message (or /back to the step before)."))
        else:
            ctx.say(t._("I can only read text. Files and pictures can be sent by email to %(mailbox)s, with your "
                        "comment's reference in the subject.", mailbox=ctx.consultation.source.mailbox))
        if ctx.step == "idle":
            ctx.say(t._("What would you like to do?"), menu_choices(ctx))
        else:
            self._remind(ctx)

    def _remind(self, ctx: Ctx) -> None:
        """After a detour (reading, receipts), repeat the question the user still owes."""
        if commenting.in_comment(ctx):
            ctx.say(ctx.t._("You are in the middle of a comment. Where we were:"))
            commenting.prompt(ctx)
        elif ctx.step == selfcheck.STEP:
            selfcheck.prompt(ctx)

    def _leave_flows(self, ctx: Ctx) -> None:
        if commenting.in_comment(ctx):
            commenting.pause(ctx)  # the draft stays; /comment offers to continue it
        elif ctx.step != "idle":
            ctx.reset()

    def _greet(self, ctx: Ctx, full: bool) -> None:
        self._leave_flows(ctx)
        t = ctx.t
        state = ctx.window()
        lines = []
        if full:
            lines.append(t._("Welcome. This bot is for the public consultation on the %(title)s, published by "
                             "the %(publisher)s.", title=ctx.consultation.title,
                             publisher=ctx.consultation.source.publisher_in(t.locale)))
        lines.append(window_sentence(ctx, state))
        if commenting.unfinished(ctx):
            lines.append(commenting.unfinished(ctx) + " " + t._("Choose “Comment on the draft” to continue it."))
        elif ctx.draft.get("comments"):
            n = len(ctx.draft["comments"])
            lines.append(t.ngettext("You have %(num)d comment not sent yet.",
                                    "You have %(num)d comments not sent yet.", n))
        lines.append(t._("What would you like to do?"))
        ctx.say("\n\n".join(lines), menu_choices(ctx))

    def _help(self, ctx: Ctx) -> None:
        t = ctx.t
        lines = [t._("You can read the draft, comment on it, ask a question or check a zone against the "
                     "indicators. Any message that is not part of a conversation is taken as a question.")]
        lines += [f"/{name} — {t._(msg)}" for name, msg in COMMANDS]
        ctx.say("\n".join(lines), menu_choices(ctx))
        self._remind(ctx)

    def _language_menu(self, ctx: Ctx) -> None:
        ctx.say("请选择语言 / Choose your language",
                [Choice(f"l:{code}", name) for code, name in LANGUAGE_NAMES.items()])
