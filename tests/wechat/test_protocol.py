"""The server protocol through the real route: verification, signatures, safe mode, hostile XML, dedup."""
from __future__ import annotations

from sqlalchemy import func, select

from bot.models import BotUser
from bot.wechat.models import WeChatInbound
from bot.wechat.protocol import split_text, utf8_len
from consultation.models import Submission

from .conftest import APPID, TOKEN
from .simulator import WeChatServer


def count(services, model) -> int:
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_verification_get_echoes_echostr(wechat):
    response = wechat.verify("echo-1234567890")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "echo-1234567890"


def test_verification_with_bad_signature_is_403(wechat):
    response = wechat.verify("echo", bad=True)
    assert response.status_code == 403
    assert "echo" not in response.get_data(as_text=True)


def test_no_token_no_route(services, monkeypatch):
    from web import create_app

    monkeypatch.delenv("WECHAT_TOKEN", raising=False)
    app = create_app(services, TESTING=True)
    client = app.test_client()
    assert client.get("/wechat?signature=a&timestamp=1&nonce=2&echostr=x").status_code == 404
    assert client.post("/wechat", data=b"<xml/>").status_code == 404
    assert app.extensions["wechat"] is None
    assert client.get("/").status_code == 200  # the rest of the service as before


def test_bad_signature_post_is_403_and_nothing_stored(wechat, services):
    answer = wechat.post(wechat.text_xml("o-bad", "第三条是什么?"), bad_signature=True)
    assert answer.status == 403
    assert count(services, WeChatInbound) == 0
    assert count(services, BotUser) == 0
    assert count(services, Submission) == 0


def test_deeply_nested_xml_is_400_not_500(wechat, services):
    """Thousands of nested elements are not a WeChat message: refused like other bad XML, not a crash."""
    depth = 5000
    body = b"<xml>" + b"<a>" * depth + b"x" + b"</a>" * depth + b"</xml>"
    assert wechat.post_raw(body).status == 400
    assert wechat.post_raw(b"<xml><ToUserName>t</ToUserName>" + b"<a>" * 9 + b"</a>" * 9 + b"</xml>").status == 400
    assert count(services, WeChatInbound) == 0


def test_subscribe_greets_with_the_numbered_menu(wechat):
    answer = wechat.event("o-new", "subscribe")
    assert answer.status == 200
    assert answer.xml["ToUserName"] == "o-new"
    assert answer.xml["FromUserName"] == wechat.account
    assert answer.xml["MsgType"] == "text"
    content = answer.content
    assert "回复 1" in content and "回复 2" in content
    assert utf8_len(content) <= 2048


def test_menu_click_runs_the_flow(wechat):
    answer = wechat.event("o-click", "CLICK", "m:read")
    assert answer.status == 200
    assert "第一章" in answer.content  # the table of contents


def test_unknown_click_key_shows_the_menu(wechat):
    answer = wechat.event("o-click2", "CLICK", "../../etc/passwd")
    assert answer.status == 200
    assert "回复 1" in answer.content


def test_replayed_message_is_processed_once(wechat, services):
    """A retry/replay of the same MsgId: the core is not called again and the same answer is served.

    WeChat only shows the answer to the last attempt of a message, so serving the
    stored answer again is how the user gets exactly one answer."""
    xml = wechat.text_xml("o-replay", "/comment", msg_id=4242)
    first = wechat.post(xml)
    with services.session() as s:
        events_after_first = s.scalar(select(BotUser.events).where(BotUser.user_id == "o-replay"))
    second = wechat.post(xml)
    third = wechat.post(xml)
    assert first.status == second.status == third.status == 200
    assert second.content == first.content == third.content
    with services.session() as s:
        assert s.scalar(select(BotUser.events).where(BotUser.user_id == "o-replay")) == events_after_first == 1
        assert s.scalar(select(func.count()).select_from(WeChatInbound)) == 1


def test_events_deduplicated_by_sender_and_create_time(wechat, services):
    xml = wechat.event_xml("o-evt", "CLICK", "m:help", create_time=1764000000)
    wechat.post(xml)
    wechat.post(xml)
    with services.session() as s:
        assert s.scalar(select(BotUser.events).where(BotUser.user_id == "o-evt")) == 1


