"""The comment itself, one named state per step: target → kind → proposal → reason → [points] → more."""
from __future__ import annotations

from consultation.intake import fields
from consultation.intake.payload import LIMITS
from consultation.labels import COMMENT_KIND_LABELS
from consultation.models import COMMENT_KINDS
from consultation.references import label, parse_reference
from consultation.submissions import clean_text

from . import comment_base as cb
from .common import node_title
from .states import State, register
from .text import shorten
from .types import Choice

# ---------------------------------------------------------------- comment.target


def _browse_choices(ctx, ref: str) -> list[Choice]:
    c = ctx.consultation
    node = c.node(ref)
    choices = []
    if node.commentable:
        choices.append(cb.TARGET.choice(ref, ctx.t._("This whole part: %(label)s", label=label(node, ctx.t.locale))))
    for child in node.children:
        family = cb.BROWSE if c.node(child).children else cb.TARGET
        choices.append(family.choice(child, node_title(ctx, child)))
    return choices


def _offer_parts(ctx, ref: str) -> None:
    node = ctx.consultation.node(ref)
    ctx.say(ctx.t._("Choose the part of %(label)s your comment is about:", label=label(node, ctx.t.locale)),
            _browse_choices(ctx, ref))


def target_prompt(ctx) -> None:
    t, c = ctx.t, ctx.consultation
    choices = [cb.BROWSE.choice(n.ref, node_title(ctx, n.ref, 20)) for n in c.nodes.values()
               if n.kind in ("chapter", "annex")]
    choices += [cb.TARGET.choice("general", label(c.node("general"), t.locale)),
                cb.TARGET.choice("notice", label(c.node("notice"), t.locale))]
    ctx.say(t._("Which part of the draft is your comment about? Type a reference such as 第三条, 第六条(一)第2项, "
                "附件1第16项, article 6(1)(2) or annex 1 row 16, or choose a part below:"), choices)


def set_target(ctx, ref: str) -> bool:
    ctx.draft["cur"] = {"target": ref}
    cb.quote(ctx, ref)
    cb.enter(ctx, "kind")
    return True


def target_handle(ctx, event) -> bool:
    c = ctx.consultation
    if (ref := cb.BROWSE.value(event)) is not None:
        if ref not in c.nodes:
            return False
        _offer_parts(ctx, ref)
        return True
    if (ref := cb.TARGET.value(event)) is not None:
        return ref in c.nodes and c.nodes[ref].commentable and set_target(ctx, ref)
    if event.kind != "text":
        return False
    typed = clean_text(event.value)
    ref = parse_reference(typed, c, any_node=True)
    if ref is not None and not c.nodes[ref].commentable:  # a chapter: offer its articles
        _offer_parts(ctx, ref)
        return True
    if ref is None:
        ctx.say(ctx.t._("“%(text)s” is not a part of the draft I know.", text=shorten(typed, 40)))
        target_prompt(ctx)
        return True
    return set_target(ctx, ref)


# ---------------------------------------------------------------- comment.kind

def kind_prompt(ctx) -> None:
    ctx.say(ctx.t._("What kind of comment is it?"),
            [cb.KIND.choice(k, ctx.t._(COMMENT_KIND_LABELS[k])) for k in COMMENT_KINDS])


def kind_handle(ctx, event) -> bool:
    kind = cb.KIND.value(event)
    if kind not in COMMENT_KINDS:
        return False
    ctx.draft["cur"]["kind"] = kind
    cb.enter(ctx, "proposal")
    return True


# ---------------------------------------------------------------- comment.proposal

def proposal_prompt(ctx) -> None:
    t = ctx.t
    if ctx.draft["cur"].get("kind") in ("amend", "add"):
        ctx.say(t._("Type the wording you propose (at most %(max)d characters).", max=LIMITS["proposal"]))
    else:
        ctx.say(t._("Type the wording you propose, if any (at most %(max)d characters), or skip.", max=LIMITS["proposal"]),
                [cb.SKIP_PROPOSAL.choice(t._("Skip"))])


def proposal_handle(ctx, event) -> bool:
    value = cb.text_or_skip(event, cb.SKIP_PROPOSAL)
    if value is None:
        return False
    if errors := cb.comment_errors(ctx, "proposal", value):
        cb.refuse(ctx, errors)
        return True
    ctx.draft["cur"]["proposal"] = value
    cb.enter(ctx, "reason")
    return True


