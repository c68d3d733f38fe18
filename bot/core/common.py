"""Pieces several flows share: the main menu, the window sentences, labels."""
from __future__ import annotations

from consultation import window
from consultation.i18n import N_
from consultation.references import label

from .text import shorten
from .types import Choice

MENU = [
    ("m:read", N_("Read the draft")),
    ("m:comment", N_("Comment on the draft")),
    ("m:ask", N_("Ask a question")),
    ("m:selfcheck", N_("Self-check for a zone")),
    ("m:receipts", N_("My receipts")),
    ("m:help", N_("Help")),
]

# (command, description msgid) in the order platforms show them.
COMMANDS = [
    ("start", N_("Welcome and main menu")),
    ("read", N_("Read the draft")),
    ("comment", N_("Comment on the draft")),
    ("ask", N_("Ask a question")),
    ("selfcheck", N_("Self-check for a zone")),
    ("myreceipts", N_("My receipts")),
    ("lang", N_("Language / 语言")),
    ("back", N_("Go back one step")),
    ("cancel", N_("Leave the current conversation")),
    ("help", N_("Help")),
]


def menu_choices(ctx) -> list[Choice]:
    return [Choice(cid, ctx.t._(msg)) for cid, msg in MENU] + [Choice("m:lang", "Language / 语言")]


def menu_button(ctx) -> Choice:
    return Choice("menu", ctx.t._("Main menu"))


def node_label(ctx, ref: str) -> str:
    node = ctx.consultation.node(ref)
    return label(node, ctx.t.locale)


def node_title(ctx, ref: str, width: int = 24) -> str:
    """A button label: the node's name and, in Chinese, the start of its text."""
    node = ctx.consultation.node(ref)
    name = label(node, ctx.t.locale)
    extra = node.title or (node.text if node.kind in ("row", "item", "subitem", "article") else "")
    extra = shorten(extra, width)
    if extra:
        return f"{name} {extra}"
    return name


def window_sentence(ctx, state) -> str:
    """The window sentence every channel shares (consultation.window), then the time left while open."""
    t = ctx.t
    msgid, days = window.window_sentence(state)
    text = t._(msgid, **{key: t.date(day) for key, day in days.items()})
    sep = "" if t.zh else " "
    if state.status == "open":
        # Counted to the second: at 23:58 on the last day two minutes are left, not "1 day".
        left = state.closes_at - state.now
        hours, minutes = left.seconds // 3600, left.seconds % 3600 // 60
        if left.days:
            text += sep + t.ngettext("%(num)d day and %(hours)d h left.", "%(num)d days and %(hours)d h left.",
                                     left.days, hours=hours)
        else:
            text += sep + t._("It closes at midnight tonight, %(hours)d h %(minutes)d min from now.",
                              hours=hours, minutes=minutes)
        if state.extended is not None:
            text += sep + t._("The closing date was extended: %(reason)s", reason=state.extended.reason)
    return text


def refusal(ctx, state) -> str:
    """Why a comment cannot be sent now, said before the user types anything."""
    mailbox = ctx.consultation.source.mailbox
    if state.status == "upcoming":
        head = ctx.t._("Comments cannot be sent yet.")
    else:
        head = ctx.t._("Comments are no longer accepted.")
    return " ".join([head, window_sentence(ctx, state),
                     ctx.t._("Nothing was stored. You can still read the draft, ask questions and use the "
                             "self-check. For anything else, write to %(mailbox)s.", mailbox=mailbox)])
