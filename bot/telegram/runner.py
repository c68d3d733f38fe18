"""Running the bot: long polling, or a webhook with its secret token checked.

Both confirm an update to Telegram only after it was handled (the core has
committed the new state and the reply was sent), unlike PTB's Updater, which
confirms updates as soon as they are queued: a bot killed mid-update gets that
update again on restart, and the core answers a repeat from its stored reply.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import signal
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut

from .shapes import fits

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
# While updates are in flight Telegram cannot long-poll for new ones without confirming those (an offset
# confirms everything below it), so the loop asks again this often: another chat waits at most this long.
INFLIGHT_POLL = 0.2
SWEEP_EVERY = 30.0
# 409 Conflict: another getUpdates overlapped this one (a deploy starting the new process before the old one has
# stopped). Pause and poll again: whichever process remains takes over; a repeated update is answered once anyway.
CONFLICT_PAUSE = 5.0


def webhook_secret(secret_key: str) -> str:
    """A stable secret token derived from SECRET_KEY (Telegram allows A-Z a-z 0-9 _ -)."""
    return hmac.new(secret_key.encode(), b"telegram-webhook", hashlib.sha256).hexdigest()[:48]


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):
            pass


async def _start(application, adapter) -> None:
    await application.initialize()  # getMe
    await adapter.set_commands(application.bot)


def process(application, update) -> asyncio.Future:
    """Handle one update through the application's update processor (per-chat order, chats in parallel)."""
    return application.update_processor.process_update(update, application.process_update(update))


async def _sweeper(application, adapter, stop: asyncio.Event) -> None:
    """Deliver replies still owed (left by a crash or by another process), now and every SWEEP_EVERY s."""
    while not stop.is_set():
        try:
            await adapter.delivery.sweep(application.bot)
        except Exception:  # logged; the next round tries again
            log.exception("telegram: outbox sweep failed")
        try:
            await asyncio.wait_for(stop.wait(), SWEEP_EVERY)
        except TimeoutError:
            pass