# ---------------------------------------------------------------- comment.reason

def reason_prompt(ctx) -> None:
    t = ctx.t
    choices = [cb.SKIP_REASON.choice(t._("Skip"))] if ctx.draft["cur"].get("proposal") else []
    ctx.say(t._("Why? Type your reason (at most %(max)d characters).", max=LIMITS["reason"]), choices)


def reason_handle(ctx, event) -> bool:
    cur = ctx.draft["cur"]
    value = cb.text_or_skip(event, cb.SKIP_REASON)
    if value is None:
        return False
    if errors := cb.comment_errors(ctx, "reason", value):
        cb.refuse(ctx, errors)
        return True
    cur["reason"] = value
    if ctx.consultation.node(cur["target"]).kind == "row":
        cb.enter(ctx, "points")
    else:
        finish_comment(ctx)
    return True


# ---------------------------------------------------------------- comment.points

def points_prompt(ctx) -> None:
    node = ctx.consultation.node(ctx.draft["cur"]["target"])
    total = ctx.consultation.node(node.parent).points
    ctx.say(ctx.t._("This indicator is worth %(points)d points now (its table totals %(max)d). Type the points you "
                    "propose for it: a whole number from 0 to %(max)d. Or skip.", points=node.points, max=total),
            [cb.SKIP_POINTS.choice(ctx.t._("Skip"))])


def points_handle(ctx, event) -> bool:
    cur = ctx.draft["cur"]
    if cb.SKIP_POINTS.pressed(event):
        cur["proposed_points"] = None
        finish_comment(ctx)
        return True
    if event.kind != "text":
        return False
    value = fields.as_typed_number(clean_text(event.value))  # full-width digits as ASCII, as on the form
    if errors := cb.comment_errors(ctx, "proposed_points", value):
        cb.refuse(ctx, errors)
        return True
    cur["proposed_points"] = int(value)
    finish_comment(ctx)
    return True


def finish_comment(ctx) -> None:
    d = ctx.draft
    cur = {"target": "", "kind": "", "proposal": "", "reason": "", "proposed_points": None, **d.pop("cur")}
    cur.pop("noted", None)
    comments = d.setdefault("comments", [])
    if "edit_index" in ctx.state:
        comments.insert(min(ctx.state.pop("edit_index"), len(comments)), cur)
        if cb.ready(ctx):
            cb.jump(ctx, "summary")
        else:
            cb.enter(ctx, "more")
        return
    if cb.full(ctx):  # only a draft whose comment was begun before the refusal on adding existed
        d["cur"] = {}
        cb.refuse_full(ctx)
        return
    comments.append(cur)
    d["cur"] = {}
    ctx.say(ctx.t._("Comment noted (not sent yet)."))
    cb.enter(ctx, "more")


# ---------------------------------------------------------------- comment.more

def more_prompt(ctx) -> None:
    t = ctx.t
    n = len(ctx.draft.get("comments", []))
    ctx.say(t.ngettext("%(num)d comment ready. Would you like to comment on another part, or go on to your details "
                       "and send?",
                       "%(num)d comments ready. Would you like to comment on another part, or go on to your details "
                       "and send?", n),
            [cb.ADD_ANOTHER.choice(t._("Comment on another part")), cb.GO_ON.choice(t._("Go on to send"))])


def more_handle(ctx, event) -> bool:
    if cb.ADD_ANOTHER.pressed(event):
        if cb.full(ctx):
            cb.refuse_full(ctx)
            return True
        ctx.draft["cur"] = {}
        cb.enter(ctx, "target")
    elif cb.GO_ON.pressed(event):
        cb.enter(ctx, "summary" if cb.ready(ctx) else "category")
    else:
        return False
    return True


register(
    State(cb.PREFIX + "target", target_prompt, target_handle),
    State(cb.PREFIX + "kind", kind_prompt, kind_handle, "choice"),
    State(cb.PREFIX + "proposal", proposal_prompt, proposal_handle),
    State(cb.PREFIX + "reason", reason_prompt, reason_handle),
    State(cb.PREFIX + "points", points_prompt, points_handle, "number"),
    State(cb.PREFIX + "more", more_prompt, more_handle, "choice"),
)
