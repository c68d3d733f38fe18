"""Client CPU of one rate-limit counter call to Redis: the hand-packed EVALSHA of
consultation/intake/windows.py against redis-py's own `Script.__call__` of the same script.

    .venv/bin/python bench/redis_call.py [--calls 3000] [--rounds 5]

Needs Redis on 127.0.0.1:6379. Both run the same script with the same keys and argument (one counter with
two windows, as a per-address limit has), alternating round by round; printed: the median over the rounds
of time.process_time per call, in µs. The keys are built once: what is compared is the call itself.
Then the wall time of each hand-packed call (percentiles and the slowest), against READ_TIMEOUT: how much
margin the timeout a request may wait on a Redis that stopped answering leaves a healthy one.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from consultation.intake.windows import CONNECT_TIMEOUT, READ_TIMEOUT, RedisWindows

URL = "redis://127.0.0.1:6379/0"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    windows = RedisWindows(URL, "/".join)
    prefix = f"bench-redis-call-{uuid.uuid4().hex}"
    keys = [f"{prefix}/a/minute", f"{prefix}/a/hour"]
    numbers = ",".join(["1000000000", "60000", "1000000000", "3600000"])

    def hand_packed() -> None:
        windows._call(windows._acquire, keys, (numbers,))

    def redis_py() -> None:
        windows._acquire(keys=keys, args=[numbers])

    samples: dict[str, list[float]] = {"hand-packed EVALSHA": [], "redis-py Script.__call__": []}
    calls = {"hand-packed EVALSHA": hand_packed, "redis-py Script.__call__": redis_py}
    for call in calls.values():  # warm-up: connections, the script loaded
        call()
    for _ in range(args.rounds):
        for name, call in calls.items():
            start = time.process_time()
            for _ in range(args.calls):
                call()
            samples[name].append((time.process_time() - start) / args.calls * 1e6)
    walls = []
    for _ in range(args.rounds * args.calls):
        start = time.perf_counter()
        hand_packed()
        walls.append(time.perf_counter() - start)
    windows._client.delete(*keys)
    for name, values in samples.items():
        print(f"{name}: {statistics.median(values):.1f} µs CPU per call (rounds {[round(v, 1) for v in values]})")
    walls.sort()
    at = {p: walls[min(len(walls) - 1, int(len(walls) * p / 100))] * 1000 for p in (50, 99, 99.9)}
    print(f"hand-packed EVALSHA wall time over {len(walls)} calls: p50 {at[50]:.3f} ms, p99 {at[99]:.3f} ms, "
          f"p99.9 {at[99.9]:.3f} ms, slowest {walls[-1] * 1000:.3f} ms; timeouts: connect "
          f"{CONNECT_TIMEOUT * 1000:g} ms, read {READ_TIMEOUT * 1000:g} ms")


if __name__ == "__main__":
    main()
