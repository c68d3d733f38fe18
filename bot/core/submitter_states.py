"""Who sends the feedback, and sending it, one named state per step.

category → consent → name → org → contact → summary (→ edit). Consent comes
before any personal detail is asked for: nothing personal is stored without it.
"""
from __future__ import annotations

import math
import re

from consultation import checked
from consultation.i18n import N_
from consultation.intake.contacts import ContactFull
from consultation.intake.payload import LIMITS
from consultation.labels import CATEGORY_LABELS, COMMENT_KIND_LABELS
from consultation.models import CATEGORIES
from consultation.references import label
from consultation.submissions import ValidationFailed, WindowClosed, clean_text, submit

from . import comment_base as cb
from .common import menu_choices, refusal
from .states import State, register
from .types import Link

# ---------------------------------------------------------------- comment.category


def category_prompt(ctx) -> None:
    ctx.say(ctx.t._("Who are you commenting as?"),
            [cb.CATEGORY.choice(k, ctx.t._(CATEGORY_LABELS[k])) for k in CATEGORIES])


def category_handle(ctx, event) -> bool:
    category = cb.CATEGORY.value(event)
    if category not in CATEGORIES:
        return False
    ctx.draft.setdefault("who", {})["category"] = category
    cb.enter(ctx, "name" if ctx.draft.get("consent") else "consent")
    return True


# ---------------------------------------------------------------- comment.consent

def consent_prompt(ctx) -> None:
    t = ctx.t
    url = f"{ctx.services.settings.base_url}/privacy"
    ctx.say(t._("Next I will ask for your name and a phone number or email address. They are used only to handle "
                "your feedback, as the privacy notice explains. Do you agree?"),
            [cb.AGREE.choice(t._("I agree")), cb.DISAGREE.choice(t._("I do not agree"))],
            Link(url, t._("Privacy notice")))


def consent_handle(ctx, event) -> bool:
    if cb.DISAGREE.pressed(event):
        ctx.draft["consent"] = False
        ctx.say(ctx.t._("Without your agreement the feedback cannot be sent, and I have not asked for any personal "
                        "details. You can agree, go /back, or /cancel (nothing will be stored)."))
        consent_prompt(ctx)
        return True
    if not cb.AGREE.pressed(event):
        return False
    ctx.draft["consent"] = True
    cb.enter(ctx, "summary" if cb.ready(ctx) else "name")
    return True


# ---------------------------------------------------------------- comment.name

def name_prompt(ctx) -> None:
    ctx.say(ctx.t._("Your name (at most %(max)d characters).", max=LIMITS["name"]))


def name_handle(ctx, event) -> bool:
    if event.kind != "text":
        return False
    value = clean_text(event.value)
    if errors := cb.who_errors(ctx, ("name",), name=value):
        cb.refuse(ctx, errors)
        return True
    ctx.draft["who"]["name"] = value
    cb.enter(ctx, "org")
    return True


# ---------------------------------------------------------------- comment.org

def org_prompt(ctx) -> None:
    individual = ctx.draft["who"].get("category") == "individual"
    ctx.say(ctx.t._("The name of your organisation (at most %(max)d characters).", max=LIMITS["organisation"]),
            [cb.SKIP_ORG.choice(ctx.t._("Skip"))] if individual else [])


def org_handle(ctx, event) -> bool:
    who = ctx.draft["who"]
    if cb.SKIP_ORG.pressed(event) and who.get("category") == "individual":
        value = ""
    elif event.kind == "text":
        value = clean_text(event.value)
    else:
        return False
    if errors := cb.who_errors(ctx, ("organisation",), organisation=value):
        cb.refuse(ctx, errors)
        return True
    who["organisation"] = value
    cb.enter(ctx, "contact")
    return True


# ---------------------------------------------------------------- comment.contact

