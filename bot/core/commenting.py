"""The comment conversation, one step at a time.

Steps (state["step"]): comment.target → kind → proposal → reason → [points, for
an indicator row] → more (another comment, or go on) → category → name → org →
contact → consent → summary (confirm / edit / add / cancel). What the user has
said so far lives in the draft (ctx.draft: comments, cur, who, consent, key);
every field is checked with `consultation.submissions.validate`, the same rules
as the web form, and the draft is sent with `submit` only on confirmation.
"""
from __future__ import annotations

import uuid

from consultation.labels import CATEGORY_LABELS, COMMENT_KIND_LABELS
from consultation.models import CATEGORIES, COMMENT_KINDS
from consultation.references import label, parse_reference
from consultation.submissions import ValidationFailed, WindowClosed, clean_text, submit, token_for, validate

from .common import menu_choices, node_title, refusal
from .types import Choice, Link

PREFIX = "comment."
_DUMMY_COMMENT = {"target": "general", "kind": "support", "proposal": "", "reason": "-"}
_DUMMY_WHO = {"category": "individual", "name": "-", "phone": "13800138000"}


def in_comment(ctx) -> bool:
    return ctx.step.startswith(PREFIX)


# ---------------------------------------------------------------- entry

def start(ctx, target: str | None = None) -> None:
    """Begin (or resume) commenting; refused up front when the window is not open."""
    state = ctx.window()
    if not state.is_open:
        ctx.reset()
        ctx.draft.clear()
        ctx.say(refusal(ctx, state), menu_choices(ctx))
        return
    if not ctx.draft.get("key"):
        ctx.draft.update(key=uuid.uuid4().hex, comments=[], who={}, consent=False)
    if target is not None:
        node = ctx.consultation.nodes.get(target)
        if node is None or not node.commentable:
            ctx.say(ctx.t._("This part of the draft cannot be commented on; choose an article, an item or an "
                            "indicator row."))
            _enter(ctx, "target")
            return
        ctx.draft["cur"] = {"target": target}
        ctx.state.setdefault("hist", [])
        if not in_comment(ctx):
            ctx.state["hist"] = []
            ctx.state["step"] = PREFIX + "target"
        _quote(ctx, target)
        _enter(ctx, "kind")
        return
    if in_comment(ctx):
        prompt(ctx)
        return
    ctx.state["hist"] = []
    if ctx.draft.get("comments"):
        n = len(ctx.draft["comments"])
        ctx.say(ctx.t.ngettext("You have %(num)d comment not sent yet.",
                               "You have %(num)d comments not sent yet.", n))
        ctx.state["step"] = PREFIX + "more"
        prompt(ctx)
        return
    ctx.draft["cur"] = {}
    ctx.state["step"] = PREFIX + "target"
    prompt(ctx)


def _enter(ctx, step: str) -> None:
    ctx.goto(PREFIX + step)
    prompt(ctx)


def _quote(ctx, ref: str) -> None:
    c = ctx.consultation
    node = c.node(ref)
    text = c.quote(ref) if node.kind != "general" else c.title
    ctx.say(ctx.t._("You are commenting on %(label)s:", label=label(node, ctx.t.locale)) + "\n" + text)


CHOICE_STEPS = ("kind", "more", "category", "consent", "summary", "edit")


def expects(ctx) -> str:
    step = ctx.step[len(PREFIX):]
    if step == "points":
        return "number"
    return "choice" if step in CHOICE_STEPS else "text"


# ---------------------------------------------------------------- prompts

