"""The outbox worker: delivers due mail at most once, never losing what was accepted.

Protocol (the states of `outbox.status`, each transition one committed UPDATE
that names the state it comes from, so two workers can never both win it):

    pending --claim--> sending --accepted--> sent
       ^                  |  \\--error (server said no / not reachable)--> pending (backoff) | failed
       |                  \\--lease expired (worker died)--> see below
       \\---- resend() (the office) ---- failed

1. Claim. A worker takes due rows (pending, next_attempt_at <= now): on PostgreSQL
   with `SELECT … FOR UPDATE SKIP LOCKED`, on SQLite with a conditional
   `UPDATE … WHERE status='pending' AND next_attempt_at <= now` whose rowcount
   says who won. The claim sets status=sending, attempts+1 (the attempt number
   is the fencing token: every later UPDATE checks it) and a lease
   (next_attempt_at = now + MAIL_LEASE), and clears message_id.
2. Envelope. MAIL FROM and RCPT TO are sent. Nothing is delivered yet: a server
   drops an unfinished transaction when the connection goes.
3. Point of no return. Before the DATA command the worker commits the message's
   stable Message-ID into the row (and renews the lease), only if it still
   holds the claim. From this commit on, "message_id set and still sending"
   means "the server may have the message".
4. Acceptance. Immediately after the server's reply to the end of DATA (250),
   the worker commits status=sent and sent_at in its own transaction.

Recovery of a row left in `sending` whose lease has expired (the worker was
killed, the machine rebooted):
- message_id NULL: the worker died before DATA; the server cannot have the
  message, so it goes back to pending and is sent again. Nothing is lost.
- message_id set: the worker died between step 3 and step 4, i.e. while the
  server was receiving the message or right after it accepted it. Whether it
  was delivered is unknowable from here, so it is NOT re-sent automatically
  (MAIL_ON_UNCERTAIN=hold, the default): it is marked failed with an
  "uncertain" note naming the Message-ID, for the office to check and resend
  with `resend()`. MAIL_ON_UNCERTAIN=resend re-sends it instead (at-least-once
  in that window of a few milliseconds; the repeat carries the same
  Message-ID, so a mail client can tell it is the same message).
  The same rule applies when the connection drops or times out during DATA.
- .eml files (no SMTP_HOST): the file name is derived from the row and written
  by an atomic rename, so recovery checks the file itself: exactly once.

A crash after step 4 leaves a row marked sent: it is never sent again.
Errors: a 4xx reply or an unreachable server is retried with exponential
backoff (MAIL_BACKOFF × 2^(attempt-1), capped at 6 h) until MAIL_MAX_ATTEMPTS,
then the row is failed; a 5xx reply (other than authentication) fails at once.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import signal
import socket
from dataclasses import dataclass, field

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session, selectinload

from consultation.models import OutboxMessage, Submission

from ..clock import utcnow
from . import caps
from .messages import MessageUnavailable, _domain, build_message, message_id_for
from .settings import MailSettings
from .transports import ClaimLost, PermanentFailure, TransientFailure, Uncertain, make_transport

log = logging.getLogger("consult.mail")

UNCERTAIN = "uncertain"
CHORES_EVERY = dt.timedelta(hours=1)


@dataclass
class Stats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    uncertain: int = 0
    recovered: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self):
        return (f"sent {self.sent}, retry later {self.retried}, failed {self.failed}, "
                f"uncertain {self.uncertain}, recovered {self.recovered}")


def backoff_delay(settings: MailSettings, attempt: int) -> float:
    return min(settings.backoff * 2 ** max(attempt - 1, 0), settings.backoff_cap)


# --- state transitions ------------------------------------------------------------------------------------

def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def claim(session: Session, now: dt.datetime, settings: MailSettings, limit: int = 20) -> list[tuple[int, int]]:
    """Take up to `limit` due rows for this worker; returns (id, attempt) pairs. Commits.

    The mail caps judge new rows first, in the same transaction, so no row is claimed unjudged.
    """
    caps.apply(session, now, settings)
    lease_until = now + dt.timedelta(seconds=settings.lease)
    due = and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
    claimed = []
    if _is_postgres(session):
        ids = list(session.scalars(select(OutboxMessage.id).where(due).order_by(OutboxMessage.next_attempt_at,
                                   OutboxMessage.id).limit(limit).with_for_update(skip_locked=True)))
        if ids:
            rows = session.execute(
                update(OutboxMessage).where(OutboxMessage.id.in_(ids), due)
                .values(status="sending", attempts=OutboxMessage.attempts + 1, next_attempt_at=lease_until,
                        message_id=None)
                .returning(OutboxMessage.id, OutboxMessage.attempts)).all()
            claimed = sorted((r[0], r[1]) for r in rows)
    else:
        candidates = list(session.scalars(select(OutboxMessage.id).where(due).order_by(
            OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)))
        for row_id in candidates:
            result = session.execute(
                update(OutboxMessage).where(OutboxMessage.id == row_id, due)
                .values(status="sending", attempts=OutboxMessage.attempts + 1, next_attempt_at=lease_until,
                        message_id=None)
                .returning(OutboxMessage.attempts))
            won = result.first()
            if won is not None:
                claimed.append((row_id, won[0]))
    session.commit()
    return claimed


def _fenced(row_id: int, attempt: int, *statuses: str):
    return and_(OutboxMessage.id == row_id, OutboxMessage.attempts == attempt,
                OutboxMessage.status.in_(statuses or ("sending",)))


def mark_point_of_no_return(session: Session, row_id: int, attempt: int, message_id: str,
                            now: dt.datetime, settings: MailSettings) -> bool:
    """Store the Message-ID before DATA, if this worker still holds the claim. Commits."""
    result = session.execute(
        update(OutboxMessage).where(_fenced(row_id, attempt), OutboxMessage.message_id.is_(None))
        .values(message_id=message_id, next_attempt_at=now + dt.timedelta(seconds=settings.lease)))
    session.commit()
    return result.rowcount == 1


def mark_sent(session: Session, row_id: int, attempt: int, now: dt.datetime, response: str) -> bool:
    """The acceptance record: its own transaction, right after the server's reply. Commits.

    Also taken from `failed` with the same attempt number: the lease recovery may
    have judged a slow (not dead) worker's send uncertain; the reply settles it.
    """
    for tries in range(5):
        try:
            result = session.execute(
                update(OutboxMessage).where(_fenced(row_id, attempt, "sending", "failed"),
                                            OutboxMessage.message_id.is_not(None))
                .values(status="sent", sent_at=now, last_error=None))
            session.commit()
            return result.rowcount == 1
        except Exception:  # the database blinked: the row stays "sending", retry the record
            session.rollback()
            if tries == 4:
                raise
    return False


def mark_error(session: Session, row_id: int, attempt: int, now: dt.datetime, settings: MailSettings,
               error: str, *, permanent: bool = False, keep_message_id: bool = False) -> str:
    """After a refused or impossible attempt: back to pending with backoff, or failed. Commits."""
    if permanent or attempt >= settings.max_attempts:
        values = dict(status="failed", last_error=error[:2000])
        outcome = "failed"
    else:
        values = dict(status="pending", last_error=error[:2000],
                      next_attempt_at=now + dt.timedelta(seconds=backoff_delay(settings, attempt)))
        outcome = "retry"
    if not keep_message_id:
        values["message_id"] = None
    session.execute(update(OutboxMessage).where(_fenced(row_id, attempt)).values(**values))
    session.commit()
    return outcome


def uncertain_note(message_id: str | None, detail: str) -> str:
    return (f"{UNCERTAIN}: {detail}; the server may have accepted it (Message-ID {message_id}). "
            f"Check the recipient's mailbox before resending.")


def recover_expired(session: Session, now: dt.datetime, settings: MailSettings, transport) -> Stats:
    """Rows whose worker died holding the claim. Commits."""
    stats = Stats()
    expired = and_(OutboxMessage.status == "sending", OutboxMessage.next_attempt_at <= now)
    query = select(OutboxMessage).where(expired).order_by(OutboxMessage.id).limit(200)
    if _is_postgres(session):
        query = query.with_for_update(skip_locked=True)
    rows = list(session.scalars(query))
    for row in rows:
        guard = and_(_fenced(row.id, row.attempts), OutboxMessage.next_attempt_at <= now,
                     OutboxMessage.message_id.is_(None) if row.message_id is None
                     else OutboxMessage.message_id == row.message_id)
        delivered = transport.already_delivered(row) if row.message_id is not None else False
        if delivered:
            values = dict(status="sent", sent_at=now, last_error=None)
        elif row.message_id is None:
            values = dict(status="pending" if row.attempts < settings.max_attempts else "failed", next_attempt_at=now,
                          last_error="the worker stopped before sending; not delivered, sending again")
        elif settings.resends_uncertain and row.attempts < settings.max_attempts:
            values = dict(status="pending", next_attempt_at=now,
                          last_error=uncertain_note(row.message_id, "the worker stopped during DATA; resent"))
        else:
            values = dict(status="failed", last_error=uncertain_note(row.message_id,
                                                                      "the worker stopped during DATA"))
        result = session.execute(update(OutboxMessage).where(guard).values(**values))
        if result.rowcount == 1:
            stats.recovered += 1
            if values["status"] == "failed" and row.message_id is not None:
                stats.uncertain += 1
            log.warning("outbox %s: lease expired in 'sending' -> %s", row.id, values["status"])
    session.commit()
    return stats


def resend(session: Session, outbox_id: int, *, force: bool = False) -> bool:
    """The office asks to send a failed message again (or, with force, a sent one). Commits.

    The row is due at once (next_attempt_at = now, on the real clock), its attempts start again from zero and it keeps its Message-ID
    (derived from the row), so a repeat can be recognised by the recipient.
    """
    row = session.get(OutboxMessage, outbox_id)
    if row is None:
        return False
    allowed = ("failed", "sent") if force else ("failed",)
    result = session.execute(
        update(OutboxMessage).where(OutboxMessage.id == outbox_id, OutboxMessage.status.in_(allowed))
        .values(status="pending", attempts=0, next_attempt_at=utcnow(), message_id=None, sent_at=None,
                last_error=f"resent by the office (was {row.status}: {(row.last_error or '')[:500]})"))
    session.commit()
    return result.rowcount == 1


def failures(session: Session, limit: int = 200) -> list[OutboxMessage]:
    """Failed messages, newest first: what the office has to look at."""
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.status == "failed")
                                .order_by(OutboxMessage.created_at.desc()).limit(limit)))


# --- the loop ---------------------------------------------------------------------------------------------

class Worker:
    def __init__(self, services, settings: MailSettings | None = None, transport=None, batch: int = 20,
                 clock=None, housekeeping=()):
        self.services = services
        # Chores of the continuous worker, each called with `services` once an hour (e.g. purging chat drafts).
        self.housekeeping = list(housekeeping)
        self._chores_at: dt.datetime | None = None
        # Retries, leases and the acceptance record measure elapsed time: the real clock, never CONSULT_NOW
        # (a frozen simulated clock would never reach a retry's time). The calendar stays services.now().
        self.clock = clock or utcnow
        self.settings = settings or MailSettings.from_env(services.settings.instance)
        self.transport = transport or make_transport(self.settings)
        self.batch = batch
        self.stopping = False
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        self.form_cache: dict = {}

    async def run_once(self) -> Stats:
        """Recover expired leases, then send everything due now; returns what happened."""
        stats = Stats()
        with self.services.session() as session:
            rec = recover_expired(session, self.clock(), self.settings, self.transport)
        stats.recovered, stats.uncertain = rec.recovered, rec.uncertain
        try:
            while not self.stopping:
                with self.services.session() as session:
                    claimed = claim(session, self.clock(), self.settings, self.batch)
                if not claimed:
                    break
                for index, (row_id, attempt) in enumerate(claimed):
                    if self.stopping:
                        # Not started: hand the rest back at once rather than waiting for the lease.
                        self._release(claimed[index:])
                        break
                    await self._send_one(row_id, attempt, stats)
        finally:
            self.form_cache.clear()
            await self.transport.close()
        return stats

    def _release(self, rows):
        with self.services.session() as session:
            for row_id, attempt in rows:
                session.execute(update(OutboxMessage).where(_fenced(row_id, attempt), OutboxMessage.message_id.is_(None))
                                .values(status="pending", attempts=OutboxMessage.attempts - 1,
                                        next_attempt_at=self.clock()))
            session.commit()

    async def _send_one(self, row_id: int, attempt: int, stats: Stats) -> None:
        svc, settings = self.services, self.settings
        with svc.session() as session:
            row = session.scalars(select(OutboxMessage).where(OutboxMessage.id == row_id).options(
                selectinload(OutboxMessage.submission).selectinload(Submission.comments))).one()
            message_id = message_id_for(row, _domain(settings.mail_from))
            recipient = row.recipient
            try:
                msg = build_message(row, svc.consultation, mail_from=settings.mail_from,
                                    secret_key=svc.settings.secret_key, receipt_url=svc.receipt_url,
                                    now=svc.now(),  # the Date header: the calendar users see
                                    form_cache=self.form_cache)
                del msg["Message-ID"]
                msg["Message-ID"] = message_id
            except MessageUnavailable as exc:
                mark_error(session, row_id, attempt, self.clock(), settings, f"cannot build the message: {exc}",
                           permanent=True)
                stats.failed += 1
                return
            except Exception as exc:  # a bug or bad data: retried with backoff, then failed; the pass goes on
                session.rollback()
                log.exception("outbox %s: building the message failed", row_id)
                outcome = mark_error(session, row_id, attempt, self.clock(), settings,
                                     f"cannot build the message: {exc!r}")
                stats.failed += outcome == "failed"
                stats.retried += outcome == "retry"
                return

        def before_data() -> bool:
            with svc.session() as s:
                return mark_point_of_no_return(s, row_id, attempt, message_id, self.clock(), settings)

        try:
            response = await self.transport.deliver(row_id, msg, recipient, before_data)
        except ClaimLost:
            log.warning("outbox %s: claim lost before DATA, not sent", row_id)
            return
        except PermanentFailure as exc:
            with svc.session() as s:
                mark_error(s, row_id, attempt, self.clock(), settings, f"refused: {exc}", permanent=True)
            stats.failed += 1
            stats.errors.append(str(exc))
            return
        except TransientFailure as exc:
            with svc.session() as s:
                outcome = mark_error(s, row_id, attempt, self.clock(), settings, str(exc))
            stats.failed += outcome == "failed"
            stats.retried += outcome == "retry"
            stats.errors.append(str(exc))
            return
        except Uncertain as exc:
            with svc.session() as s:
                if settings.resends_uncertain:
                    outcome = mark_error(s, row_id, attempt, self.clock(), settings,
                                         uncertain_note(message_id, str(exc)))
                    stats.retried += outcome == "retry"
                else:
                    mark_error(s, row_id, attempt, self.clock(), settings, uncertain_note(message_id, str(exc)),
                               permanent=True, keep_message_id=True)
                    stats.uncertain += 1
            stats.errors.append(str(exc))
            return
        with svc.session() as s:
            recorded = mark_sent(s, row_id, attempt, self.clock(), response)
        if recorded:
            stats.sent += 1
        else:
            log.error("outbox %s: delivered (%s) but the row was no longer ours", row_id, response)

    async def run_forever(self) -> None:
        loop = asyncio.get_running_loop()
        wake = asyncio.Event()

        def stop(*_):
            self.stopping = True
            wake.set()

        for sig in (signal.SIGTERM, signal.SIGINT):
            try:
                loop.add_signal_handler(sig, stop)
            except (NotImplementedError, RuntimeError):
                signal.signal(sig, stop)
        while not self.stopping:
            self._chores()
            try:
                stats = await self.run_once()
                if stats.sent or stats.failed or stats.retried or stats.recovered:
                    log.info("outbox: %s", stats)
            except Exception:  # a database outage must not kill the worker: log and poll again
                log.exception("outbox worker pass failed")
            try:
                await asyncio.wait_for(wake.wait(), timeout=self.settings.poll)
            except asyncio.TimeoutError:
                pass


    def _chores(self) -> None:
        now = self.clock()
        if self._chores_at is not None and now - self._chores_at < CHORES_EVERY:
            return
        self._chores_at = now
        for chore in self.housekeeping:
            try:
                chore(self.services)
            except Exception:  # a chore never stops the mail
                log.exception("worker chore %s failed", getattr(chore, "__name__", chore))


def run_once(services, settings: MailSettings | None = None, transport=None, clock=None) -> Stats:
    return asyncio.run(Worker(services, settings, transport, clock=clock).run_once())
