"""The comment conversation: entering it, leaving it for a detour, coming back, /back and /cancel.

The steps are named states (`bot.core.states.State`), each keeping its prompt
and its input handling together: the comment itself in `comment_states`
(target → kind → proposal → reason → [points] → more), who sends it in
`submitter_states` (category → consent → name → org → contact → summary → edit).
Buttons are declared in `comment_base`.

Nothing typed is thrown away: leaving for a detour (/start, /ask, /selfcheck,
the menu, WeChat's "0") keeps the draft and remembers the step in
`draft["paused"]`; /comment, "comment on this" and the menu then offer to
continue the unfinished comment (showing its target and what was written so
far) or to discard it, and /start mentions it.
"""
from __future__ import annotations

import uuid

from consultation.references import label

from . import comment_base as cb
from . import comment_states, submitter_states
from .comment_base import PREFIX, in_comment, prompt
from .common import menu_choices, refusal
from .states import REGISTRY
from .text import shorten

summary_text = submitter_states.summary_text
cancel = submitter_states.cancel

__all__ = ["PREFIX", "back", "cancel", "expects", "handle", "in_comment", "pause", "prompt", "start",
           "summary_text", "unfinished"]


def expects(ctx) -> str:
    state = REGISTRY.get(ctx.step)
    return state.expects if state is not None else "text"


# ---------------------------------------------------------------- entry

def _closed(ctx) -> bool:
    """True, once the draft is dropped and the refusal said, when the window is not open: nothing is kept
    of a comment that can no longer be sent."""
    window = ctx.window()
    if window.is_open:
        return False
    ctx.reset()
    ctx.draft.clear()
    ctx.say(refusal(ctx, window), menu_choices(ctx))
    return True


def start(ctx, target: str | None = None) -> None:
    """Begin, resume or offer to resume commenting; refused up front when the window is not open."""
    if _closed(ctx):
        return
    if not ctx.draft.get("key"):
        ctx.draft.update(key=uuid.uuid4().hex, comments=[], who={}, consent=False)
    if in_comment(ctx) and target is None:
        prompt(ctx)
        return
    if in_comment(ctx) and set(ctx.draft.get("cur") or {}) - {"target"}:
        pause(ctx)  # "comment on this" while another comment is half written: ask, never overwrite
    if ctx.draft.get("paused"):
        _offer_resume(ctx, target)
        return
    _begin(ctx, target)


def _begin(ctx, target: str | None) -> None:
    if target is not None and cb.full(ctx):  # "comment on this" with MAX_COMMENTS ready: refused here
        cb.refuse_full(ctx)
        return
    if target is not None:
        node = ctx.consultation.nodes.get(target)
        if node is None or not node.commentable:
            ctx.say(ctx.t._("This part of the draft cannot be commented on; choose an article, an item or an "
                            "indicator row."))
            cb.jump(ctx, "target")
            return
        if not in_comment(ctx):
            ctx.state["hist"] = []
            ctx.state["step"] = PREFIX + "target"
        comment_states.set_target(ctx, target)
        return
    if ctx.draft.get("comments"):
        n = len(ctx.draft["comments"])
        ctx.say(ctx.t.ngettext("You have %(num)d comment not sent yet.",
                               "You have %(num)d comments not sent yet.", n))
        cb.jump(ctx, "more")
        return
    ctx.draft["cur"] = {}
    cb.jump(ctx, "target")


# ---------------------------------------------------------------- detours

def pause(ctx) -> None:
    """Leave the comment for a detour, remembering where it was (the draft itself is kept)."""
    if in_comment(ctx):
        ctx.draft["paused"] = {"step": ctx.step, "hist": ctx.state.get("hist", []),
                               "edit_index": ctx.state.get("edit_index")}
    ctx.state["step"] = "idle"
    ctx.state["hist"] = []
    ctx.state.pop("edit_index", None)


def unfinished(ctx) -> str | None:
    """One sentence naming the unfinished comment and what was written so far, or None."""
    paused = ctx.draft.get("paused")
    if not paused:
        return None
    t = ctx.t
    cur = ctx.draft.get("cur") or {}
    parts = []
    if cur.get("target") in ctx.consultation.nodes:
        parts.append(label(ctx.consultation.node(cur["target"]), t.locale))
    if cur.get("proposal"):
        parts.append(t._("proposal: “%(text)s”", text=shorten(cur["proposal"], 60)))
    if cur.get("reason"):
        parts.append(t._("reason: “%(text)s”", text=shorten(cur["reason"], 60)))
    n = len(ctx.draft.get("comments") or [])
    if n:
        parts.append(t.ngettext("%(num)d comment ready", "%(num)d comments ready", n))
    return t._("You have an unfinished comment (%(what)s).", what="; ".join(parts) or t._("just begun"))


def _offer_resume(ctx, target: str | None) -> None:
    t = ctx.t
    ctx.draft["next_target"] = target
    ctx.say(unfinished(ctx) + " " + t._("Continue where you left off, or discard it and start again?"),
            [cb.RESUME.choice(t._("Continue my unfinished comment")),
             cb.DISCARD.choice(t._("Discard it and start again"))])


def resume_or_discard(ctx, event) -> bool:
    """The answer to the offer above (it can come from any step: the buttons stay valid)."""
    paused = ctx.draft.get("paused")
    if not paused or not (cb.RESUME.pressed(event) or cb.DISCARD.pressed(event)):
        if cb.RESUME.pressed(event) or cb.DISCARD.pressed(event):
            ctx.say(ctx.t._("There is no unfinished comment any more."))
            start(ctx)
            return True
        return False
    target = ctx.draft.pop("next_target", None)
    ctx.draft.pop("paused")
    if cb.RESUME.pressed(event):
        ctx.state.update(step=paused["step"], hist=paused.get("hist") or [])
        if paused.get("edit_index") is not None:
            ctx.state["edit_index"] = paused["edit_index"]
        ctx.say(ctx.t._("Here is where we were:"))
        prompt(ctx)
        return True
    # Discard: the comment in progress goes; comments already noted stay, including one taken back
    # into editing with /back at "N comments ready" (the user was told it was noted).
    cur = ctx.draft.get("cur") or {}
    if cur.pop("noted", False):
        ctx.draft.setdefault("comments", []).append(cur)
    ctx.draft["cur"] = {}
    ctx.say(ctx.t._("The unfinished comment was discarded."))
    _begin(ctx, target)
    return True


# ---------------------------------------------------------------- input

def handle(ctx, event) -> None:
    """An event while a comment step is current."""
    if _closed(ctx):
        return
    state = REGISTRY.get(ctx.step)
    if state is None or not state.handle(ctx, event):
        if event.kind == "text":
            ctx.say(ctx.t._("Please choose one of the options above, or /back to go back one step, or /cancel to "
                            "leave."))
        else:
            ctx.say(ctx.t._("That button belongs to an earlier step."))
        prompt(ctx)


def back(ctx) -> None:
    """Return one step; at the "more" step this takes the last comment back into editing."""
    if ctx.step == PREFIX + "more" and ctx.draft.get("comments"):
        ctx.draft["cur"] = {**ctx.draft["comments"].pop(), "noted": True}
    if ctx.back() is None:
        ctx.say(ctx.t._("This is the first step. Use /cancel to leave."))
    prompt(ctx)