def prompt(ctx) -> None:
    step = ctx.step[len(PREFIX):]
    t = ctx.t
    cur = ctx.draft.get("cur") or {}
    if step == "target":
        c = ctx.consultation
        choices = [Choice(f"tb:{n.ref}", node_title(ctx, n.ref, 20)) for n in c.nodes.values()
                   if n.kind in ("chapter", "annex")]
        choices += [Choice("ts:general", label(c.node("general"), t.locale)),
                    Choice("ts:notice", label(c.node("notice"), t.locale))]
        ctx.say(t._("Which part of the draft is your comment about? Type a reference such as 第三条, 第六条(一)2, "
                    "附件1第16项, art-3 or annex-1/16, or browse:"), choices)
    elif step == "kind":
        ctx.say(t._("What kind of comment is it?"),
                [Choice(f"k:{k}", t._(COMMENT_KIND_LABELS[k])) for k in COMMENT_KINDS])
    elif step == "proposal":
        if cur.get("kind") in ("amend", "add"):
            ctx.say(t._("Type the wording you propose (at most 5,000 characters)."))
        else:
            ctx.say(t._("Type the wording you propose, if any (at most 5,000 characters), or skip."),
                    [Choice("x:proposal", t._("Skip"))])
    elif step == "reason":
        choices = [Choice("x:reason", t._("Skip"))] if cur.get("proposal") else []
        ctx.say(t._("Why? Type your reason (at most 5,000 characters)."), choices)
    elif step == "points":
        node = ctx.consultation.node(cur["target"])
        total = ctx.consultation.node(node.parent).points
        ctx.say(t._("This indicator is worth %(points)d points. Type the points you propose (a whole number "
                    "from 0 to %(max)d), or skip.", points=node.points, max=total),
                [Choice("x:points", t._("Skip"))])
    elif step == "more":
        n = len(ctx.draft.get("comments", []))
        ctx.say(t.ngettext("%(num)d comment ready. Add another one, or go on to send?",
                           "%(num)d comments ready. Add another one, or go on to send?", n),
                [Choice("more:add", t._("Add another comment")), Choice("more:go", t._("Go on"))])
    elif step == "category":
        ctx.say(t._("Who are you commenting as?"),
                [Choice(f"cat:{k}", t._(CATEGORY_LABELS[k])) for k in CATEGORIES])
    elif step == "name":
        ctx.say(t._("Your name (at most 100 characters)."))
    elif step == "org":
        choices = [Choice("x:org", t._("Skip"))] if ctx.draft["who"].get("category") == "individual" else []
        ctx.say(t._("The name of your organisation (at most 200 characters)."), choices)
    elif step == "contact":
        ctx.say(t._("A phone number or an email address so the office can reach you (you may give both, "
                    "separated by a space)."))
    elif step == "consent":
        url = f"{ctx.services.settings.base_url}/privacy"
        ctx.say(t._("Your name and contact details are used only to handle your feedback, as the privacy notice "
                    "explains. Do you agree?"),
                [Choice("consent:yes", t._("I agree")), Choice("consent:no", t._("I do not agree"))],
                Link(url, t._("Privacy notice")))
    elif step == "summary":
        ctx.say(summary_text(ctx),
                [Choice("sum:send", t._("Confirm and send")), Choice("sum:edit", t._("Edit")),
                 Choice("sum:add", t._("Add another comment")), Choice("sum:cancel", t._("Cancel"))])
    elif step == "edit":
        choices = []
        for i, com in enumerate(ctx.draft.get("comments", []), start=1):
            name = label(ctx.consultation.node(com["target"]), t.locale)
            choices.append(Choice(f"ed:c{i}", t._("Edit comment %(n)d (%(label)s)", n=i, label=name)))
            choices.append(Choice(f"ed:d{i}", t._("Remove comment %(n)d", n=i)))
        choices.append(Choice("ed:who", t._("Edit my details")))
        choices.append(Choice("ed:done", t._("Back to the summary")))
        ctx.say(t._("What would you like to change?"), choices)


def summary_text(ctx) -> str:
    t = ctx.t
    d = ctx.draft
    lines = [t._("Please check your feedback before sending it.")]
    for i, com in enumerate(d.get("comments", []), start=1):
        node = ctx.consultation.node(com["target"])
        lines.append("")
        lines.append(f"{i}. {label(node, t.locale)} · {t._(COMMENT_KIND_LABELS[com['kind']])}")
        if com.get("proposal"):
            lines.append(t._("Proposal: %(text)s", text=com["proposal"]))
        if com.get("reason"):
            lines.append(t._("Reason: %(text)s", text=com["reason"]))
        if com.get("proposed_points") not in (None, ""):
            lines.append(t._("Proposed points: %(points)s", points=com["proposed_points"]))
    who = d.get("who", {})
    lines.append("")
    lines.append(t._("Sent by: %(category)s", category=t._(CATEGORY_LABELS.get(who.get("category"), "Other"))))
    lines.append(t._("Name: %(name)s", name=who.get("name", "")))
    if who.get("organisation"):
        lines.append(t._("Organisation: %(org)s", org=who["organisation"]))
    if who.get("phone"):
        lines.append(t._("Phone: %(phone)s", phone=who["phone"]))
    if who.get("email"):
        lines.append(t._("Email: %(email)s", email=who["email"]))
    return "\n".join(lines)