def test_external_entity_is_refused_and_nothing_read(wechat, services, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-FILE-CONTENT-7731")
    body = (f'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY leak SYSTEM "file://{secret}">]>'
            "<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[o-xxe]]></FromUserName>"
            "<CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>&leak;</Content>"
            "<MsgId>77</MsgId></xml>").encode()
    answer = wechat.post_raw(body)
    assert answer.status == 400
    assert "TOP-SECRET" not in answer.body
    assert count(services, WeChatInbound) == 0
    with services.session() as s:
        assert all("TOP-SECRET" not in str(u.last_reply) for u in s.scalars(select(BotUser)))


def test_entity_expansion_is_refused(wechat, services):
    lol = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    body = (f'<?xml version="1.0"?><!DOCTYPE xml [{lol}]>'
            "<xml><ToUserName>gh</ToUserName><FromUserName>o-bomb</FromUserName><CreateTime>1</CreateTime>"
            "<MsgType>text</MsgType><Content>&i;</Content><MsgId>78</MsgId></xml>").encode()
    answer = wechat.post_raw(body)
    assert answer.status == 400
    assert count(services, WeChatInbound) == 0


def test_a_message_naming_its_sender_or_type_twice_is_400(wechat, services):
    """Two FromUserName (or MsgType) elements make the sender ambiguous: refused, nothing stored or answered."""
    text = wechat.text_xml("o-first", "/comment")
    for doubled in (text.replace("</xml>", "<FromUserName><![CDATA[o-second]]></FromUserName></xml>"),
                    text.replace("</xml>", "<MsgType><![CDATA[event]]></MsgType></xml>")):
        answer = wechat.post_raw(doubled.encode())
        assert answer.status == 400 and not answer.is_success
    assert wechat.post(wechat.text_xml("o-first", "/comment")).status == 200  # a well-formed one still answers
    assert count(services, BotUser) == 1


def test_malformed_xml_is_400(wechat, services):
    assert wechat.post_raw(b"<xml><Content>unclosed").status == 400
    assert wechat.post_raw(b"<notxml/>").status == 400
    assert count(services, WeChatInbound) == 0


def test_safe_mode_round_trip(wechat_safe, services):
    answer = wechat_safe.event("o-safe", "subscribe")
    assert answer.status == 200
    assert "<Encrypt>" in answer.body and "回复" not in answer.body  # nothing readable on the wire
    assert "回复 1" in answer.content  # decrypted by the simulator with the platform's algorithm


def test_safe_mode_bad_msg_signature_is_403(wechat_safe, services):
    answer = wechat_safe.post(wechat_safe.event_xml("o-safe2", "subscribe"), bad_msg_signature=True)
    assert answer.status == 403
    assert count(services, WeChatInbound) == 0


def test_safe_mode_wrong_app_id_is_403(wechat_safe, services):
    answer = wechat_safe.post(wechat_safe.event_xml("o-safe3", "subscribe"), appid="wxsomeoneelse00000")
    assert answer.status == 403
    assert count(services, WeChatInbound) == 0


def test_safe_mode_refuses_plain_messages(safe_app, services):
    plain = WeChatServer(safe_app.test_client(), token=TOKEN, appid=APPID)
    answer = plain.event("o-downgrade", "subscribe")
    assert answer.status == 403
    assert count(services, WeChatInbound) == 0


def test_user_text_cannot_break_the_reply_or_become_a_link(wechat):
    """The summary echoes the user's proposal: `]]>` must not end the CDATA, `<a href>` must not render."""
    from .script import COMMENT_SCRIPT_ZH
    from .test_conversation import play

    evil = 'x]]></Content><MsgType><![CDATA[image]]></MsgType><Content><a href="http://evil.example">点我</a>'
    script = list(COMMENT_SCRIPT_ZH[:-1])
    script[3] = ("type", evil)
    texts = play(wechat, "o-cdata", script)
    summary = texts[-1]
    assert "x]]></Content><MsgType><![CDATA[image]]></MsgType><Content>" in summary  # text, intact
    assert '<a href="http://evil.example">' not in summary
    assert 'a href="http://evil.example">点我' in summary


def test_split_text_respects_the_byte_limit():
    text = ("第六条分类条件。" * 300) + "\n\n" + ("x" * 5000)
    pieces = split_text(text)
    assert len(pieces) > 2
    assert all(utf8_len(p) <= 2048 for p in pieces)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")


def test_non_text_message_gets_a_reminder_of_the_step_and_the_mailbox(wechat, services):
    xml = ("<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[o-img]]></FromUserName>"
           "<CreateTime>1764000001</CreateTime><MsgType><![CDATA[image]]></MsgType>"
           "<PicUrl><![CDATA[http://example.invalid/p.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId>"
           "<MsgId>880001</MsgId></xml>")
    answer = wechat.post(xml)
    assert answer.status == 200
    assert "文字" in answer.content and services.consultation.source.mailbox in answer.content
    assert "您想做什么" in answer.content  # no conversation under way: the menu


def test_unsubscribe_is_acknowledged_silently(wechat, services):
    answer = wechat.event("o-bye", "unsubscribe")
    assert answer.is_success
    assert count(services, WeChatInbound) == 1
    assert count(services, BotUser) == 0


def test_stale_timestamp_is_refused(wechat, services):
    import time

    query = wechat._query(timestamp=str(int(time.time()) - 3600))
    response = wechat.client.post("/wechat", query_string=query, data=wechat.event_xml("o-old", "subscribe"),
                                  content_type="text/xml")
    assert response.status_code == 403
    assert count(services, WeChatInbound) == 0


def test_a_non_ascii_signature_is_403_not_500(wechat, safe_app, services):
    """A signature is hex: anything else (é, 中, a fullwidth digit) is a wrong signature, refused like any
    other, never a comparison that raises (hmac.compare_digest refuses non-ASCII str)."""
    for signature in ("é", "签名", "ａ" * 40):
        query = {**wechat._query(), "signature": signature}
        assert wechat.client.get("/wechat", query_string={**query, "echostr": "x"}).status_code == 403
        assert wechat.client.post("/wechat", query_string=query, data=wechat.event_xml("o-na", "subscribe"),
                                  content_type="text/xml").status_code == 403
    assert count(services, WeChatInbound) == 0


def test_a_non_ascii_msg_signature_is_403_not_500(wechat_safe, services):
    import time

    from tests.wechat.simulator import sha1_sorted

    timestamp = str(int(time.time()))
    query = wechat_safe._query({"encrypt_type": "aes"}, timestamp=timestamp)
    encrypted = wechat_safe.encrypt(wechat_safe.event_xml("o-na2", "subscribe"), wechat_safe.appid)
    assert sha1_sorted(wechat_safe.token, timestamp, query["nonce"], encrypted)  # the right one would pass
    body = f"<xml><ToUserName><![CDATA[{wechat_safe.account}]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    for bad in ("é", "签名"):
        response = wechat_safe.client.post("/wechat", query_string={**query, "msg_signature": bad},
                                           data=body.encode(), content_type="text/xml")
        assert response.status_code == 403
    assert count(services, WeChatInbound) == 0
