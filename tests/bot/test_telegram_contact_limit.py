"""RATE_LIMIT_CONTACT on Telegram submissions (attack round 10, F2): `consult bot` as a process and the web
app count a contact in one set of counters in Redis, so a phone at its limit on the API is refused by the
bot (the bot's localized message, the draft kept at its summary) and a bot's submission counts for the API."""
from __future__ import annotations

import uuid

import redis
from sqlalchemy import select

from bot.models import BotUser
from consultation.models import Submission

from .telegram_users import joined

REDIS = "redis://127.0.0.1:6379/13"
FULL = "近一段时间内用这个邮箱或电话号码提交的意见已达上限"


def _api(client, text: str, phone: str):
    body = {"comments": [{"target": "art-3", "kind": "amend", "proposal": text, "reason": "理由"}],
            "submitter": {"category": "individual", "name": "王五", "phone": phone}, "consent": True}
    return client.post("/api/v1/feedback", json=body, environ_base={"REMOTE_ADDR": "127.0.0.9"})


def _to_summary(user, text: str, contact: str) -> str:
    user.say("/comment")
    user.say("第三条")
    user.press("k:amend")
    user.say(text)
    user.say("理由。")
    user.press("more:go")
    user.press("cat:individual")
    user.press("consent:yes")
    user.say("李四")
    user.say("-")
    return joined(user.say(contact))


def test_the_bot_and_the_api_share_the_contact_count_through_redis(bot_factory, api, services):
    from web import create_app

    prefix = f"t{uuid.uuid4().hex}"
    limits = dict(RATELIMIT_ENABLED="true", RATE_LIMIT_CONTACT="1/hour", RATELIMIT_KEY_PREFIX=prefix)
    app = create_app(services, TESTING=True, RATELIMIT_STORAGE_URI=REDIS, RATE_LIMIT_FEEDBACK="1000/hour", **limits)
    client = app.test_client()
    process = bot_factory(REDIS_URL=REDIS, RATE_LIMIT_BOT="1000/hour", **limits).start()
    try:
        assert _api(client, "经接口提交的意见", "+86 138 0013 8000").status_code == 201
        user = api.user(5301, "zh-hans")
        summary = _to_summary(user, "经电报提交的意见", "13800138000")
        assert "提交前请核对您的意见" in summary
        refused = joined(user.press("sum:send:"))
        assert FULL in refused and "分钟" in refused and services.consultation.source.mailbox in refused
        with services.session() as s:
            assert s.scalars(select(Submission).where(Submission.channel == "telegram")).all() == []
            state = s.scalars(select(BotUser).where(BotUser.platform == "telegram", BotUser.user_id == "5301")).one()
            assert state.state["step"] == "comment.summary"
            assert state.draft["comments"][0]["proposal"] == "经电报提交的意见"
        # Later (the counter's window over), the same draft is sent from the summary's button.
        store = redis.Redis.from_url(REDIS)
        for key in store.scan_iter(f"{prefix}/*"):
            store.delete(key)
        assert "感谢您的意见" in joined(user.press("sum:send:"))
        # The bot's submission counted: the API is refused for that phone now.
        assert _api(client, "又一条接口意见", "13800138000").status_code == 429
    finally:
        assert process.stop() == 0, process.log()
