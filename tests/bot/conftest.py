"""The Bot API emulator and the bot as a real process (`consult bot`) against it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import OPEN_NOW

from .emulator import BotApiEmulator

ROOT = Path(__file__).resolve().parents[2]
CLOSED_NOW = "2025-12-20T10:00:00+08:00"


@pytest.fixture
def api():
    emulator = BotApiEmulator().start()
    yield emulator
    emulator.stop()
    assert emulator.unknown == [], f"the bot called methods the emulator does not know: {emulator.unknown}"
    assert emulator.errors == [], f"the Bot API refused calls: {emulator.errors}"


class BotProcess:
    """`consult bot` in a subprocess, restartable, with its log kept for failures."""

    def __init__(self, api: BotApiEmulator, env: dict, log_path: Path, args=()):
        self.api, self.env, self.log_path, self.args = api, env, log_path, list(args)
        self.proc: subprocess.Popen | None = None

    def start(self, wait_ready: bool = True) -> "BotProcess":
        ready_calls = self.api.getupdates_calls
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from commands import main; sys.exit(main())", "bot", *self.args],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        if wait_ready and not self.args:
            self.api.wait_for(lambda: self.api.getupdates_calls > ready_calls or self.proc.poll() is not None,
                              timeout=60)
            assert self.proc.poll() is None, self.log()
        return self

    def stop(self, sig=signal.SIGTERM, timeout: float = 20) -> int:
        assert self.proc is not None
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=timeout)
        self.proc = None
        return code

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture
def bot_factory(api, services, database_url, instance_dir, tmp_path):
    started: list[BotProcess] = []

    def make(now: str = OPEN_NOW, args=(), **extra_env) -> BotProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "CONSULT_"))}
        env.update(TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url, DATABASE_URL=database_url,
                   CONSULT_NOW=now, SECRET_KEY=services.settings.secret_key, CONSULT_INSTANCE=str(instance_dir),
                   BASE_URL=services.settings.base_url, RATELIMIT_ENABLED="false",
                   PYTHONUNBUFFERED="1")
        env.update({k: str(v) for k, v in extra_env.items()})
        bot = BotProcess(api, env, tmp_path / f"bot-{len(started)}.log", args)
        started.append(bot)
        return bot

    yield make
    for bot in started:
        if bot.proc is not None and bot.proc.poll() is None:
            bot.proc.kill()
            bot.proc.wait()


@pytest.fixture
def bot(bot_factory):
    process = bot_factory().start()
    yield process
    if process.proc is not None:
        assert process.stop() == 0, process.log()


@pytest.fixture
def running(services, api):
    """The Telegram adapter polling the emulator in this process (PTB's real network stack), its per-user
    limit off: a scripted user types faster than anyone."""
    import asyncio
    import threading

    from bot.core.ratelimit import UserLimiter
    from bot.telegram import build_application
    from bot.telegram.runner import polling

    application, adapter = build_application(services, api.token, base_url=api.base_url)
    adapter.limiter = UserLimiter("telegram", active=False)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    thread = threading.Thread(target=loop.run_until_complete, args=(polling(application, adapter, stop, timeout=1),))
    thread.start()
    api.wait_for(lambda: api.getupdates_calls > 0)
    yield adapter
    loop.call_soon_threadsafe(stop.set)
    thread.join(timeout=30)
    assert not thread.is_alive()
    loop.close()
