"""Questions: plain text outside a conversation goes to the answer engine.

`guidance.answer` is the one answer engine (the web and `consult ask` use it
too) and `guidance.current` the one choice of the text it answers from (the
final revision once its comparison table is published, else the draft), so a
bot answers from the same text as the web. This module only presents the
result: the answer, its verdict for eligibility questions, and its sources.
On the draft each source is a button that shows the article; on the revised
text (which the reader does not show) the sources are named in that text,
with which text it is and a link to what changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from consultation.i18n import N_
from consultation.intake.payload import field_errors
from consultation.references import label
from consultation.revisions import text_name
from consultation.submissions import clean_text
from guidance.answer import answer
from guidance.current import current_index
from guidance.eligibility import VERDICT_LABELS
from guidance.requests import AskIn

from .common import menu_button
from .types import Choice, Link

COMPARISON_PATH = "/comparison"
PLEASE_ASK = N_("Please type a question.")


@dataclass
class AnswerView:
    text: str
    citations: list[str] = field(default_factory=list)
    verdict: str | None = None
    declined: bool = False
    text_cited: object = None  # the Consultation the answer cites (the draft, or the final revision)


def get_answer(ctx, question: str) -> AnswerView:
    """The engine's answer on the current text (the language of the answer follows the question's, or the
    user's when the question has no words, e.g. a bare number)."""
    index = current_index(ctx.session, ctx.consultation)
    result = answer(question, index, locale=ctx.t.locale)
    refs = [c["ref"] for c in result.citations if c.get("ref")]
    return AnswerView(result.answer or "", refs, result.verdict, result.declined, index.consultation)


def _verdict_label(t, code: str) -> str:
    return t._(VERDICT_LABELS[code]) if code in VERDICT_LABELS else code


def prompt(ctx) -> None:
    ctx.state["step"] = "ask"
    ctx.say(ctx.t._("Type your question about the draft, for example: 我们是省级高新区,可以申报哪一类示范区?"),
            [menu_button(ctx)])


def _question_refusal(question: str) -> tuple[str, dict] | None:
    """(msgid, params) when guidance's question rule (AskIn, as the web and the API apply it) refuses it."""
    try:
        AskIn.model_validate({"question": question})
    except ValidationError as exc:
        _, msgid, params = field_errors(exc, PLEASE_ASK, {"question": PLEASE_ASK})[0]
        return msgid, params
    return None


def respond(ctx, question: str) -> None:
    question = clean_text(question)
    t = ctx.t
    mailbox = ctx.consultation.source.mailbox
    if not question:
        prompt(ctx)
        return
    refusal = _question_refusal(question)
    if refusal:
        msgid, params = refusal
        ctx.say(t._(msgid, **params), [menu_button(ctx)])
        return
    view = get_answer(ctx, question)
    parts = [view.text]
    if view.verdict:
        parts.append(t._("Verdict: %(verdict)s", verdict=_verdict_label(t, view.verdict)))
    if view.declined and mailbox not in view.text:
        parts.append(t._("For this question, please write to the office at %(mailbox)s.", mailbox=mailbox))
    text = view.text_cited
    cited = [r for r in view.citations if r in text.nodes]
    if cited:
        parts.append(t._("Sources: %(sources)s", sources=", ".join(label(text.node(r), t.locale) for r in cited)))
    if text.revision is not None:
        parts.append(t._("Answers cite %(name)s, published after the consultation.",
                         name=text_name(text, t.locale)))
        link = Link(ctx.services.settings.base_url + COMPARISON_PATH, t._("What changed from the draft"))
        ctx.say("\n\n".join(p for p in parts if p), [menu_button(ctx)], link)
        return
    choices = [Choice(f"r:{r}", label(text.node(r), t.locale)) for r in cited]
    ctx.say("\n\n".join(p for p in parts if p), choices + [menu_button(ctx)])
