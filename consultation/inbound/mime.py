"""Taking a raw message apart: who sent it, its identity, its text and its attachments.

Parsed with the standard library's modern email API (policy.default), which
decodes RFC 2047 names and RFC 2231 filenames (Chinese file names included).
"""
from __future__ import annotations

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses
from html.parser import HTMLParser

from consultation.submissions import clean_text

# The Message-ID the mail worker gives every message it sends (consultation.mail.messages.message_id_for).
OWN_MESSAGE_ID = re.compile(r"^<outbox-\d+\.(?:receipt|office)\.[0-9a-f]{16}@[^>]+>$")
MAX_FORWARD_DEPTH = 3  # a forward of a forward of a forward is still read; deeper ones are kept as files


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes
    inline: bool = False


@dataclass
class Mail:
    message_id: str
    identity: str
    sender: str
    sender_name: str
    subject: str
    text: str
    attachments: list[Attachment] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    # The mail worker marks its own messages with the submission's reference (X-Consultation-Reference).
    service_reference: str = ""
    unparseable: bool = False  # kept whole for a clerk: the parser could not take it apart
    # Messages attached whole (message/rfc822): a colleague forwarding a mail "as attachment".
    forwarded: list["Mail"] = field(default_factory=list)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("br", "p", "div", "tr", "li"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def identity_of(message_id: str, raw: bytes) -> str:
    """What makes two copies the same message: its Message-ID, or its bytes when it has none."""
    basis = message_id.strip().lower() if message_id else raw
    return "mid:" + hashlib.sha256(basis.encode() if isinstance(basis, str) else basis).hexdigest()[:64]


def attached_message(part: EmailMessage, linesep: str) -> bytes:
    """The bytes of a message/rfc822 part: the email package hands it over as a parsed message, whose
    payload-as-bytes is empty, so it is written back out as it came (headers not refolded)."""
    payload = part.get_payload()
    if isinstance(payload, list):
        if not payload:
            return b""
        inner = payload[0]
        return inner.as_bytes(policy=inner.policy.clone(linesep=linesep, refold_source="none"))
    return part.get_payload(decode=True) or b""  # a client that encoded it (base64), against RFC 2046


def eml_filename(subject: str) -> str:
    """A name a clerk recognises for an attached message: its subject, as a file name."""
    stem = re.sub(r'[\\/:*?"<>|\s]+', " ", subject).strip(" .")[:120]
    return f"{stem or 'message'}.eml"


def parse(raw: bytes, *, depth: int = 0) -> Mail:
    msg: EmailMessage = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = clean_text(str(msg.get("Message-ID", "") or ""))[:300]
    addresses = getaddresses([str(msg.get("From") or "")])
    name, address = addresses[0] if addresses else ("", "")
    text_part = msg.get_body(preferencelist=("plain", "html"))
    text = ""
    if text_part is not None:
        try:
            content = text_part.get_content()
        except (LookupError, UnicodeDecodeError):
            content = text_part.get_payload(decode=True).decode("utf-8", "replace")
        text = html_to_text(content) if text_part.get_content_subtype() == "html" else content
    attachments, forwarded = [], []
    linesep = "\r\n" if b"\r\n" in raw[:4096] else "\n"
    for part in msg.iter_attachments():
        if part.get_content_maintype() == "multipart":
            continue
        if part.get_content_type() == "message/rfc822":
            data = attached_message(part, linesep)
            inner = None
            if data and depth < MAX_FORWARD_DEPTH:
                try:
                    inner = parse(data, depth=depth + 1)
                except Exception:  # the attachment is kept as it is; the outer message still counts
                    inner = None
            if inner is not None:
                forwarded.append(inner)
            filename = clean_text(part.get_filename() or "")[:255] or eml_filename(inner.subject if inner else "")
            attachments.append(Attachment(filename, "message/rfc822", data))
            continue
        data = part.get_payload(decode=True) or b""
        filename = clean_text(part.get_filename() or "")[:255] or "attachment"
        inline = part.get_content_disposition() == "inline" and part.get("Content-ID") is not None
        attachments.append(Attachment(filename, part.get_content_type(), data, inline))
    references = re.findall(r"<[^>]+>", f"{msg.get('In-Reply-To', '')} {msg.get('References', '')}")
    return Mail(message_id=message_id, identity=identity_of(message_id, raw), sender=clean_text(address)[:254],
                sender_name=clean_text(name)[:100], subject=clean_text(str(msg.get("Subject", "") or "")),
                text=clean_text(text), attachments=attachments, references=references,
                service_reference=clean_text(str(msg.get("X-Consultation-Reference", "") or ""))[:32],
                forwarded=forwarded)
