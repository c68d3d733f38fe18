"""What every comment state shares: the step names, the declared buttons, moving between steps, checks.

Steps are named "comment.<step>"; each is a `bot.core.states.State` in
`comment_states` (the comment itself) or `submitter_states` (who sends it,
consent, the summary). What the user has said so far lives in the draft
(ctx.draft: comments, cur, who, consent, key, paused); every field is checked with
`consultation.feedback_checks`, the same rules as the web form and the API.
"""
from __future__ import annotations

from consultation import feedback_checks as checks
from consultation.drafts import MSG_NO_MORE
from consultation.intake.payload import MAX_COMMENTS
from consultation.references import label
from consultation.submissions import clean_text

from .states import REGISTRY, Button, ButtonFamily

PREFIX = "comment."

# Choosing what the comment is about.
BROWSE = ButtonFamily("tb:")  # open a chapter or annex (or a chapter's article with items)
TARGET = ButtonFamily("ts:")  # this node is the target
COMMENT_ON = ButtonFamily("c:")  # "comment on this" under a node shown while reading
KIND = ButtonFamily("k:")
SKIP_PROPOSAL = Button("x:proposal")
SKIP_REASON = Button("x:reason")
SKIP_POINTS = Button("x:points")
ADD_ANOTHER = Button("more:add")
GO_ON = Button("more:go")
# Who sends it.
CATEGORY = ButtonFamily("cat:")
AGREE = Button("consent:yes")
DISAGREE = Button("consent:no")
SKIP_ORG = Button("x:org")
# The summary and editing.
# "Confirm and send" carries the digest of the summary it was shown under (consultation.checked): a button of
# an older summary (Telegram keeps them pressable) or one shown on another device sends nothing changed since.
SEND = ButtonFamily("sum:send:")
EDIT = Button("sum:edit")
ADD = Button("sum:add")
CANCEL = Button("sum:cancel")
EDIT_COMMENT = ButtonFamily("ed:c")
REMOVE_COMMENT = ButtonFamily("ed:d")
EDIT_DETAILS = Button("ed:who")
EDIT_DONE = Button("ed:done")
# Coming back to an unfinished comment after a detour.
RESUME = Button("cm:resume")
DISCARD = Button("cm:discard")


def full(ctx) -> bool:
    """No comment can be added: the draft holds MAX_COMMENTS noted comments (one taken back into editing with
    /back, or being edited, is not among them and goes back in its place). One more asked for is refused then,
    before anything is typed, rather than when the whole submission is sent (refuse_full)."""
    return len(ctx.draft.get("comments") or []) >= MAX_COMMENTS


def refuse_full(ctx) -> None:
    """Say why no comment can be added and what to do, then ask the current step's question again (from
    outside the comment flow, the "N comments ready" step, where sending is offered). The draft is not
    touched."""
    ctx.say(ctx.t._(MSG_NO_MORE, max=MAX_COMMENTS))
    if in_comment(ctx):
        prompt(ctx)
    else:
        jump(ctx, "more")


def in_comment(ctx) -> bool:
    return ctx.step.startswith(PREFIX)


def prompt(ctx) -> None:
    """Ask the question of the current step again."""
    REGISTRY[ctx.step].prompt(ctx)


def enter(ctx, step: str) -> None:
    ctx.goto(PREFIX + step)
    prompt(ctx)


def jump(ctx, step: str) -> None:
    """Go to `step` with no way /back (a fresh start, the summary)."""
    ctx.state["hist"] = []
    ctx.state["step"] = PREFIX + step
    prompt(ctx)


def quote(ctx, ref: str) -> None:
    c = ctx.consultation
    node = c.node(ref)
    text = c.quote(ref) if node.kind != "general" else c.title
    ctx.say(ctx.t._("You are commenting on %(label)s:", label=label(node, ctx.t.locale)) + "\n" + text)


def comment_errors(ctx, field: str, value) -> list[str]:
    """The web form's messages for the comment's `field` with this value, given the comment so far."""
    comment = {**ctx.draft["cur"], field: value}
    return [ctx.t._(e.message, **e.params) for e in checks.comment_field_errors(ctx.consultation, comment, field)]


def who_errors(ctx, fields: tuple[str, ...], **values) -> list[str]:
    """The web form's messages for the submitter's `fields` with these values, given the details so far."""
    who = {**(ctx.draft.get("who") or {}), **values}
    return [ctx.t._(e.message, **e.params) for e in checks.submitter_field_errors(who, fields)]


def refuse(ctx, messages: list[str]) -> None:
    ctx.say("\n".join(messages))
    prompt(ctx)


def text_or_skip(event, skip: Button) -> str | None:
    """The typed text, "" for the skip button, None for anything else."""
    if skip.pressed(event):
        return ""
    if event.kind == "text":
        return clean_text(event.value)
    return None


def ready(ctx) -> bool:
    """Everything needed to send is there: go straight to the summary after an edit."""
    who = ctx.draft.get("who") or {}
    return bool(who.get("category") and who.get("name") and (who.get("phone") or who.get("email"))
                and ctx.draft.get("consent"))
