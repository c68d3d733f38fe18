"""Stops, kills, a closed window, floods, webhooks: the bot keeps what it acknowledged and says why."""
from __future__ import annotations

import json
import signal
import socket
import urllib.error
import urllib.request
import uuid

import pytest
from sqlalchemy import func, select

from bot.models import BotUser
from consultation.models import Submission

from .conftest import CLOSED_NOW
from .telegram_users import choice_ids, joined


def _row(services, user_id):
    with services.session() as s:
        return s.scalars(select(BotUser).where(BotUser.user_id == str(user_id))).first()


def _count(services):
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(Submission))


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["clean-stop", "sigkill"])
def test_restart_mid_conversation_continues_at_the_same_step(bot_factory, api, services, how):
    user = api.user(5201 + int(how), "zh")
    process = bot_factory().start()
    user.say("/comment")
    user.say("第十二条")
    user.press("k:amend")
    acknowledged = user.say("建议明确整改期限为六个月。")
    assert "请说明理由" in joined(acknowledged)  # the bot has told the user the proposal was taken

    code = process.stop(how)
    assert code == (0 if how == signal.SIGTERM else -signal.SIGKILL)
    row = _row(services, user.id)
    assert row.state["step"] == "comment.reason"
    assert row.draft["cur"] == {"target": "art-12", "kind": "amend", "proposal": "建议明确整改期限为六个月。"}

    # The user goes on while the bot is down; the update waits at Telegram.
    pending = user.send("整改期限不明确,执行中容易产生分歧。")
    before = len(api.messages_to(user.id))
    process.start()
    api.wait_confirmed(pending)
    resumed = joined([r["message"] for r in api.messages_to(user.id)[before:]])
    assert "已准备好 1 条意见" in resumed  # same step, nothing lost
    user.press("more:go")
    user.press("cat:government")
    user.press("consent:yes")
    user.say("王五")
    user.say("某市工业和信息化局")
    user.say("wangwu@example.gov.cn")
    user.press("sum:send:")
    with services.session() as s:
        stored = s.scalars(select(Submission).where(Submission.account == f"telegram:{user.id}")).one()
        assert [(c.target_ref, c.proposal, c.reason) for c in stored.comments] == [
            ("art-12", "建议明确整改期限为六个月。", "整改期限不明确,执行中容易产生分歧。")]


def test_an_update_delivered_again_after_a_crash_is_answered_once(bot_factory, api, services):
    user = api.user(5250, "zh")
    process = bot_factory().start()
    user.say("/comment")
    user.say("第十三条")
    user.press("k:other")
    user.press("x:proposal")
    handled = user.send("报送周期建议明确为每季度一次。")
    api.wait_confirmed(handled)
    first_answer = api.messages_to(user.id)[-1]["message"]["text"]
    assert "已准备好 1 条意见" in first_answer
    process.stop(signal.SIGKILL)
    api.redeliver(handled)  # Telegram never heard the confirmation
    before = len(api.messages_to(user.id))
    process.start()
    api.wait_confirmed(handled)
    # The stored reply was acknowledged by the Bot API (bot_outbox: sent), so the repeat sends nothing.
    assert [r["message"]["text"] for r in api.messages_to(user.id)[before:]] == []
    assert api.messages_to(user.id)[-1]["message"]["text"] == first_answer
    row = _row(services, user.id)
    assert len(row.draft["comments"]) == 1 and row.state["step"] == "comment.more"


def test_closed_window_refuses_comments_before_typing_but_reading_works(bot_factory, api, services):
    bot_factory(now=CLOSED_NOW).start()
    user = api.user(5301, "zh")
    greeting = joined(user.say("/start"))
    assert "征求意见已于2025年12月17日（北京时间）截止" in greeting
    for attempt in (lambda: user.press("m:comment"), lambda: user.say("/comment")):
        refusal = joined(attempt())
        assert "已停止接收意见" in refusal and "2025年11月18日" in refusal and "2025年12月17日" in refusal
        assert "k:amend" not in choice_ids(api.messages_to(user.id)[-1:] and [api.messages_to(user.id)[-1]["message"]])
        assert _row(services, user.id).state["step"] == "idle"
    # From a reading screen, "comment on this" is refused the same way.
    article = user.say("/read") and user.press("r:chapter-1") and user.press("r:art-3")
    assert "示范区创建主体为县(市、区)" in joined(article)
    assert "已停止接收意见" in joined(user.press("c:art-3"))
    row = _row(services, user.id)
    assert row.state["step"] == "idle" and row.draft == {}
    assert _count(services) == 0


