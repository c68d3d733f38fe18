"""Reading the office's mailbox over IMAP, read-only, one message at a time.

IMAPClient (a maintained wrapper over the standard library's imaplib) is used
rather than imaplib itself because it parses what imaplib leaves as raw bytes:
SELECT's UIDVALIDITY, FETCH responses as {uid: {item: value}}, INTERNALDATE as
an aware datetime, and it raises one exception family for protocol errors.

The folder is EXAMINEd (selected read-only) and bodies fetched with BODY.PEEK[],
so the intake changes nothing in the mailbox: the office keeps reading it in its
own mail client as before, and what has been filed is known from the database.
"""
from __future__ import annotations

import datetime as dt
import logging
import ssl
from collections.abc import Iterator
from dataclasses import dataclass

from imapclient import IMAPClient

from .settings import ImapSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fetched:
    uidvalidity: int
    uid: int
    raw: bytes
    arrived_at: dt.datetime  # the server's INTERNALDATE, aware


def connect(settings: ImapSettings) -> IMAPClient:
    context = ssl.create_default_context()
    client = IMAPClient(settings.host, port=settings.port, ssl=settings.security == "tls",
                        ssl_context=context if settings.security == "tls" else None, timeout=settings.timeout)
    client.normalise_times = False  # keep INTERNALDATE's own offset instead of naive local time
    if settings.security == "starttls":
        client.starttls(context)
    client.login(settings.user, settings.password)
    return client


class Mailbox:
    """One open, read-only view of the configured folder."""

    def __init__(self, settings: ImapSettings):
        self.settings = settings
        self.client = connect(settings)
        selected = self.client.select_folder(settings.folder, readonly=True)
        self.uidvalidity = int(selected[b"UIDVALIDITY"])

    def new_uids(self, after: int) -> list[int]:
        """UIDs above `after`, ascending (UID n:* always answers the last one, so filter)."""
        return sorted(uid for uid in self.client.search(["UID", f"{after + 1}:*"]) if uid > after)

    def fetch(self, uid: int) -> Fetched | None:
        """The whole message and its arrival time; None if it was expunged meanwhile."""
        response = self.client.fetch([uid], ["BODY.PEEK[]", "INTERNALDATE"])
        data = response.get(uid)
        if not data or b"BODY[]" not in data:
            return None
        arrived = data[b"INTERNALDATE"]
        if arrived.tzinfo is None:
            arrived = arrived.replace(tzinfo=dt.timezone.utc)
        return Fetched(self.uidvalidity, uid, bytes(data[b"BODY[]"]), arrived)

    def messages(self, after: int) -> Iterator[Fetched]:
        for uid in self.new_uids(after):
            fetched = self.fetch(uid)
            if fetched is not None:
                yield fetched

    def close(self) -> None:
        try:
            self.client.logout()
        except Exception:  # the connection may already be gone; nothing is pending on it
            log.debug("IMAP logout failed", exc_info=True)
