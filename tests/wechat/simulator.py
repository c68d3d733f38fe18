"""A simulated WeChat server: it signs and posts XML to the real /wechat route, as the platform does.

Plain mode: `signature` = sha1(sorted(token, timestamp, nonce)) in the query.
Safe mode (encrypt_type=aes): the message is AES-encrypted into <Encrypt> and
`msg_signature` = sha1(sorted(token, timestamp, nonce, Encrypt)); the reply is
decrypted and its MsgSignature checked, exactly as the platform would.
The simulator builds its XML by hand and decrypts with `cryptography`
directly, so it checks the adapter against the protocol, not against itself.
"""
from __future__ import annotations

import base64
import hashlib
import itertools
import os
import secrets
import socket
import struct
import time
from dataclasses import dataclass
from xml.etree import ElementTree

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_ids = itertools.count(int(time.time() * 1000))


def sha1_sorted(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def cdata(value: str) -> str:
    return "<![CDATA[" + str(value).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def new_aes_key() -> str:
    return base64.b64encode(os.urandom(32)).decode().rstrip("=")


@dataclass
class Answer:
    status: int
    body: str  # raw response text
    xml: dict | None = None  # the (decrypted) reply's fields, when it is a reply

    @property
    def is_success(self) -> bool:
        return self.status == 200 and self.body == "success"

    @property
    def content(self) -> str:
        assert self.xml is not None, f"no reply XML: {self.status} {self.body!r}"
        return self.xml["Content"]


class WeChatServer:
    def __init__(self, client, *, token: str, appid: str, aes_key: str | None = None,
                 account: str = "gh_consult", path: str = "/wechat"):
        self.client, self.token, self.appid, self.aes_key = client, token, appid, aes_key
        self.account, self.path = account, path

    # -- signing -------------------------------------------------------
    def _query(self, extra: dict | None = None, *, timestamp: str | None = None, bad: bool = False) -> dict:
        timestamp = timestamp or str(int(time.time()))
        nonce = secrets.token_hex(5)
        signature = sha1_sorted(self.token, timestamp, nonce)
        if bad:
            signature = sha1_sorted("not-the-token", timestamp, nonce)
        query = {"signature": signature, "timestamp": timestamp, "nonce": nonce}
        query.update(extra or {})
        return query

    def verify(self, echostr: str, *, bad: bool = False):
        return self.client.get(self.path, query_string={**self._query(bad=bad), "echostr": echostr})

    # -- messages -------------------------------------------------------
    def text_xml(self, openid: str, content: str, msg_id: int | None = None, create_time: int | None = None) -> str:
        return ("<xml>"
                f"<ToUserName>{cdata(self.account)}</ToUserName><FromUserName>{cdata(openid)}</FromUserName>"
                f"<CreateTime>{create_time or int(time.time())}</CreateTime><MsgType>{cdata('text')}</MsgType>"
                f"<Content>{cdata(content)}</Content><MsgId>{msg_id or next(_ids)}</MsgId>"
                "</xml>")

    def event_xml(self, openid: str, event: str, key: str | None = None, create_time: int | None = None) -> str:
        key_xml = f"<EventKey>{cdata(key)}</EventKey>" if key is not None else ""
        return ("<xml>"
                f"<ToUserName>{cdata(self.account)}</ToUserName><FromUserName>{cdata(openid)}</FromUserName>"
                f"<CreateTime>{create_time or next(_ids)}</CreateTime><MsgType>{cdata('event')}</MsgType>"
                f"<Event>{cdata(event)}</Event>{key_xml}"
                "</xml>")

    def say(self, openid: str, content: str, **kwargs) -> Answer:
        return self.post(self.text_xml(openid, content, **kwargs))

    def event(self, openid: str, event: str, key: str | None = None) -> Answer:
        return self.post(self.event_xml(openid, event, key))

    def post(self, xml: str, *, bad_signature: bool = False, bad_msg_signature: bool = False,
             appid: str | None = None) -> Answer:
        if self.aes_key:
            timestamp = str(int(time.time()))
            query = self._query({"encrypt_type": "aes"}, timestamp=timestamp, bad=bad_signature)
            encrypted = self.encrypt(xml, appid or self.appid)
            msg_signature = sha1_sorted(self.token, timestamp, query["nonce"], encrypted)
            if bad_msg_signature:
                msg_signature = sha1_sorted("not-the-token", timestamp, query["nonce"], encrypted)
            query["msg_signature"] = msg_signature
            body = ("<xml>" f"<ToUserName>{cdata(self.account)}</ToUserName>"
                    f"<Encrypt>{cdata(encrypted)}</Encrypt></xml>")
        else:
            query = self._query(bad=bad_signature)
            body = xml
        response = self.client.post(self.path, query_string=query, data=body.encode("utf-8"),
                                    content_type="text/xml")
        return self._answer(response)

    def post_raw(self, body: bytes) -> Answer:
        """Post a body as is, correctly signed (plain mode)."""
        response = self.client.post(self.path, query_string=self._query(), data=body, content_type="text/xml")
        return self._answer(response)

    def _answer(self, response) -> Answer:
        text = response.get_data(as_text=True)
        if response.status_code != 200 or text in ("", "success"):
            return Answer(response.status_code, text)
        fields = _fields(text)
        if self.aes_key:
            assert set(fields) >= {"Encrypt", "MsgSignature", "TimeStamp", "Nonce"}, fields
            expected = sha1_sorted(self.token, fields["TimeStamp"], fields["Nonce"], fields["Encrypt"])
            assert fields["MsgSignature"] == expected, "the reply's MsgSignature does not check out"
            fields = _fields(self.decrypt(fields["Encrypt"]))
        return Answer(response.status_code, text, fields)

    # -- crypto (the platform's side, straight on `cryptography`) ---------
    @property
    def _key(self) -> bytes:
        return base64.b64decode(self.aes_key + "=")

    def encrypt(self, xml: str, appid: str) -> str:
        data = xml.encode("utf-8")
        plain = os.urandom(16) + struct.pack("!I", len(data)) + data + appid.encode()
        pad = 32 - len(plain) % 32
        plain += bytes([pad]) * pad
        enc = Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16])).encryptor()
        return base64.b64encode(enc.update(plain) + enc.finalize()).decode()

    def decrypt(self, encrypted: str) -> str:
        dec = Cipher(algorithms.AES(self._key), modes.CBC(self._key[:16])).decryptor()
        plain = dec.update(base64.b64decode(encrypted)) + dec.finalize()
        pad = plain[-1]
        assert 1 <= pad <= 32
        content = plain[16:-pad]
        length = socket.ntohl(struct.unpack("I", content[:4])[0])
        assert content[4 + length:].decode() == self.appid, "the reply was encrypted for another app id"
        return content[4:4 + length].decode("utf-8")


def _fields(xml: str) -> dict:
    root = ElementTree.fromstring(xml)  # our own adapter's output, in a test
    assert root.tag == "xml"
    return {child.tag: child.text or "" for child in root}