_EMAIL = re.compile(r"[^\s@,，;；:：<>()（）]+@[^\s@,，;；:：<>()（）]+")
_PHONE = re.compile(r"\+?[\d(（][\d\s\-()（）]{3,}\d")
MIN_PHONE_DIGITS = 7  # the shortest number a caller can dial without an area code


def parse_contact(text: str) -> tuple[str, str, bool]:
    """(phone, email, understood) from what was typed, whatever label came with it ("邮箱 a@b.cn", "电话:…").

    Whatever holds an @ is an email address; a run of digits is a phone number; labels and other words are
    ignored. Fewer than MIN_PHONE_DIGITS digits is not taken for a phone number (understood=False)."""
    emails = _EMAIL.findall(text)
    rest = _EMAIL.sub(" ", text)
    phones = [p.strip() for p in _PHONE.findall(rest)]
    digits = sum(ch.isdigit() for ch in rest)
    phone = " ".join(phones)
    understood = bool(emails or phones) and (not digits or sum(ch.isdigit() for ch in phone) >= MIN_PHONE_DIGITS)
    return phone, " ".join(emails), understood


def contact_prompt(ctx) -> None:
    ctx.say(ctx.t._("A phone number or an email address so the office can reach you (you may give both, separated by "
                    "a space)."))


def contact_handle(ctx, event) -> bool:
    if event.kind != "text":
        return False
    phone, email, understood = parse_contact(clean_text(event.value))
    if not understood:
        cb.refuse(ctx, [ctx.t._("This does not look like a phone number or an email address.")])
        return True
    if errors := cb.who_errors(ctx, ("phone", "email", "contact"), phone=phone, email=email):
        cb.refuse(ctx, errors)
        return True
    ctx.draft["who"]["phone"], ctx.draft["who"]["email"] = phone, email
    cb.enter(ctx, "summary")
    return True


# ---------------------------------------------------------------- comment.summary

COMPACT_CHARS = 200  # on a compact platform, how much of a long text the summary shows


def _shown(ctx, text: str) -> str:
    """The user's text, or on a compact platform its beginning and how long it is (it is stored whole)."""
    if not ctx.compact or len(text) <= COMPACT_CHARS:
        return text
    return text[:COMPACT_CHARS] + "…" + ctx.t._("(%(num)d characters in all, kept in full; after sending, the "
                                                "receipt page shows all of it)", num=len(text))


def summary_text(ctx) -> str:
    t, d = ctx.t, ctx.draft
    lines = [t._("Please check your feedback before sending it.")]
    for i, com in enumerate(d.get("comments", []), start=1):
        node = ctx.consultation.node(com["target"])
        lines += ["", f"{i}. {label(node, t.locale)} · {t._(COMMENT_KIND_LABELS[com['kind']])}"]
        if com.get("proposal"):
            lines.append(t._("Proposal: %(text)s", text=_shown(ctx, com["proposal"])))
        if com.get("reason"):
            lines.append(t._("Reason: %(text)s", text=_shown(ctx, com["reason"])))
        if com.get("proposed_points") not in (None, ""):
            lines.append(t._("Proposed points: %(points)s", points=com["proposed_points"]))
    who = d.get("who", {})
    lines += ["", t._("Sent by: %(category)s", category=t._(CATEGORY_LABELS.get(who.get("category"), "Other"))),
              t._("Name: %(name)s", name=who.get("name", ""))]
    if who.get("organisation"):
        lines.append(t._("Organisation: %(org)s", org=who["organisation"]))
    if who.get("phone"):
        lines.append(t._("Phone: %(phone)s", phone=who["phone"]))
    if who.get("email"):
        lines.append(t._("Email: %(email)s", email=who["email"]))
    return "\n".join(lines)


# Said when "Confirm and send" is pressed under a summary of other answers than the draft holds now.
MSG_SUMMARY_CHANGED = N_("Your feedback changed after that summary was shown, so nothing was sent. Here it is as it "
                         "is now: check it again before sending.")


