"""`consult mail-intake`: read the office's mailbox and file what arrived, pass after pass.

Each pass first finishes items a crash left half-filed, then reads the UIDs
above the highest one stored under the folder's current UIDVALIDITY and files
them one by one, each committed before the next is fetched. A dropped
connection ends the pass (nothing half-stored: see filing.py); the next pass
starts again from the last message stored.
"""
from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass, field

from imapclient.exceptions import IMAPClientError
from sqlalchemy import func, select

from consultation.services import Services

from . import filing
from .mailbox import Mailbox
from .models import InboundItem
from .settings import ImapSettings

log = logging.getLogger(__name__)


@dataclass
class PassResult:
    statuses: dict[str, int] = field(default_factory=dict)
    finished: int = 0
    error: str | None = None

    def count(self, status: str) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1


def last_uid(services: Services, mailbox: str, uidvalidity: int) -> int:
    with services.session() as session:
        return session.scalar(select(func.max(InboundItem.uid)).where(
            InboundItem.mailbox == mailbox, InboundItem.uidvalidity == uidvalidity)) or 0


def finish_pending(services: Services, result: PassResult) -> None:
    for item_id in filing.unfinished(services):
        filing.finish(services, item_id)
        result.finished += 1


def run_pass(services: Services, settings: ImapSettings) -> PassResult:
    """One pass over the folder; connection and protocol errors are reported in the result."""
    result = PassResult()
    finish_pending(services, result)
    box = None
    try:
        box = Mailbox(settings)
        for fetched in box.messages(last_uid(services, settings.mailbox, box.uidvalidity)):
            filed = filing.store_message(services, fetched.raw, mailbox=settings.mailbox,
                                         uidvalidity=fetched.uidvalidity, uid=fetched.uid,
                                         arrived_at=fetched.arrived_at)
            if filed.status == "filing":
                filed = filing.Filed(filed.item_id, filing.finish(services, filed.item_id))
            result.count(filed.status)
    except (OSError, EOFError, IMAPClientError) as exc:
        # Socket and TLS errors, a connection closed mid-response, IMAP errors: report, retry next pass.
        result.error = f"{type(exc).__name__}: {exc}"
    finally:
        if box is not None:
            box.close()
    if result.error:
        log.warning("mail intake pass stopped: %s", result.error)
    return result


def run_forever(services: Services, settings: ImapSettings, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    while not stop.is_set():
        result = run_pass(services, settings)
        log.info("mail intake pass: %s", result)
        stop.wait(settings.poll if not result.error else min(settings.poll, 30))
