"""How a built message leaves: SMTP (aiosmtplib), or an .eml file when no server is configured.

Both call `before_data()` (the worker's point of no return) right before the
message can reach its destination, and say what happened through the
exceptions below, which the worker turns into state transitions.
Addresses that are not ASCII are written as SMTPUTF8 allows (raw UTF-8, never
RFC 2047 encoded words inside an address), in .eml files as on the wire.
"""
from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

import aiosmtplib
from aiosmtplib.email import flatten_message

from ..config import make_instance
from .settings import MailSettings

class ClaimLost(Exception):
    """Another worker (or the lease recovery) took the row before DATA: do not send."""


class PermanentFailure(Exception):
    pass


class TransientFailure(Exception):
    pass


class Uncertain(Exception):
    """The connection went while the server was receiving the message."""


class SMTPTransport:
    """One connection per batch; MAIL/RCPT, then the point of no return, then DATA."""

    def __init__(self, settings: MailSettings):
        self.settings = settings
        self.smtp: aiosmtplib.SMTP | None = None

    def already_delivered(self, row) -> bool | None:
        return None  # unknowable for SMTP

    async def _connect(self):
        s = self.settings
        smtp = aiosmtplib.SMTP(hostname=s.host, port=s.effective_port, timeout=s.timeout,
                               use_tls=s.security == "tls", start_tls=s.security == "starttls",
                               validate_certs=s.validate_certs)
        try:
            await smtp.connect()
            if s.user:
                await smtp.login(s.user, s.password or "")
        except aiosmtplib.SMTPAuthenticationError as exc:
            smtp.close()
            raise TransientFailure(f"SMTP login refused: {exc.code} {exc.message}") from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            smtp.close()
            raise TransientFailure(f"cannot reach SMTP server {s.host}:{s.effective_port}: {exc}") from exc
        self.smtp = smtp

    async def deliver(self, row_id, msg, recipient: str, before_data) -> str:
        if self.smtp is None or not self.smtp.is_connected:
            await self._connect()
        smtp = self.smtp
        sender = self.settings.mail_from
        utf8 = not (sender + recipient).isascii()
        options = ["SMTPUTF8"] if utf8 else []
        try:
            if utf8 and not smtp.supports_extension("smtputf8"):
                raise PermanentFailure("the address is not ASCII and the server does not support SMTPUTF8")
            data = flatten_message(msg, utf8=utf8, cte_type="7bit")
            await smtp.mail(sender, options=options, encoding="utf-8" if utf8 else "ascii")
            await smtp.rcpt(recipient, encoding="utf-8" if utf8 else "ascii")
        except aiosmtplib.SMTPResponseException as exc:
            await self._reset()
            raise _classify(exc) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            self._drop()
            raise TransientFailure(f"connection lost before DATA: {exc}") from exc
        if not before_data():
            await self._reset()
            raise ClaimLost()
        try:
            response = await smtp.data(data)
        except aiosmtplib.SMTPResponseException as exc:
            # The server answered and refused: it does not have the message.
            await self._reset()
            raise _classify(exc) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            self._drop()
            raise Uncertain(f"connection lost during DATA: {exc}") from exc
        return f"{response.code} {response.message}"

    async def _reset(self):
        try:
            if self.smtp is not None and self.smtp.is_connected:
                await self.smtp.rset()
        except (aiosmtplib.SMTPException, OSError):
            self._drop()

    def _drop(self):
        if self.smtp is not None:
            self.smtp.close()
        self.smtp = None

    async def close(self):
        if self.smtp is not None and self.smtp.is_connected:
            try:
                await self.smtp.quit()
            except (aiosmtplib.SMTPException, OSError):
                self.smtp.close()
        self.smtp = None


def _classify(exc: aiosmtplib.SMTPResponseException) -> Exception:
    text = f"{exc.code} {exc.message}"
    if 500 <= exc.code < 600 and exc.code not in (530, 535):
        return PermanentFailure(text)
    return TransientFailure(text)


def _ascii_addresses(msg, recipient: str) -> bool:
    """Whether every address is ASCII; if not, the message is written as SMTPUTF8 allows (raw UTF-8)."""
    senders = getattr(msg["From"], "addresses", ())
    return recipient.isascii() and all(a.addr_spec.isascii() for a in senders)


class EmlTransport:
    """No SMTP server: each message becomes instance/outbox/<row>-<digest>.eml, written by an atomic rename.

    The name is derived from the row's stable Message-ID, so a file that exists
    is proof of delivery: recovery after a crash is exactly once.
    """

    def __init__(self, directory: Path):
        self.directory = make_instance(Path(directory))

    def path_for(self, row_id: int, message_id: str) -> Path:
        digest = hashlib.sha256(message_id.encode()).hexdigest()[:12]
        return self.directory / f"outbox-{row_id:08d}-{digest}.eml"

    def already_delivered(self, row) -> bool | None:
        return bool(row.message_id) and self.path_for(row.id, row.message_id).exists()

    async def deliver(self, row_id, msg, recipient: str, before_data) -> str:
        final = self.path_for(row_id, msg["Message-ID"])
        if not before_data():
            raise ClaimLost()
        if final.exists():
            return f"already written {final.name}"
        tmp = final.with_suffix(f".{uuid.uuid4().hex}.tmp")
        tmp.write_bytes(flatten_message(msg, utf8=not _ascii_addresses(msg, recipient), cte_type="7bit"))
        os.replace(tmp, final)
        return f"written {final.name}"

    async def close(self):
        pass


def make_transport(settings: MailSettings):
    return SMTPTransport(settings) if settings.uses_smtp else EmlTransport(settings.eml_dir)
