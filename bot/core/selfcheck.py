"""The self-check, one question at a time, over the guidance area's flow and scoring.

The questions, their order, their validation and the scoring live in
`guidance.selfcheck` (the web wizard walks the same graph); this module only
asks them in a chat, keeps the answers in the conversation state by question
name, re-asks a question with the reason when an answer is not valid (a typed
"abc" for a number stores nothing), and ends with the result and the link to
the printable report on the web.
"""
from __future__ import annotations

import logging

from consultation.references import label
from consultation.submissions import clean_text
from guidance.current import current_text, saved_text
from guidance.selfcheck import flow, present, scoring, store, validation

from .common import menu_button
from .text import shorten
from .types import Choice, Link

STEP = "selfcheck"
REPORT_PATH = "/self-check/{token}/result"  # the web result page for a saved self-check (printable)
log = logging.getLogger(__name__)


def _sc(ctx) -> dict:
    return ctx.state.setdefault("sc", {"answers": {}, "order": []})


def _text(ctx):
    """The text this self-check is made on, fixed when it starts (the published final revision, else the
    draft; guidance.current, as on the web), so a publication mid-conversation does not change its questions."""
    return saved_text(ctx.session, ctx.consultation, _sc(ctx).get("text"))


def _current_question(ctx):
    """The first question still unanswered on the path, or None with the outcome reached."""
    answers = _sc(ctx)["answers"]
    text = _text(ctx)
    name = flow.current_node(answers, text)
    node = flow.all_nodes(text)[name]
    if node.kind == "outcome":
        return None, name
    for q in node.questions:
        if q.name not in answers or validation.validate_value(q, answers[q.name])[1] is not None:
            return q, name
    return None, name


def expects(ctx) -> str:
    """The reply's input hint (a keypad for a number). Only a hint: a failure here is logged and the reply
    still goes out with a plain text input, rather than the whole answer being lost."""
    try:
        q, _ = _current_question(ctx)
    except Exception:
        log.exception("self-check: the current question could not be read; replying with a text input")
        return "text"
    return "number" if q is not None and q.kind == "number" else "choice"


def start(ctx) -> None:
    ctx.state.clear()
    ctx.state.update(step=STEP, sc={"answers": {}, "order": [],
                                    "text": current_text(ctx.session, ctx.consultation).revision})
    ctx.say(ctx.t._("The self-check asks about your area one question at a time and estimates its points "
                    "against the indicator tables. It is for reference only, not the official evaluation. "
                    "/back returns one question, /cancel stops."))
    prompt(ctx)


def _progress(ctx) -> str:
    answers = _sc(ctx)["answers"]
    zone_types = flow.chosen_types(answers)
    if not zone_types:
        return ""
    total = len(flow.questions_for(zone_types, _text(ctx), entity_kind=answers.get("entity_kind")))
    return f"({min(len(_sc(ctx)['order']) + 1, total)}/{total}) "


def prompt(ctx) -> None:
    q, outcome = _current_question(ctx)
    if q is None:
        _finish(ctx, outcome)
        return
    data = present.question_dict(q, ctx.t.locale, _text(ctx))
    lines = [_progress(ctx) + (data.get("label") + " · " if data.get("label") else "") + data["prompt"]]
    if data.get("quote") and q.kind != "number":
        lines.append(data["quote"])
    if q.kind == "number":
        if data.get("unit"):
            lines.append(ctx.t._("Unit: %(unit)s", unit=data["unit"]))
        if data.get("hint"):
            lines.append(data["hint"])
        ctx.say("\n".join(lines), [Choice("sc:back", ctx.t._("Previous question"))] if _sc(ctx)["order"] else [])
        return
    choices = []
    if q.kind == "zone_types":
        choices = [Choice(f"sc:{c['value']}", c["label"]) for c in data["choices"]]
        choices.append(Choice("sc:all", ctx.t._("All three types")))
    else:
        long_labels = any(len(c["label"]) > 30 for c in data["choices"])
        for i, c in enumerate(data["choices"], start=1):
            if long_labels:
                lines.append(f"{i}. {c['label']}")
            choices.append(Choice(f"sc:{c['value']}", c["label"] if not long_labels else
                                  f"{i}. {shorten(c['label'], 40)}"))
    if _sc(ctx)["order"]:
        choices.append(Choice("sc:back", ctx.t._("Previous question")))
    ctx.say("\n".join(lines), choices)


