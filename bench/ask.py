"""Answer latency of the guidance engine over every evaluation set's questions, and the index build time.

    .venv/bin/python bench/ask.py [--rounds 20]

The start-up is timed in a fresh process (warm_up: jieba's dictionary, the draft, the lexicon, BM25, the
administrative divisions and their English names).
Each round answers every evaluation question once, in a shuffled order, in this process (the same call
the web, the API, the CLI and the bot make); the first answer of each question is timed cold (its
tokens not yet cached), the later ones warm. The CPU time of each answer (time.thread_time) is printed too: on
a machine shared with other work, wall time includes waiting for a core, CPU time does not.
"""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    build = subprocess.run(
        [sys.executable, "-c", "import time; t=time.perf_counter(); from guidance.answer import warm_up; "
                               "warm_up(); print(time.perf_counter()-t)"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    build_s = float(build.stdout.strip().splitlines()[-1])

    from guidance.answer import answer
    from guidance.evaluate import all_questions
    from guidance.index import get_index

    get_index()
    questions = [item["q"] for item in all_questions()]
    rng = random.Random(7)
    cold, warm, cpu = [], [], []
    for r in range(args.rounds):
        order = questions[:]
        rng.shuffle(order)
        for q in order:
            t, c = time.perf_counter(), time.thread_time()
            answer(q)
            (cold if r == 0 else warm).append((time.perf_counter() - t) * 1000)
            cpu.append((time.thread_time() - c) * 1000)
    everything = cold + warm
    print(f"start-up, warm_up() (fresh process): {build_s * 1000:.0f} ms")
    print(f"{len(questions)} questions x {args.rounds} rounds = {len(everything)} answers")
    for name, xs in (("cold (first round)", cold), ("warm", warm), ("all", everything), ("CPU time, all", cpu)):
        if not xs:  # --rounds 1: every answer is a first one
            continue
        print(f"  {name:18s} p50 {statistics.median(xs):.2f} ms  p95 {pct(xs, 95):.2f} ms  "
              f"p99 {pct(xs, 99):.2f} ms  max {max(xs):.2f} ms")


if __name__ == "__main__":
    main()