def _checked(ctx) -> str:
    """The digest of the answers the summary shows, carried by its "Confirm and send" (consultation.checked)."""
    return checked.digest(_payload(ctx.draft), ctx.services.settings.secret_key, checked.BUTTON_SIZE)


def summary_prompt(ctx) -> None:
    t = ctx.t
    ctx.say(summary_text(ctx), [cb.SEND.choice(_checked(ctx), t._("Confirm and send")), cb.EDIT.choice(t._("Edit")),
                                cb.ADD.choice(t._("Add another comment")), cb.CANCEL.choice(t._("Cancel"))])


def summary_handle(ctx, event) -> bool:
    if (shown := cb.SEND.value(event)) is not None:
        if not checked.unchanged(shown, _payload(ctx.draft), ctx.services.settings.secret_key, checked.BUTTON_SIZE):
            ctx.say(ctx.t._(MSG_SUMMARY_CHANGED))
            summary_prompt(ctx)
            return True
        send(ctx)
    elif cb.EDIT.pressed(event):
        cb.enter(ctx, "edit")
    elif cb.ADD.pressed(event):
        if cb.full(ctx):
            cb.refuse_full(ctx)
            return True
        ctx.draft["cur"] = {}
        cb.enter(ctx, "target")
    elif cb.CANCEL.pressed(event):
        cancel(ctx)
    else:
        return False
    return True


# ---------------------------------------------------------------- comment.edit

def edit_prompt(ctx) -> None:
    t = ctx.t
    choices = []
    for i, com in enumerate(ctx.draft.get("comments", []), start=1):
        name = label(ctx.consultation.node(com["target"]), t.locale)
        choices.append(cb.EDIT_COMMENT.choice(i, t._("Edit comment %(n)d (%(label)s)", n=i, label=name)))
        choices.append(cb.REMOVE_COMMENT.choice(i, t._("Remove comment %(n)d", n=i)))
    choices += [cb.EDIT_DETAILS.choice(t._("Edit my details")), cb.EDIT_DONE.choice(t._("Back to the summary"))]
    ctx.say(t._("What would you like to change?"), choices)


def edit_handle(ctx, event) -> bool:
    comments = ctx.draft.get("comments", [])
    if cb.EDIT_DONE.pressed(event):
        cb.enter(ctx, "summary")
        return True
    if cb.EDIT_DETAILS.pressed(event):
        cb.enter(ctx, "category")
        return True
    if (n := cb.REMOVE_COMMENT.number(event)) is not None and 1 <= n <= len(comments):
        comments.pop(n - 1)
        ctx.say(ctx.t._("Comment %(n)d removed.", n=n))
        if comments:
            cb.enter(ctx, "summary")
        else:
            ctx.draft["cur"] = {}
            cb.jump(ctx, "target")
        return True
    if (n := cb.EDIT_COMMENT.number(event)) is not None and 1 <= n <= len(comments):
        old = comments.pop(n - 1)
        ctx.state["edit_index"] = n - 1
        ctx.draft["cur"] = {"target": old["target"]}
        cb.quote(ctx, old["target"])
        cb.enter(ctx, "kind")
        return True
    return False


# ---------------------------------------------------------------- sending

def _payload(d: dict) -> dict:
    """What the summary shows and "Confirm and send" stores: the draft's comments, details and consent."""
    return {"comments": [{k: c.get(k) for k in ("target", "kind", "proposal", "reason", "proposed_points")}
                         for c in d.get("comments", [])],
            "submitter": {k: v for k, v in d.get("who", {}).items() if v},
            "consent": bool(d.get("consent"))}


# Said when RATE_LIMIT_CONTACT is full for the email or phone given (the web's 429 says the same): nothing was
# sent, and the draft and the summary step stay as they were, so the person can send it later unchanged.
MSG_CONTACT_FULL = N_("Too many comments have been submitted with this email address or phone number recently, so "
                      "this one was not sent. Your comments are kept here: choose “Confirm and send” again in "
                      "about %(wait)s, or write to %(mailbox)s.")


