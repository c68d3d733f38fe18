"""Questions: plain text outside a conversation goes to the answer engine.

`guidance.answer` is the one answer engine (the web and `consult ask` use it
too); this module only presents its result: the answer, its verdict for
eligibility questions, and each citation as a button that shows the article.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from consultation.references import label
from consultation.submissions import clean_text

from .common import menu_button
from .types import Choice

MAX_QUESTION = 2000


@dataclass
class AnswerView:
    text: str
    citations: list[str] = field(default_factory=list)
    verdict: str | None = None
    declined: bool = False


def _field(obj, *names, default=None):
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return default


def _ref_of(citation) -> str | None:
    if isinstance(citation, str):
        return citation
    return _field(citation, "ref", "reference")


def get_answer(ctx, question: str) -> AnswerView | None:
    """The engine's answer normalised, or None when no engine is installed."""
    try:
        from guidance.answer import answer  # noqa: PLC0415 - optional until the guidance area lands
    except ImportError:
        return None
    result = answer(question)  # the language of the answer follows the question's, as on the web
    text = _field(result, "text", "answer", default="") or ""
    refs = [r for r in (_ref_of(c) for c in (_field(result, "citations", default=[]) or [])) if r]
    verdict = _field(result, "verdict_text", "verdict")
    declined = bool(_field(result, "declined", default=False)) or _field(result, "in_scope", default=True) is False
    return AnswerView(str(text), refs, str(verdict) if verdict else None, declined)


def _verdict_label(t, code: str) -> str:
    try:
        from guidance.eligibility import VERDICT_LABELS  # noqa: PLC0415
    except ImportError:
        return code
    return t._(VERDICT_LABELS[code]) if code in VERDICT_LABELS else code


def prompt(ctx) -> None:
    ctx.state["step"] = "ask"
    ctx.say(ctx.t._("Type your question about the draft, for example: 我们是省级高新区,可以申报哪一类示范区?"),
            [menu_button(ctx)])


def respond(ctx, question: str) -> None:
    question = clean_text(question)
    t = ctx.t
    mailbox = ctx.consultation.source.mailbox
    if not question:
        prompt(ctx)
        return
    if len(question) > MAX_QUESTION:
        ctx.say(t._("Your question is too long (%(got)d characters); please keep it under %(max)d characters.",
                    got=len(question), max=MAX_QUESTION), [menu_button(ctx)])
        return
    view = get_answer(ctx, question)
    if view is None:
        ctx.say(t._("Answers are not available right now. You can read the draft or write to %(mailbox)s.",
                    mailbox=mailbox), [Choice("m:read", t._("Read the draft")), menu_button(ctx)])
        return
    parts = [view.text]
    if view.verdict:
        parts.append(t._("Verdict: %(verdict)s", verdict=_verdict_label(t, view.verdict)))
    if view.declined and mailbox not in view.text:
        parts.append(t._("For this question, please write to the office at %(mailbox)s.", mailbox=mailbox))
    if view.citations:
        names = [label(ctx.consultation.node(r), t.locale) for r in view.citations if r in ctx.consultation.nodes]
        if names:
            parts.append(t._("Sources: %(sources)s", sources=", ".join(names)))
    choices = [Choice(f"r:{r}", label(ctx.consultation.node(r), t.locale))
               for r in view.citations if r in ctx.consultation.nodes]
    ctx.say("\n\n".join(p for p in parts if p), choices + [menu_button(ctx)])
