"""RATE_LIMIT_CONTACT on WeChat submissions (attack round 10, F2), through the real /wechat route: a
submission stored by the bot counts against its email and phone in the same counters as the form's and the
API's, a full counter is answered with the bot's localized message and the draft kept at the summary, and a
counter given room again lets the same draft be sent unchanged."""
from __future__ import annotations

import uuid

from sqlalchemy import func, select

from bot.models import BotUser
from consultation.models import Submission

from .conftest import APPID, TOKEN, _app
from .script import COMMENT_SCRIPT_ZH, RECEIPT_URL, pick_number
from .simulator import WeChatServer
from .test_conversation import play

FULL = "近一段时间内用这个邮箱或电话号码提交的意见已达上限"
REDIS = "redis://127.0.0.1:6379/13"


def _script(text: str, contact: str) -> list:
    """COMMENT_SCRIPT_ZH with its own proposal (no identical repeat) and contact."""
    script = list(COMMENT_SCRIPT_ZH)
    script[3] = ("type", text)
    script[10] = ("type", contact)
    return script


def _limited(services, platform, **extra):
    return _app(services, platform, WECHAT_ALLOW_PLAIN="true", RATELIMIT_ENABLED=True, WEB_WORKERS=1,
                RATE_LIMIT_BOT="1000/hour", RATE_LIMIT_FEEDBACK="1000/hour", RATE_LIMIT_CONTACT="2/hour",
                RATELIMIT_KEY_PREFIX=f"t{uuid.uuid4().hex}", **extra)


def _api(client, text: str, phone: str, address: str = "127.0.0.7"):
    body = {"comments": [{"target": "art-3", "kind": "amend", "proposal": text, "reason": "理由"}],
            "submitter": {"category": "individual", "name": "王五", "phone": phone}, "consent": True}
    return client.post("/api/v1/feedback", json=body, environ_base={"REMOTE_ADDR": address})


def _count(services, channel: str) -> int:
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(Submission).where(Submission.channel == channel))


def test_a_phone_at_its_limit_on_the_api_is_refused_on_wechat_and_the_draft_is_kept(services, platform):
    app = _limited(services, platform)
    try:
        client = app.test_client()
        # Two API submissions with the phone written another way: its counter is full.
        assert [_api(client, f"经接口提交的意见{i}", "+86 138 0013 8000").status_code for i in range(2)] == [201, 201]
        assert _api(client, "第三条接口意见", "13800138000").status_code == 429
        server = WeChatServer(client, token=TOKEN, appid=APPID)
        texts = play(server, "o-full", _script("经微信提交的意见", "13800138000 zhangsan@example.com"))
        assert FULL in texts[-1] and "分钟" in texts[-1] and services.consultation.source.mailbox in texts[-1]
        assert not RECEIPT_URL.search(texts[-1])
        assert _count(services, "wechat") == 0
        with services.session() as s:
            user = s.scalars(select(BotUser).where(BotUser.user_id == "o-full")).one()
            assert user.state["step"] == "comment.summary"  # the summary again, its buttons with it
            assert user.draft["comments"][0]["proposal"] == "经微信提交的意见"
        # Later (the window over: its counts gone), the same draft is sent as it stands.
        app.extensions["rate_limits"].counters._counts.clear()
        answer = server.say("o-full", str(pick_number(texts[-1], "Confirm and send")))
        assert RECEIPT_URL.search(answer.content), answer.content
        assert _count(services, "wechat") == 1
    finally:
        app.extensions["wechat"].close()


def test_wechat_submissions_count_for_the_api_and_for_other_wechat_users(services, platform):
    app = _limited(services, platform)
    try:
        client = app.test_client()
        server = WeChatServer(client, token=TOKEN, appid=APPID)
        for i in range(2):  # two accounts, one phone (and an email each)
            texts = play(server, f"o-user{i}", _script(f"微信意见{i}", f"13900001111 p{i}@example.com"))
            assert RECEIPT_URL.search(texts[-1]), texts[-1]
        texts = play(server, "o-user2", _script("微信意见2", "13900001111 p2@example.com"))
        assert FULL in texts[-1]
        assert _api(client, "接口意见", "13900001111").status_code == 429
        assert _count(services, "wechat") == 2 and _count(services, "api") == 0
        # The email alone counts too: P0@… (its mailbox, case-folded, +tag dropped) was used once.
        texts = play(server, "o-user3", _script("微信意见3", "P0+x@Example.com"))
        assert RECEIPT_URL.search(texts[-1]), texts[-1]
        texts = play(server, "o-user4", _script("微信意见4", "p0@example.com"))
        assert FULL in texts[-1]
    finally:
        app.extensions["wechat"].close()


def test_a_repeated_confirmation_is_counted_once(services, platform):
    """The platform redelivering "Confirm and send" (same MsgId) and the user pressing it again both answer
    from what is stored: one count, so the next submission with that contact still passes."""
    app = _limited(services, platform)
    try:
        client = app.test_client()
        server = WeChatServer(client, token=TOKEN, appid=APPID)
        script = _script("只发一次的意见", "13700002222")
        summary = play(server, "o-once", script[:-1])[-1]
        number = str(pick_number(summary, "Confirm and send"))
        first = server.say("o-once", number, msg_id=99001)
        again = server.say("o-once", number, msg_id=99001)
        assert RECEIPT_URL.search(first.content) and again.content == first.content
        assert _api(client, "另一条意见", "13700002222").status_code == 201  # 2/hour: one left after the bot's
        assert _api(client, "第三条意见", "13700002222").status_code == 429
    finally:
        app.extensions["wechat"].close()


def test_ratelimit_enabled_false_leaves_wechat_submissions_uncounted(services, platform):
    app = _app(services, platform, WECHAT_ALLOW_PLAIN="true", RATELIMIT_ENABLED=False, RATE_LIMIT_CONTACT="1/hour")
    try:
        server = WeChatServer(app.test_client(), token=TOKEN, appid=APPID)
        for i in range(3):
            assert RECEIPT_URL.search(play(server, f"o-off{i}", _script(f"不限的意见{i}", "13600003333"))[-1])
    finally:
        app.extensions["wechat"].close()


def test_two_workers_and_the_api_share_the_contact_count_through_redis(services, platform):
    """Two apps stand for two web worker processes with Redis: WeChat submissions taken by either and an API
    submission count in one counter per contact."""
    prefix = f"t{uuid.uuid4().hex}"
    apps = [_app(services, platform, WECHAT_ALLOW_PLAIN="true", RATELIMIT_ENABLED=True, WEB_WORKERS=2,
                 RATE_LIMIT_BOT="1000/hour", RATE_LIMIT_FEEDBACK="1000/hour", RATE_LIMIT_CONTACT="2/hour",
                 RATELIMIT_STORAGE_URI=REDIS, RATELIMIT_KEY_PREFIX=prefix) for _ in range(2)]
    try:
        one, two = (WeChatServer(app.test_client(), token=TOKEN, appid=APPID) for app in apps)
        assert RECEIPT_URL.search(play(one, "o-r1", _script("经一号进程的意见", "13500004444"))[-1])
        assert _api(apps[1].test_client(), "经接口的意见", "+8613500004444").status_code == 201
        assert FULL in play(two, "o-r2", _script("经二号进程的意见", "13500004444"))[-1]
        assert _count(services, "wechat") == 1
    finally:
        for app in apps:
            app.extensions["wechat"].close()