async def polling(application, adapter, stop: asyncio.Event, *, timeout: int = 10) -> None:
    """Fetch and handle updates without a batch barrier; confirm only what was handled.

    Telegram confirms every update below the `offset` of the next getUpdates. Updates are
    handled as they arrive (concurrently across users; per-user order is kept by the adapter's
    FIFO locks), and the offset only moves past the oldest update still being handled, so a kill
    loses no unhandled update. Unconfirmed updates come back from getUpdates at once: those
    already being handled are skipped, and the loop then waits for one to finish instead of spinning.
    """
    await _start(application, adapter)
    inflight: dict[int, asyncio.Task] = {}
    highest = None  # highest update_id ever taken

    def offset():
        if inflight:
            return min(inflight)
        return highest + 1 if highest is not None else None

    sweeper = asyncio.create_task(_sweeper(application, adapter, stop))
    try:
        await application.bot.delete_webhook(drop_pending_updates=False)
        log.info("polling for updates")
        stopper = asyncio.create_task(stop.wait())
        while not stop.is_set():
            fetch = asyncio.create_task(application.bot.get_updates(
                offset=offset(), timeout=0 if inflight else timeout, allowed_updates=ALLOWED_UPDATES))
            await asyncio.wait({fetch, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if not fetch.done():
                fetch.cancel()
                break
            try:
                updates = fetch.result()
            except RetryAfter as exc:
                retry = exc.retry_after
                await asyncio.sleep(retry.total_seconds() if hasattr(retry, "total_seconds") else float(retry))
                continue
            except (NetworkError, TimedOut) as exc:
                log.warning("getUpdates failed: %s", exc)
                await asyncio.sleep(1)
                continue
            except Conflict as exc:
                log.warning("getUpdates conflict (another poller?): %s; polling again in %.0f s", exc, CONFLICT_PAUSE)
                await asyncio.sleep(CONFLICT_PAUSE)
                continue
            except InvalidToken:
                raise  # the token is wrong: nothing to wait for
            except TelegramError as exc:  # any other refusal of one poll must not stop the bot
                log.warning("getUpdates refused: %s", exc)
                await asyncio.sleep(1)
                continue
            fresh = [u for u in updates if highest is None or u.update_id > highest]
            for update in fresh:
                highest = update.update_id
                task = asyncio.create_task(process(application, update))
                inflight[update.update_id] = task
                task.add_done_callback(lambda _t, uid=update.update_id: inflight.pop(uid, None))
            if inflight and not fresh:
                # Everything Telegram returned is already in hand: wait for progress, or a moment (another
                # chat's new message must not wait for a slow one).
                await asyncio.wait(set(inflight.values()) | {stopper}, timeout=INFLIGHT_POLL,
                                   return_when=asyncio.FIRST_COMPLETED)
        if inflight:
            await asyncio.wait(set(inflight.values()), timeout=30)
        if highest is not None:
            try:  # confirm what was handled, without waiting
                await application.bot.get_updates(offset=offset(), timeout=0, allowed_updates=ALLOWED_UPDATES)
            except Exception:  # shutting down; a repeat is answered from the store anyway
                log.warning("could not confirm the last updates", exc_info=True)
        stopper.cancel()
    finally:
        sweeper.cancel()
        await application.shutdown()


def run_polling(application, adapter) -> None:
    async def main():
        stop = asyncio.Event()
        _stop_on_signals(stop)
        await polling(application, adapter, stop)
    asyncio.run(main())


def _update(body: bytes, bot):
    """The webhook body as an Update, or None for one that can never be read (not JSON, not an object,
    nested too deep, a field out of range such as a date of 1e20, a field our handlers read of another
    JSON type, such as a text that is an object: shapes.py): logged, never raised, since the sender
    would repeat the same bytes for as long as the answer is an error (Bot API, setWebhook)."""
    try:
        data = json.loads(body)
        update = Update.de_json(data, bot) if data.__class__ is dict and fits(data) else None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError) as exc:
        log.warning("webhook: dropped an update that cannot be read (%d bytes): %s", len(body),
                    exc.__class__.__name__)
        return None
    if update is None:
        log.warning("webhook: dropped a body that is not an update or has fields of the wrong type (%d bytes)", len(body))
    return update


async def webhook(application, adapter, stop: asyncio.Event, *, url: str, listen: str, port: int,
                  secret: str, ready: asyncio.Event | None = None) -> None:
    import tornado.httpserver  # only needed for webhooks (python-telegram-bot[webhooks])
    import tornado.web

    path = urlsplit(url).path or "/"

    class Hook(tornado.web.RequestHandler):
        async def post(self):
            given = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                self.set_status(403)
                self.finish("forbidden")
                return
            update = _update(self.request.body, application.bot)
            if update is None:
                # Acknowledged and dropped: Telegram repeats every answer other than 2XY (400 as well as
                # 500) until it gives up, so a body no retry can make readable gets 200 (logged).
                self.finish("dropped")
                return
            await process(application, update)  # 200 only once handled: Telegram retries otherwise
            self.finish("ok")

    await _start(application, adapter)
    sweeper = asyncio.create_task(_sweeper(application, adapter, stop))
    app = tornado.web.Application([(path, Hook)])
    server = tornado.httpserver.HTTPServer(app, max_body_size=1024 * 1024)
    server.listen(port, address=listen)
    try:
        await application.bot.set_webhook(url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        log.info("webhook %s listening on %s:%s%s", url, listen, port, path)
        if ready is not None:
            ready.set()
        await stop.wait()
    finally:
        sweeper.cancel()
        server.stop()
        await application.shutdown()


def run_webhook(application, adapter, *, url: str, listen: str, port: int, secret: str) -> None:
    async def main():
        stop = asyncio.Event()
        _stop_on_signals(stop)
        await webhook(application, adapter, stop, url=url, listen=listen, port=port, secret=secret)
    asyncio.run(main())
