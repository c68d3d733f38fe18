"""One conversation script, two platforms: Telegram (the real `consult bot` process against the Bot API
emulator) and WeChat (the /wechat route) store the same submission, apart from channel and account."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consultation.intake import repeats
from consultation.models import Submission
from consultation.submissions import public_view
from tests.bot.conftest import api, bot, bot_factory  # noqa: F401 - the Telegram bot's fixtures
from tests.bot.telegram_users import joined

from .script import COMMENT_SCRIPT_ZH, label
from .test_conversation import play

TELEGRAM_USER = 5550001


def play_telegram(user, script) -> list[str]:
    last: list[dict] = []
    texts = []
    for action, value in script:
        if action == "command":
            last = user.say(f"/{value}")
        elif action == "type":
            last = user.say(value)
        else:
            wanted = label(value)
            ids = [b["callback_data"] for m in last for row in m.get("reply_markup", {}).get("inline_keyboard", [])
                   for b in row if b.get("text") == wanted and "callback_data" in b]
            assert len(ids) == 1, f"no single button {wanted!r} in {[m['text'][:60] for m in last]}"
            last = user.press(ids[0])
        assert last, (action, value)
        texts.append(joined(last))
    return texts


def comparable(submission: Submission) -> dict:
    view = public_view(submission)
    for key in ("reference", "channel", "received_at"):
        view.pop(key)
    view["locale"] = submission.locale
    view["consent"] = submission.consent
    return view


@pytest.mark.slow
def test_same_script_same_submission_on_telegram_and_wechat(api, bot, wechat, services, monkeypatch):
    # One contact sending the same comments twice within minutes is one submission (intake.repeats);
    # here the two platforms must each store theirs, so the in-process WeChat side has no repeat window.
    monkeypatch.setenv("REPEAT_WINDOW_MINUTES", "0")
    monkeypatch.setattr(repeats, "_window", None)  # read again (a setting is read once per process)
    play_telegram(api.user(TELEGRAM_USER, language_code="zh-hans"), COMMENT_SCRIPT_ZH)
    play(wechat, "o-same", COMMENT_SCRIPT_ZH)
    with services.session() as s:
        subs = {sub.channel: sub for sub in s.scalars(
            select(Submission).options(selectinload(Submission.comments)))}
        assert set(subs) == {"telegram", "wechat"}
        assert subs["telegram"].account == f"telegram:{TELEGRAM_USER}"
        assert subs["wechat"].account == "wechat:o-same"
        assert comparable(subs["telegram"]) == comparable(subs["wechat"])
        assert subs["telegram"].reference != subs["wechat"].reference
