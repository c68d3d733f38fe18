"""Questions and the self-check through the bot: the same engine and the same scoring as everywhere else."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from .conftest import ROOT
from .telegram_users import choice_ids, joined

QUESTION = "我们是省级高新区,可以申报哪一类示范区?"


def _cli_citations(env, question):
    out = subprocess.run([sys.executable, "-c", "import sys; from commands import main; sys.exit(main())",
                          "ask", "--json", question], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    return [c if isinstance(c, str) else (c.get("ref") or c.get("reference")) for c in data["citations"]]


def test_a_question_gets_the_same_citations_as_consult_ask(bot, api):
    user = api.user(5701, "zh")
    reply = user.say(QUESTION)
    cited = [c[2:] for c in choice_ids(reply) if c.startswith("r:")]
    expected = _cli_citations(bot.env, QUESTION)
    assert expected, "the engine cites nothing for an eligibility question"
    assert cited == expected
    shown = joined(user.press(f"r:{cited[0]}"))  # each citation is a button that shows the article
    assert "c:" + cited[0] in choice_ids(api.messages_to(user.id)[-1:] and [api.messages_to(user.id)[-1]["message"]])
    assert shown


def _row(services, user_id):
    from sqlalchemy import select

    from bot.models import BotUser

    with services.session() as s:
        return s.scalars(select(BotUser).where(BotUser.user_id == str(user_id))).one()


def test_self_check_one_question_at_a_time_with_numbers_validated_in_place(bot, api, services, client):
    user = api.user(5702, "zh")
    first = user.say("/selfcheck")
    assert {"sc:deep_application", "sc:all"} <= set(choice_ids(first))
    user.press("sc:deep_application")
    user.press("sc:county")  # 县: an eligible applying entity (article 3)
    refused = 0
    for _ in range(60):
        row = _row(services, user.id)
        if row.state.get("step") != "selfcheck":
            break
        last = api.messages_to(user.id)[-1]["message"]
        options = [c for c in choice_ids([last]) if c.startswith("sc:") and c != "sc:back"]
        if options:
            user.press("sc:yes" if "sc:yes" in options else options[-1])
            continue
        answered = len(row.state["sc"]["order"])
        if refused < 3:
            for bad in ("abc", "十二", "-3"):
                reply = joined(user.say(bad))
                assert "请填写" in reply, (bad, reply)
                assert len(_row(services, user.id).state["sc"]["order"]) == answered  # nothing stored
                refused += 1
        user.say("25")
        assert len(_row(services, user.id).state["sc"]["order"]) == answered + 1
    else:
        pytest.fail("the self-check did not end")
    assert refused == 3
    result = api.messages_to(user.id)[-1]["message"]["text"]
    assert "自评结果" in result and "仅供自评参考" in result and "人工智能深度应用示范区" in result
    match = re.search(r"(/self-check/[A-Za-z0-9_-]+/result)", result)
    assert match, result
    page = client.get(match.group(1))
    assert page.status_code == 200
    assert "人工智能深度应用示范区" in page.get_data(as_text=True)


def test_asking_works_after_the_window_closed_and_off_topic_is_declined(bot_factory, api):
    from .conftest import CLOSED_NOW

    bot_factory(now=CLOSED_NOW).start()
    user = api.user(5703, "zh")
    reply = user.say("<b>附件1第16项</b> *_[]` 是什么意思?")
    assert "区域智能算力供给能力" in joined(reply) and "r:annex-1/16" in choice_ids(reply)
    declined = joined(user.say("明天合肥天气怎么样?"))
    assert "chenwubiao@ahjxw.gov.cn" in declined
    assert not any(c.startswith("r:") for c in choice_ids(api.messages_to(user.id)[-1:] and
                                                          [api.messages_to(user.id)[-1]["message"]]))
