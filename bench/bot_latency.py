"""Telegram bot latency: update delivered by the Bot API emulator → the bot's first reply.

    .venv/bin/python bench/bot_latency.py [--users 60] [--think 1.0] [--db sqlite|postgres] [--pg-url postgresql://127.0.0.1/test]
                                          [--slow SECONDS]

Starts the Bot API emulator of the tests (tests/bot/emulator.py) on a loopback
port and `consult bot` as a real process against it (long polling, a fresh
database), then runs many simulated users at once, each through a script of
reading, a comment conversation and a confirmation (every event waits for the
previous reply, as a person does). For each update: the time the emulator
handed it to getUpdates → the time the bot's first sendMessage for that chat
arrived. That includes PTB's HTTP calls to the emulator on loopback and the
database commit, and excludes only the Internet.

--slow S adds one more user whose every sendMessage the emulator answers S
seconds late (a slow chat); the figures are those of the other users.
"""
from __future__ import annotations

import argparse
import random
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bot.emulator import BotApiEmulator

SCRIPT = [
    ("say", "/start"), ("say", "我们是省级高新区,可以申报哪一类示范区?"), ("press", "m:read"), ("press", "r:chapter-1"), ("press", "r:art-3"),
    ("press", "c:art-3"), ("press", "k:amend"), ("say", "建议将创建主体扩展到省级以上各类园区。"),
    ("say", "覆盖更多主体,便于申报。"), ("press", "more:go"), ("press", "cat:enterprise"), ("press", "consent:yes"),
    ("say", "基准测试"), ("say", "合肥某科技有限公司"), ("say", "13800138000"), ("press", "sum:send:"),
]


def process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def run_user(api: BotApiEmulator, user_id: int, latencies: list, failures: list, start: threading.Event,
             think: float):
    user = api.user(user_id, "zh")
    start.wait()
    rng = random.Random(user_id)
    try:
        for action, value in SCRIPT:
            if think:
                time.sleep(rng.uniform(0.5 * think, 1.5 * think))
            before = len(api.messages_to(user_id))
            update_id = user.send(value) if action == "say" else user.press_async(value)
            reply = api.wait_for(lambda: api.messages_to(user_id)[before:] or None, timeout=60)[0]
            latencies.append(reply["at"] - api.delivered_at[update_id])
            api.wait_confirmed(update_id, timeout=60)
    except Exception as exc:  # reported below
        failures.append(f"user {user_id}: {exc!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a user takes before the next message (0: as fast as replies come)")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-url", default="postgresql://127.0.0.1/test")
    parser.add_argument("--slow", type=float, default=0.0,
                        help="also run one user whose sends the Bot API answers this many seconds late")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bot-bench-"))
    admin, db_name = None, None
    if args.db == "postgres":
        db_name = f"bot_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg_url.replace("postgresql://", "postgresql+psycopg://"),
                              isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{db_name}"'))
        database_url = args.pg_url.rsplit("/", 1)[0] + "/" + db_name
    else:
        database_url = f"sqlite:///{tmp / 'bench.db'}"

    api = BotApiEmulator().start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "CONSULT_"))}
    env.update(TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url, DATABASE_URL=database_url,
               CONSULT_NOW="2025-11-20T10:00:00+08:00", CONSULT_INSTANCE=str(tmp), SECRET_KEY="bench",
               RATELIMIT_ENABLED="false", LOG_LEVEL="WARNING")
    bot = subprocess.Popen([sys.executable, "-c", "import sys; from commands import main; sys.exit(main())", "bot"],
                           cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=(tmp / "bot.log").open("wb"))
    try:
        api.wait_for(lambda: api.getupdates_calls > 0 or bot.poll() is not None, timeout=120)
        if bot.poll() is not None:
            sys.exit(f"bot did not start:\n{(tmp / 'bot.log').read_text()}")
        warm = api.user(1, "zh")  # warm-up: imports, first connections
        for _ in range(3):
            api.wait_confirmed(warm.send("/start"))

        latencies: list[float] = []
        failures: list[str] = []
        start = threading.Event()
        threads = [threading.Thread(target=run_user, args=(api, 10_000 + i, latencies, failures, start, args.think))
                   for i in range(args.users)]
        if args.slow:
            api.inject("sendMessage", delay=args.slow, times=10**6, chat_id=9_999)
            threads.append(threading.Thread(target=run_user, args=(api, 9_999, [], failures, start, 0.0)))
        for t in threads:
            t.start()
        cpu_before = process_cpu(bot.pid)
        self_before = time.process_time()
        began = time.perf_counter()
        start.set()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - began
        bot_cpu = process_cpu(bot.pid) - cpu_before
        driver_cpu = time.process_time() - self_before
    finally:
        bot.terminate()
        bot.wait(timeout=30)
        api.stop()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)'))

    ms = [x * 1000 for x in latencies]
    if args.slow:
        print(f"plus one user whose every send is answered {args.slow} s late (not in the figures)")
    print(f"database: {args.db}; users: {args.users} at once, think time ~{args.think} s; updates: {len(ms)} in {elapsed:.1f} s "
          f"({len(ms) / elapsed:.0f}/s); submissions: {args.users}")
    print(f"update delivered → first reply: p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 95):.1f} ms, "
          f"p99 {percentile(ms, 99):.1f} ms, max {max(ms):.1f} ms")
    print(f"CPU: bot process {bot_cpu:.1f} s ({bot_cpu / len(ms) * 1000:.1f} ms per update), "
          f"emulator + simulated users {driver_cpu:.1f} s; machine: {os.cpu_count()} CPUs")
    if failures or api.unknown or api.errors:
        print("FAILURES:", failures[:5], api.unknown, api.errors[:5])
        sys.exit(1)


if __name__ == "__main__":
    main()