def test_flooding_is_throttled_politely(bot_factory, api):
    """Per Telegram user id (bot/core/ratelimit.py): over RATE_LIMIT_BOT one localized notice with the wait,
    then silence; other users are not slowed."""
    bot_factory(RATELIMIT_ENABLED="true", RATE_LIMIT_BOT="3/hour", RATELIMIT_KEY_PREFIX=f"t{uuid.uuid4().hex}").start()
    user = api.user(5401, "en")
    ids = [user.send("/help") for _ in range(8)]
    api.wait_confirmed(ids[-1])
    texts = user.texts()
    warnings = [t for t in texts if "too many messages in a short time" in t]
    assert len(warnings) == 1 and "wait 60 minutes" in warnings[0]
    assert sum("/start — Welcome and main menu" in t for t in texts) == 3
    chinese = api.user(5403, "zh-hans")
    ids = [chinese.send("/help") for _ in range(5)]
    api.wait_confirmed(ids[-1])
    assert sum("您发送的消息过多" in t for t in chinese.texts()) == 1
    other = api.user(5402, "en")  # one user's flood does not slow anyone else
    assert "Welcome" in joined(other.say("/start"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_webhook_checks_the_secret_token(bot_factory, api, services):
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    process = bot_factory(args=["--webhook", url, "--port", str(port)], TELEGRAM_WEBHOOK_SECRET="s3cret-Token_1")
    process.start()
    api.wait_for(lambda: api.webhook is not None or process.proc.poll() is not None, timeout=60)
    assert process.proc.poll() is None, process.log()
    assert api.webhook == {"url": url, "secret_token": "s3cret-Token_1",
                           "allowed_updates": ["message", "edited_message", "callback_query"]}
    user = api.user(5501, "zh")

    def post(secret):
        body = json.dumps({"update_id": 77001, **user.message_update("/start")}).encode()
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        request = urllib.request.Request(url, body, headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    assert post(None) == 403
    assert post("wrong") == 403
    assert api.messages_to(user.id) == [] and _row(services, user.id) is None
    assert post("s3cret-Token_1") == 200  # answered only once handled
    assert "您好" in joined([r["message"] for r in api.messages_to(user.id)])
    assert post("s3cret-Token_1") == 200  # Telegram's retry of the same update: answered, not acted on twice
    assert _row(services, user.id).events == 1
    assert process.stop() == 0


def test_webhook_acknowledges_and_drops_updates_that_cannot_be_read(bot_factory, api, services):
    """Attack round 4, F8: with the right secret, a body that is not an update (empty, an array, null, a
    string, nested thousands deep, a date out of range) was answered 500, which Telegram repeats; it is
    acknowledged (200) and dropped, and the next real update is still answered."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    process = bot_factory(args=["--webhook", url, "--port", str(port)], TELEGRAM_WEBHOOK_SECRET="s3cret-Token_2")
    process.start()
    api.wait_for(lambda: api.webhook is not None or process.proc.poll() is not None, timeout=60)
    assert process.proc.poll() is None, process.log()
    user = api.user(5502, "zh")

    def post(body: bytes):
        request = urllib.request.Request(url, body, {"Content-Type": "application/json",
                                                     "X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_2"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    huge_date = {"update_id": 77101, **user.message_update("/start")}
    huge_date["message"]["date"] = 1e20
    bodies = [b"", b"[]", b"null", b'"text"', b"[" * 3000 + b"]" * 3000, b'{"a":' * 3000 + b"1" + b"}" * 3000,
              b"{}", b'{"update_id": "x"}', json.dumps(huge_date).encode(), b"\xff\xfe"]
    assert [post(body) for body in bodies] == [200] * len(bodies), process.log()
    assert api.messages_to(user.id) == []
    assert post(json.dumps({"update_id": 77102, **user.message_update("/start")}).encode()) == 200
    assert "您好" in joined([r["message"] for r in api.messages_to(user.id)])
    assert process.stop() == 0


def test_webhook_drops_updates_whose_fields_have_the_wrong_type(bot_factory, api, services):
    """Attack round 5, N4: with the right secret, an update whose text (or caption, callback data, user or
    chat id) was an object, a list or a number was answered 500 (AttributeError in the text handling), which
    Telegram repeats; it is acknowledged (200) and dropped. A null text is a message without text."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    process = bot_factory(args=["--webhook", url, "--port", str(port)], TELEGRAM_WEBHOOK_SECRET="s3cret-Token_3")
    process.start()
    api.wait_for(lambda: api.webhook is not None or process.proc.poll() is not None, timeout=60)
    assert process.proc.poll() is None, process.log()
    user = api.user(5503, "zh")
    ids = iter(range(77201, 77300))

    def post(update: dict):
        body = json.dumps({"update_id": next(ids), **update}).encode()
        request = urllib.request.Request(url, body, {"Content-Type": "application/json",
                                                     "X-Telegram-Bot-Api-Secret-Token": "s3cret-Token_3"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def message(**fields):
        update = user.message_update("第十三条")
        update["message"].update(fields)
        return update

    def edited(**fields):
        return {"edited_message": message(**fields)["message"]}

    def chat(**fields):
        update = message()
        update["message"]["chat"].update(fields)
        return update

    wrong = [message(text={"a": 1}), message(text=["a"]), message(text=5), message(text=True),
             edited(text={"a": 1}), edited(text=None, caption=["a"]), message(text=None, caption={"a": 1}),
             chat(id={"a": 1}), chat(id="5503"), chat(id=[5503]), chat(type=1),
             message(**{"from": {"id": [1], "is_bot": False, "first_name": "x"}}),
             user.callback_update(message()["message"], data := ["m:menu"]),
             user.callback_update(message()["message"], {"a": data})]
    assert [post(update) for update in wrong] == [200] * len(wrong), process.log()
    assert api.messages_to(user.id) == [] and _row(services, user.id) is None
    assert post(message(text=None)) == 200  # no text: read as a message of another kind, answered
    assert post(user.message_update("/start")) == 200
    assert "您好" in joined([r["message"] for r in api.messages_to(user.id)])
    assert process.stop() == 0