def handle(ctx, event) -> None:
    q, outcome = _current_question(ctx)
    if q is None:
        _finish(ctx, outcome)
        return
    sc = _sc(ctx)
    if event.kind == "choice" and event.value == "sc:back":
        back(ctx)
        return
    if event.kind == "choice" and event.value.startswith("sc:") and q.kind != "number":
        value = event.value[3:]
        if q.kind == "zone_types":
            raw = list(q.choices) if value == "all" else [value]
        else:
            raw = value
    elif event.kind == "text" and q.kind == "number":
        raw = clean_text(event.value)
    elif event.kind == "text":
        ctx.say(ctx.t._("Please choose one of the options above."))
        prompt(ctx)
        return
    else:
        ctx.say(ctx.t._("That button belongs to an earlier step."))
        prompt(ctx)
        return
    clean, error = validation.validate_value(q, raw)
    if error is not None:
        msgid, params = error
        ctx.say(ctx.t._(msgid, **params))
        prompt(ctx)
        return
    sc["answers"][q.name] = clean
    sc["order"].append(q.name)
    prompt(ctx)


def back(ctx) -> None:
    sc = _sc(ctx)
    if not sc["order"]:
        ctx.say(ctx.t._("This is the first step. Use /cancel to leave."))
    else:
        sc["answers"].pop(sc["order"].pop(), None)
    prompt(ctx)


def _finish(ctx, outcome: str) -> None:
    t = ctx.t
    answers = dict(_sc(ctx)["answers"])
    text = _text(ctx)
    result = present.result_dict(scoring.run(answers, text), t.locale, text)
    lines = [t._("Self-check result"), result["disclaimer"], result["text"]["sentence"]]
    entity = result.get("entity") or {}
    if result["outcome"] == "not_eligible" or outcome == "not_eligible":
        lines.append(t._("Applying entity: %(label)s: not eligible.", label=entity.get("label", "")))
        if entity.get("reason"):
            lines.append(entity["reason"])
    for type_result in result.get("types", []):
        lines.append("")
        lines.append(t._("%(name)s: %(total)s of %(max)d points", name=type_result["name"],
                         total=type_result["total_text"], max=type_result["maximum"]))
        for cat in type_result["categories"]:
            lines.append(f"  {cat['heading']}: {cat['points_text']}/{cat['maximum']}")
    if result.get("unmet"):
        lines.append("")
        lines.append(t._("Conditions not yet met: %(refs)s", refs=", ".join(c["label"] for c in result["unmet"])))
    rec = result.get("recommendation")
    if rec:
        lines.append("")
        lines.append(t._("Best suited: %(name)s", name=rec["name"]))
        lines += [f"- {r}" for r in rec.get("reasons", [])]
    link = None
    try:
        zone_types = flow.chosen_types(answers)
        record, token = store.create(ctx.session, {"zone_types": zone_types}, now=ctx.services.now(),
                                     locale=t.locale, channel=ctx.platform, consultation=text)
        store.update(ctx.session, record, answers, now=ctx.services.now(), consultation=text)
        url = ctx.services.settings.base_url + REPORT_PATH.format(token=token)
        link = Link(url, t._("Full printable report"))
    except Exception:  # the result still stands without the saved report
        log.exception("could not save the self-check for its report link")
        ctx.session.rollback()
    ctx.reset()
    # The reader shows the draft: its buttons only for a self-check made on the draft.
    refs = [c["ref"] for c in result.get("unmet", []) if c.get("ref") in ctx.consultation.nodes
            and text.revision is None][:6]
    choices = [Choice(f"r:{r}", label(ctx.consultation.node(r), t.locale)) for r in refs]
    ctx.say("\n".join(lines), choices + [menu_button(ctx)], link)
