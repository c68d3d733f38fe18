"""Questions and the self-check through the bot: the same engine and the same scoring as everywhere else."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT
from .emulator import choice_ids, joined

QUESTION = "我们是省级高新区,可以申报哪一类示范区?"


def _cli_citations(env, question):
    out = subprocess.run([sys.executable, "-c", "import sys; from commands import main; sys.exit(main())",
                          "ask", "--json", question], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    return [c if isinstance(c, str) else (c.get("ref") or c.get("reference")) for c in data["citations"]]


def test_a_question_gets_the_same_citations_as_consult_ask(bot, api):
    pytest.importorskip("guidance.answer")
    user = api.user(5701, "zh")
    reply = user.say(QUESTION)
    cited = [c[2:] for c in choice_ids(reply) if c.startswith("r:")]
    expected = _cli_citations(bot.env, QUESTION)
    assert expected, "the engine cites nothing for an eligibility question"
    assert cited == expected
    shown = joined(user.press(f"r:{cited[0]}"))  # each citation is a button that shows the article
    assert "c:" + cited[0] in choice_ids(api.messages_to(user.id)[-1:] and [api.messages_to(user.id)[-1]["message"]])
    assert shown


def test_self_check_validates_numbers_in_place(bot, api, services):
    pytest.importorskip("guidance.eligibility")
    from bot.models import BotUser
    from sqlalchemy import select

    user = api.user(5702, "zh")
    first = user.say("/selfcheck")
    assert "sc:deep_application" in choice_ids(first)
    user.press("sc:deep_application")
    # Walk the choice questions with the first option until a number is asked.
    for _ in range(40):
        with services.session() as s:
            row = s.scalars(select(BotUser).where(BotUser.user_id == "5702")).one()
        last = api.messages_to(user.id)[-1]["message"]
        options = [c for c in choice_ids([last]) if c.startswith("sc:") and c != "sc:back"]
        if not options:
            break
        user.press(options[0])
    else:
        pytest.fail("no number question reached")
    answered = dict(row.state["sc"]["answers"]) if row.state.get("sc") else {}
    for bad in ("abc", "十二", "1e999", "-3"):
        reply = joined(user.say(bad))
        assert reply, bad
        with services.session() as s:
            now = s.scalars(select(BotUser).where(BotUser.user_id == "5702")).one()
        assert now.state["step"] == "selfcheck"
        assert len(now.state["sc"]["order"]) == len(row.state["sc"]["order"]), bad  # nothing stored
    ok = user.say("12")
    with services.session() as s:
        after = s.scalars(select(BotUser).where(BotUser.user_id == "5702")).one()
    assert len(after.state["sc"]["order"]) == len(row.state["sc"]["order"]) + 1
    assert ok
    del answered
