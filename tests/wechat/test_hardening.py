"""WeChat hardening (issue 13, item 7): plain mode only when allowed, a nonce replay cache, and MsgId
deduplication per sender, through the real /wechat route."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.models import BotUser
from bot.wechat.models import WeChatInbound

from .conftest import APPID, TOKEN, _app
from .simulator import WeChatServer


@pytest.fixture
def production_app(services, platform):
    """The settings of a real account that has not set WECHAT_AES_KEY (and not WECHAT_ALLOW_PLAIN)."""
    app = _app(services, platform)
    yield app
    app.extensions["wechat"].close()


def test_plain_mode_is_refused_unless_allowed(production_app, services):
    server = WeChatServer(production_app.test_client(), token=TOKEN, appid=APPID)
    assert server.verify("echo-1").get_data(as_text=True) == "echo-1"  # the URL check still answers
    # A forged sender asking for someone's receipt link, correctly signed with a captured query string.
    answer = server.say("o-victim", "我的回执")
    assert answer.status == 403
    with services.session() as s:
        assert s.scalar(select(func.count()).select_from(WeChatInbound)) == 0
        assert s.scalar(select(func.count()).select_from(BotUser)) == 0


def test_a_captured_query_string_cannot_carry_another_body(wechat, services):
    query = wechat._query()
    original = wechat.text_xml("o-alice", "/comment", msg_id=9001).encode()
    first = wechat.client.post("/wechat", query_string=query, data=original, content_type="text/xml")
    assert first.status_code == 200
    forged = wechat.text_xml("o-bob", "我的回执", msg_id=9002).encode()
    replay = wechat.client.post("/wechat", query_string=query, data=forged, content_type="text/xml")
    assert replay.status_code == 403
    # The platform's own retry (same query, same body) is still answered, from the stored reply.
    retry = wechat.client.post("/wechat", query_string=query, data=original, content_type="text/xml")
    assert retry.status_code == 200 and retry.get_data() == first.get_data()
    with services.session() as s:
        assert s.scalar(select(func.count()).select_from(WeChatInbound)) == 1
        assert s.scalar(select(BotUser).where(BotUser.user_id == "o-bob")) is None


def test_another_users_msgid_does_not_return_their_reply(wechat, services):
    alice = wechat.say("o-alice2", "/comment", msg_id=31337)
    bob = wechat.say("o-bob2", "帮助", msg_id=31337)
    assert alice.status == bob.status == 200
    assert bob.content != alice.content
    with services.session() as s:
        assert s.scalar(select(func.count()).select_from(WeChatInbound)) == 2
        assert s.scalar(select(BotUser.events).where(BotUser.user_id == "o-bob2")) == 1