# ---------------------------------------------------------------- checks (the one validation path)

def _errors(ctx, fields: tuple[str, ...], *, comment=None, who=None) -> list[str]:
    payload = {"comments": [comment or _DUMMY_COMMENT], "submitter": who or _DUMMY_WHO, "consent": True}
    try:
        validate(payload, ctx.consultation)
    except ValidationFailed as exc:
        return [ctx.t._(e.message, **e.params) for e in exc.errors if e.field in fields]
    return []


def _refuse(ctx, errors: list[str]) -> None:
    ctx.say("\n".join(errors))
    prompt(ctx)


# ---------------------------------------------------------------- input

def handle(ctx, event) -> None:
    """An event while a comment step is current."""
    state = ctx.window()
    if not state.is_open:
        ctx.reset()
        ctx.draft.clear()
        ctx.say(refusal(ctx, state), menu_choices(ctx))
        return
    step = ctx.step[len(PREFIX):]
    handler = _HANDLERS.get(step)
    if handler is None or not handler(ctx, event):
        if event.kind == "text":
            ctx.say(ctx.t._("Please use the buttons above, or /back to go back one step, or /cancel to leave."))
        else:
            ctx.say(ctx.t._("That button belongs to an earlier step."))
        prompt(ctx)


def _target(ctx, event) -> bool:
    c = ctx.consultation
    if event.kind == "choice" and event.value.startswith("tb:"):
        ref = event.value[3:]
        node = c.nodes.get(ref)
        if node is None:
            return False
        choices = []
        if node.commentable:
            choices.append(Choice(f"ts:{ref}", ctx.t._("This whole part: %(label)s", label=label(node, ctx.t.locale))))
        for child in node.children:
            child_node = c.node(child)
            cid = f"tb:{child}" if child_node.children else f"ts:{child}"
            choices.append(Choice(cid, node_title(ctx, child)))
        ctx.say(ctx.t._("Choose the part of %(label)s your comment is about:", label=label(node, ctx.t.locale)),
                choices)
        return True
    if event.kind == "choice" and event.value.startswith("ts:"):
        ref = event.value[3:]
        if ref not in c.nodes or not c.nodes[ref].commentable:
            return False
        return _set_target(ctx, ref)
    if event.kind == "text":
        typed = clean_text(event.value)
        ref = parse_reference(typed, c)
        if ref is None:
            shown = typed if len(typed) <= 40 else typed[:39] + "…"
            ctx.say(ctx.t._("“%(text)s” is not a part of the draft I know.", text=shown))
            prompt(ctx)
            return True
        return _set_target(ctx, ref)
    return False


def _set_target(ctx, ref: str) -> bool:
    ctx.draft["cur"] = {"target": ref}
    _quote(ctx, ref)
    _enter(ctx, "kind")
    return True


def _kind(ctx, event) -> bool:
    if event.kind != "choice" or not event.value.startswith("k:") or event.value[2:] not in COMMENT_KINDS:
        return False
    ctx.draft["cur"]["kind"] = event.value[2:]
    _enter(ctx, "proposal")
    return True


def _text_or_skip(event, skip_id: str) -> str | bool:
    if event.kind == "choice" and event.value == skip_id:
        return ""
    if event.kind == "text":
        return clean_text(event.value)
    return False


def _proposal(ctx, event) -> bool:
    cur = ctx.draft["cur"]
    value = _text_or_skip(event, "x:proposal")
    if value is False:
        return False
    errors = _errors(ctx, ("comments.0.proposal",), comment={**_DUMMY_COMMENT, **cur, "proposal": value, "reason": "-"})
    if errors:
        _refuse(ctx, errors)
        return True
    cur["proposal"] = value
    _enter(ctx, "reason")
    return True


def _reason(ctx, event) -> bool:
    cur = ctx.draft["cur"]
    value = _text_or_skip(event, "x:reason")
    if value is False:
        return False
    errors = _errors(ctx, ("comments.0.reason",), comment={**_DUMMY_COMMENT, **cur, "reason": value})
    if errors:
        _refuse(ctx, errors)
        return True
    cur["reason"] = value
    if ctx.consultation.node(cur["target"]).kind == "row":
        _enter(ctx, "points")
    else:
        _finish_comment(ctx)
    return True


