"""The Official Account server protocol: signatures, safe XML, AES, replies, text limits.

wechatpy 1.8.18 (works on Python 3.11) supplies the signer, the AES-CBC
message crypto (over `cryptography`) and the message/reply classes. What it
does not do safely is handled here:

- wechatpy parses XML with xmltodict. Untrusted bodies are parsed only here,
  with defusedxml and DTDs forbidden (so no entity expansion and no external
  entities), and wechatpy's message classes are built from the resulting dict;
  the decrypted inner XML of safe mode goes through the same parser.
- signatures are compared in constant time;
- the 16 random bytes that prefix an encrypted reply come from `secrets`
  (wechatpy uses `random.sample`);
- `]]>` in a reply's text cannot close the CDATA section early.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as _defused_fromstring
from wechatpy.crypto import PrpCrypto, WeChatCrypto
from wechatpy.events import EVENT_TYPES
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import MESSAGE_TYPES, UnknownMessage
from wechatpy.replies import TextReply

MAX_BODY = 64 * 1024
TEXT_LIMIT_BYTES = 2048  # what one WeChat text message carries
SUCCESS = "success"  # "received; nothing to say now" (WeChat does not retry it)


class BadRequest(Exception):
    """A body that cannot be read as a WeChat message (400)."""


class Forbidden(Exception):
    """A signature, timestamp or app id that does not check out (403)."""


def sign(*parts: str) -> str:
    """SHA-1 over the sorted parts, the platform's signature."""
    return hashlib.sha1("".join(sorted(str(p) for p in parts)).encode()).hexdigest()


def check_signature(token: str, signature: str | None, timestamp: str | None, nonce: str | None,
                    *extra: str, max_skew: int = 0, now: float | None = None) -> None:
    """Raise Forbidden unless `signature` is sha1(sorted(token, timestamp, nonce, *extra))."""
    if not signature or not timestamp or not nonce:
        raise Forbidden("missing signature parameters")
    expected = sign(token, timestamp, nonce, *extra)
    # Compared as bytes: a signature is hex, and compare_digest refuses non-ASCII str (a 500, not a 403).
    if not hmac.compare_digest(expected.encode(), signature.strip().lower().encode("utf-8", "replace")):
        raise Forbidden("bad signature")
    if max_skew:
        try:
            ts = int(timestamp)
        except ValueError:
            raise Forbidden("bad timestamp") from None
        if abs((now if now is not None else time.time()) - ts) > max_skew:
            raise Forbidden("stale timestamp")


def parse_xml(body: bytes | str) -> dict:
    """The <xml> document as a dict of its children (nested elements as dicts).

    defusedxml with forbid_dtd: any DOCTYPE (hence any entity declaration,
    internal or external) is refused before a single entity is looked at.
    """
    if isinstance(body, str):
        body = body.encode("utf-8")
    if not body or len(body) > MAX_BODY:
        raise BadRequest("empty or oversized body")
    try:
        root = _defused_fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ParseError, ValueError) as exc:
        raise BadRequest(f"refused XML: {type(exc).__name__}") from None
    if root.tag != "xml":
        raise BadRequest("root element is not <xml>")
    # A message names its sender, type and content once. With two FromUserName or MsgType elements the
    # one read would be whichever the parser kept, not necessarily the one a check looked at: refused.
    tags = [child.tag for child in root]
    if len(tags) != len(set(tags)):
        raise BadRequest("duplicate top-level element")
    return _element_dict(root, MAX_DEPTH)


# WeChat's messages nest at most three levels (<xml><ScanCodeInfo><ScanType>); a deeper document is
# not a WeChat message, and walking thousands of levels would exhaust Python's recursion limit.
MAX_DEPTH = 8


def _element_dict(element, depth: int) -> dict:
    if depth == 0:
        raise BadRequest("XML nested too deeply")
    data = {}
    for child in element:
        data[child.tag] = _element_dict(child, depth - 1) if len(child) else (child.text or "")
    return data


