"""Client CPU of one rate-limit counter call to Redis: the hand-packed EVALSHA of
consultation/intake/windows.py against redis-py's own `Script.__call__` of the same script.

    .venv/bin/python bench/redis_call.py [--calls 3000] [--rounds 5]

Needs Redis on 127.0.0.1:6379. Both run the same script with the same keys and argument (one counter with
two windows, as a per-address limit has), alternating round by round; printed: the median over the rounds
of time.process_time per call, in µs. The keys are built once: what is compared is the call itself.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from consultation.intake.windows import RedisWindows

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
    windows._client.delete(*keys)
    for name, values in samples.items():
        print(f"{name}: {statistics.median(values):.1f} µs CPU per call (rounds {[round(v, 1) for v in values]})")


if __name__ == "__main__":
    main()