def _wait_words(ctx, seconds: float) -> str:
    """A wait as people say it: minutes up to an hour and a half, hours beyond (a day's window: 24 hours)."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes <= 90:
        return ctx.t.ngettext("%(num)d minute", "%(num)d minutes", minutes)
    return ctx.t.ngettext("%(num)d hour", "%(num)d hours", math.ceil(minutes / 60))


def send(ctx) -> None:
    """Store the draft through `submit`, as the web form does; the per-contact limit is counted in its storing
    transaction once the submission is known to be new (before_store), as on the web, so a repeated "Confirm
    and send" or a redelivered message never counts twice, and given back if nothing was stored."""
    d = ctx.draft
    payload = _payload(d)
    svc = ctx.services
    count = ctx.contact_limit.counting(payload["submitter"]) if ctx.contact_limit is not None else None
    receipt = None
    try:
        receipt = submit(ctx.session, ctx.consultation, payload, channel=ctx.platform, locale=ctx.t.locale,
                         now=svc.now(), secret_key=svc.settings.secret_key,
                         office_mailbox=svc.office_mailbox, account=ctx.account,
                         idempotency_key=f"{ctx.account}:{d.get('key')}",
                         before_store=None if count is None else count.before_store)
    except ContactFull as exc:
        ctx.session.rollback()
        ctx.say(ctx.t._(MSG_CONTACT_FULL, wait=_wait_words(ctx, exc.wait), mailbox=ctx.consultation.source.mailbox))
        cb.prompt(ctx)  # the summary again, with its buttons: nothing of the draft is lost
        return
    except WindowClosed as exc:
        ctx.session.rollback()
        ctx.reset()
        d.clear()
        ctx.say(refusal(ctx, exc.state), menu_choices(ctx))
        return
    except ValidationFailed as exc:
        ctx.session.rollback()
        ctx.say("\n".join(ctx.t._(e.message, **e.params) for e in exc.errors))
        cb.prompt(ctx)
        return
    finally:
        if count is not None:
            count.settle(receipt is not None and receipt.created)
    d.clear()
    ctx.reset()
    if receipt.repeat:  # identical to feedback another account sent (consultation.repeats): its link stays theirs
        ctx.receipt = {"reference": receipt.reference, "token": None, "url": None}
        ctx.say(("" if ctx.t.zh else " ").join([
            ctx.t._("This feedback was already received (reference %(reference)s); it was not stored again.",
                    reference=receipt.reference),
            ctx.t._("For safety its private link is not shown again. If you no longer have it, write to "
                    "%(mailbox)s with the reference and your contact details.",
                    mailbox=ctx.consultation.source.mailbox)]), menu_choices(ctx))
        return
    url = svc.receipt_url(receipt.reference, receipt.token)
    ctx.receipt = {"reference": receipt.reference, "token": receipt.token, "url": url}
    ctx.say(ctx.t._("Thank you: your feedback was received. Your reference is %(reference)s. Keep it; the link "
                    "below shows what you sent.", reference=receipt.reference),
            menu_choices(ctx), Link(url, ctx.t._("Your receipt")))


def cancel(ctx) -> None:
    ctx.draft.clear()
    ctx.reset()
    ctx.say(ctx.t._("Cancelled: nothing was sent and your draft was discarded."), menu_choices(ctx))


register(
    State(cb.PREFIX + "category", category_prompt, category_handle, "choice"),
    State(cb.PREFIX + "consent", consent_prompt, consent_handle, "choice"),
    State(cb.PREFIX + "name", name_prompt, name_handle),
    State(cb.PREFIX + "org", org_prompt, org_handle),
    State(cb.PREFIX + "contact", contact_prompt, contact_handle),
    State(cb.PREFIX + "summary", summary_prompt, summary_handle, "choice"),
    State(cb.PREFIX + "edit", edit_prompt, edit_handle, "choice"),
)