def _points(ctx, event) -> bool:
    cur = ctx.draft["cur"]
    if event.kind == "choice" and event.value == "x:points":
        cur["proposed_points"] = None
        _finish_comment(ctx)
        return True
    if event.kind != "text":
        return False
    value = clean_text(event.value)
    errors = _errors(ctx, ("comments.0.proposed_points",), comment={**_DUMMY_COMMENT, **cur, "proposed_points": value})
    if errors:
        _refuse(ctx, errors)
        return True
    cur["proposed_points"] = int(value)
    _finish_comment(ctx)
    return True


def _finish_comment(ctx) -> None:
    d = ctx.draft
    cur = {"target": "", "kind": "", "proposal": "", "reason": "", "proposed_points": None, **d.pop("cur")}
    comments = d.setdefault("comments", [])
    if "edit_index" in ctx.state:
        comments.insert(min(ctx.state.pop("edit_index"), len(comments)), cur)
        _after_edit(ctx)
        return
    comments.append(cur)
    d["cur"] = {}
    ctx.say(ctx.t._("Comment noted (not sent yet)."))
    _enter(ctx, "more")


def _ready(ctx) -> bool:
    who = ctx.draft.get("who") or {}
    return bool(who.get("category") and who.get("name") and (who.get("phone") or who.get("email"))
                and ctx.draft.get("consent"))


def _after_edit(ctx) -> None:
    if _ready(ctx):
        ctx.state["hist"] = []
        ctx.state["step"] = PREFIX + "summary"
        prompt(ctx)
    else:
        _enter(ctx, "more")


def _more(ctx, event) -> bool:
    if event.kind != "choice" or event.value not in ("more:add", "more:go"):
        return False
    if event.value == "more:add":
        ctx.draft["cur"] = {}
        _enter(ctx, "target")
    elif _ready(ctx):
        _enter(ctx, "summary")
    else:
        _enter(ctx, "category")
    return True


def _category(ctx, event) -> bool:
    if event.kind != "choice" or not event.value.startswith("cat:") or event.value[4:] not in CATEGORIES:
        return False
    ctx.draft.setdefault("who", {})["category"] = event.value[4:]
    _enter(ctx, "name")
    return True


def _name(ctx, event) -> bool:
    if event.kind != "text":
        return False
    value = clean_text(event.value)
    who = ctx.draft["who"]
    errors = _errors(ctx, ("submitter.name",), who={**_DUMMY_WHO, "category": who["category"], "name": value})
    if errors:
        _refuse(ctx, errors)
        return True
    who["name"] = value
    _enter(ctx, "org")
    return True


def _org(ctx, event) -> bool:
    who = ctx.draft["who"]
    if event.kind == "choice" and event.value == "x:org" and who.get("category") == "individual":
        value = ""
    elif event.kind == "text":
        value = clean_text(event.value)
    else:
        return False
    errors = _errors(ctx, ("submitter.organisation",),
                     who={**_DUMMY_WHO, "category": who["category"], "organisation": value})
    if errors:
        _refuse(ctx, errors)
        return True
    who["organisation"] = value
    _enter(ctx, "contact")
    return True


def _contact(ctx, event) -> bool:
    if event.kind != "text":
        return False
    tokens = clean_text(event.value).replace(",", " ").replace(",", " ").replace(";", " ").split()
    emails = [tok for tok in tokens if "@" in tok]
    phone = " ".join(tok for tok in tokens if "@" not in tok)
    email = emails[0] if len(emails) == 1 else " ".join(emails)
    who = ctx.draft["who"]
    candidate = {**_DUMMY_WHO, "category": who["category"], "phone": phone, "email": email}
    errors = _errors(ctx, ("submitter.phone", "submitter.email", "submitter.contact"), who=candidate)
    if errors:
        _refuse(ctx, errors)
        return True
    who["phone"], who["email"] = phone, email
    if ctx.draft.get("consent"):
        _enter(ctx, "summary")
    else:
        _enter(ctx, "consent")
    return True