def message_from_dict(data: dict):
    """A wechatpy message/event object from an already safely parsed dict (cf. wechatpy.parse_message)."""
    data = dict(data)
    message_type = str(data.get("MsgType", "")).lower()
    if message_type == "event":
        event_type = str(data.get("Event", "")).lower()
        if event_type == "subscribe" and str(data.get("EventKey") or "").startswith("qrscene_"):
            event_type = "subscribe_scan"
            data["Event"] = event_type
            data["EventKey"] = data["EventKey"][len("qrscene_"):]
        return EVENT_TYPES.get(event_type, UnknownMessage)(data)
    return MESSAGE_TYPES.get(message_type, UnknownMessage)(data)


class _SecretPrpCrypto(PrpCrypto):
    def get_random_string(self):
        return secrets.token_hex(8)  # 16 characters


class Crypto:
    """Safe mode (encrypt_type=aes) over wechatpy's WeChatCrypto."""

    def __init__(self, token: str, aes_key: str, appid: str):
        self._crypto = WeChatCrypto(token, aes_key, appid)
        self.token = token
        self.appid = appid

    def decrypt(self, envelope: dict, msg_signature: str | None, timestamp: str, nonce: str) -> dict:
        """Check msg_signature over the Encrypt field, decrypt, check the app id, parse the inner XML."""
        encrypt = envelope.get("Encrypt")
        if not isinstance(encrypt, str) or not encrypt:
            raise BadRequest("no Encrypt element")
        check_signature(self.token, msg_signature, timestamp, nonce, encrypt)
        try:
            inner = self._crypto.decrypt_message({"Encrypt": encrypt}, sign(self.token, timestamp, nonce, encrypt),
                                                 timestamp, nonce)
        except InvalidSignatureException:
            raise Forbidden("bad msg_signature") from None
        except InvalidAppIdException:
            raise Forbidden("app id does not match") from None
        except Exception as exc:  # bad base64, padding, length or UTF-8: not a message we sent ourselves
            raise BadRequest(f"cannot decrypt: {type(exc).__name__}") from None
        return parse_xml(inner)

    def encrypt(self, reply_xml: str, timestamp: str | None = None, nonce: str | None = None) -> str:
        return self._crypto._encrypt_message(reply_xml, nonce or secrets.token_hex(8),
                                             timestamp or str(int(time.time())), _SecretPrpCrypto)


def cdata_safe(text: str) -> str:
    """Text that cannot end a CDATA section early (wechatpy wraps values in CDATA verbatim)."""
    return str(text).replace("]]>", "]]]]><![CDATA[>")


def text_reply(to_user: str, from_user: str, content: str) -> str:
    return TextReply(target=cdata_safe(to_user), source=cdata_safe(from_user), content=cdata_safe(content),
                     time=int(time.time())).render()


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def split_text(text: str, limit: int = TEXT_LIMIT_BYTES) -> list[str]:
    """Split into pieces of at most `limit` UTF-8 bytes, at paragraph, then line, then sentence breaks."""
    text = text.strip()
    if not text:
        return []
    if utf8_len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for unit in _units(text, limit):
        candidate = unit if not current else current + unit
        if utf8_len(candidate.rstrip()) <= limit:
            current = candidate
        else:
            if current.strip():
                pieces.append(current.strip())
            current = unit
    if current.strip():
        pieces.append(current.strip())
    return pieces


def _units(text: str, limit: int):
    """Pieces each within `limit`, keeping their separators so joining them gives back the text."""
    for separators in (("\n\n",), ("\n",), ("。", "；", ";", "!", "?", "!", "?", ". "), ("，", ",", " ")):
        parts = _split_keep(text, separators)
        if all(utf8_len(p) <= limit for p in parts):
            return parts
        if len(parts) > 1:
            out = []
            for p in parts:
                out.extend([p] if utf8_len(p) <= limit else _units(p, limit))
            return out
    # No break anywhere: cut by characters.
    out, current = [], ""
    for ch in text:
        if utf8_len(current + ch) > limit:
            out.append(current)
            current = ""
        current += ch
    if current:
        out.append(current)
    return out


def _split_keep(text: str, separators: tuple[str, ...]) -> list[str]:
    parts, start, i = [], 0, 0
    while i < len(text):
        for sep in separators:
            if text.startswith(sep, i):
                parts.append(text[start:i + len(sep)])
                i += len(sep)
                start = i
                break
        else:
            i += 1
    if start < len(text):
        parts.append(text[start:])
    return parts