def _consent(ctx, event) -> bool:
    if event.kind != "choice" or event.value not in ("consent:yes", "consent:no"):
        return False
    if event.value == "consent:no":
        ctx.draft["consent"] = False
        ctx.say(ctx.t._("Without your agreement the feedback cannot be sent. You can agree, go /back, or /cancel "
                        "(nothing will be stored)."))
        prompt(ctx)
        return True
    ctx.draft["consent"] = True
    _enter(ctx, "summary")
    return True


def _summary(ctx, event) -> bool:
    if event.kind != "choice" or not event.value.startswith("sum:"):
        return False
    action = event.value[4:]
    if action == "send":
        _send(ctx)
    elif action == "edit":
        _enter(ctx, "edit")
    elif action == "add":
        ctx.draft["cur"] = {}
        _enter(ctx, "target")
    elif action == "cancel":
        cancel(ctx)
    else:
        return False
    return True


def _edit(ctx, event) -> bool:
    if event.kind != "choice" or not event.value.startswith("ed:"):
        return False
    action = event.value[3:]
    comments = ctx.draft.get("comments", [])
    if action == "done":
        _enter(ctx, "summary")
        return True
    if action == "who":
        _enter(ctx, "category")
        return True
    if action[:1] in ("c", "d") and action[1:].isdigit() and 1 <= int(action[1:]) <= len(comments):
        index = int(action[1:]) - 1
        if action[0] == "d":
            comments.pop(index)
            ctx.say(ctx.t._("Comment %(n)d removed.", n=index + 1))
            if not comments:
                ctx.state["hist"] = []
                ctx.draft["cur"] = {}
                ctx.state["step"] = PREFIX + "target"
                prompt(ctx)
            else:
                _enter(ctx, "summary")
            return True
        old = comments.pop(index)
        ctx.state["edit_index"] = index
        ctx.draft["cur"] = {"target": old["target"]}
        _quote(ctx, old["target"])
        _enter(ctx, "kind")
        return True
    return False


def _send(ctx) -> None:
    d = ctx.draft
    payload = {"comments": [{k: c.get(k) for k in ("target", "kind", "proposal", "reason", "proposed_points")}
                            for c in d.get("comments", [])],
               "submitter": {k: v for k, v in d.get("who", {}).items() if v},
               "consent": bool(d.get("consent"))}
    svc = ctx.services
    try:
        receipt = submit(ctx.session, ctx.consultation, payload, channel=ctx.platform, locale=ctx.t.locale,
                         now=svc.now(), secret_key=svc.settings.secret_key,
                         office_mailbox=getattr(svc, "office_mailbox", None), account=ctx.account,
                         idempotency_key=f"{ctx.account}:{d.get('key')}")
    except WindowClosed as exc:
        ctx.session.rollback()
        ctx.reset()
        d.clear()
        ctx.say(refusal(ctx, exc.state), menu_choices(ctx))
        return
    except ValidationFailed as exc:
        ctx.session.rollback()
        ctx.say("\n".join(ctx.t._(e.message, **e.params) for e in exc.errors))
        prompt(ctx)
        return
    url = svc.receipt_url(receipt.reference, receipt.token)
    ctx.receipt = {"reference": receipt.reference, "token": receipt.token, "url": url}
    d.clear()
    ctx.reset()
    ctx.say(ctx.t._("Thank you: your feedback was received. Your reference is %(reference)s. Keep it; the link "
                    "below shows what you sent.", reference=receipt.reference),
            menu_choices(ctx), Link(url, ctx.t._("Your receipt")))


def cancel(ctx) -> None:
    ctx.draft.clear()
    ctx.reset()
    ctx.say(ctx.t._("Cancelled: nothing was sent and your draft was discarded."), menu_choices(ctx))


def back(ctx) -> None:
    """Return one step; at the "more" step this takes the last comment back into editing."""
    if ctx.step == PREFIX + "more" and ctx.draft.get("comments"):
        ctx.draft["cur"] = ctx.draft["comments"].pop()
    step = ctx.back()
    if step is None:
        ctx.say(ctx.t._("This is the first step. Use /cancel to leave."))
    prompt(ctx)


_HANDLERS = {
    "target": _target, "kind": _kind, "proposal": _proposal, "reason": _reason, "points": _points,
    "more": _more, "category": _category, "name": _name, "org": _org, "contact": _contact,
    "consent": _consent, "summary": _summary, "edit": _edit,
}
