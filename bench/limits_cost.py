"""What the request limits and the data rules cost a feedback submission, as CPU time per request in-process.

    .venv/bin/python bench/limits_cost.py [--db sqlite|postgres] [--n 300] [--rounds 7] [--redis]

Each request is a POST /api/v1/feedback through Flask's test client, storing a new submission: every body
differs in its comments and in its contact (email and phone), so it measures storing, never the repeat
path, and no limit is reached (their windows are the defaults', their amounts raised far above --n). Variants, interleaved round by round (so
that the database's growth and the machine's other load fall on each alike), on one database:

  none         RATELIMIT_ENABLED=false and the repeat rule skipped (no fingerprint, no guard claimed)
  data rules   RATELIMIT_ENABLED=false (the repeat rule on, as always in production)
  limits       RATELIMIT_ENABLED=true, in-memory counters (the embedded default), data rules on
  limits+redis the same with the counters in Redis on 127.0.0.1:6379 (--redis)

CPU is time.process_time of this process: throughput on 2 shared cores is too noisy for a 5 % budget,
CPU per request is not (it excludes waiting for PostgreSQL or Redis, which is I/O, not work here).
Printed: the median over the rounds of each variant's CPU per request, and each overhead as the median
(and quartiles) of the ratio of two variants' CPU in the same round: paired, so that the load other people
put on the machine, which drifts from round to round, falls on both sides of each ratio alike.
"""
from __future__ import annotations

import argparse
import copy
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]



def high(variable: str) -> str:
    """The default limits of `variable` (web/limits.py), each window kept and its amount raised to a
    million: the same counters per request as in production, never reached."""
    from limits import parse_many

    from web.limits import LIMITS

    default = next(value for var, value, _endpoints in LIMITS.values() if var == variable)
    return ";".join(f"1000000/{item.multiples} {item.GRANULARITY.name}" for item in parse_many(default))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--redis", action="store_true", help="also measure the limits with Redis storage")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-limits-"))
    from consultation.db import scratch_database

    with scratch_database(args.db, tmp, prefix="bench_limits") as url:
        os.environ.update(DATABASE_URL=url, CONSULT_INSTANCE=str(tmp), CONSULT_NOW="2025-11-20T10:00:00+08:00",
                          SECRET_KEY="bench")
        print(json.dumps(measure(args.n, args.rounds, args.redis), indent=2, ensure_ascii=False))


def measure(n: int, rounds: int, redis: bool) -> dict:
    from feedback_api import PAYLOAD

    from consultation.intake import repeats
    from consultation.services import Services
    from web import create_app

    svc = Services()
    common = dict(RATE_LIMIT_FEEDBACK=high("RATE_LIMIT_FEEDBACK"), RATE_LIMIT_CONTACT=high("RATE_LIMIT_CONTACT"),
                  RATELIMIT_KEY_PREFIX=f"bench{uuid.uuid4().hex}")

    def make_apps() -> dict:
        apps = {"none": create_app(svc, RATELIMIT_ENABLED=False, **common),
                "data rules": create_app(svc, RATELIMIT_ENABLED=False, **common),
                "limits": create_app(svc, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", **common)}
        if redis:
            apps["limits+redis"] = create_app(svc, RATELIMIT_ENABLED=True,
                                              RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0", **common)
        return apps

    counter = itertools.count()
    fingerprint = repeats.fingerprint

    def body() -> dict:
        i = next(counter)
        payload = copy.deepcopy(PAYLOAD)
        payload["comments"][1]["reason"] += f" #{i}"
        payload["submitter"]["email"] = f"bench{i}@example.com"
        payload["submitter"]["phone"] = f"138{i % 100_000_000:08d}"
        return payload

    def run(apps: dict, name: str) -> float:
        client = apps[name].test_client()
        bodies = [body() for _ in range(n)]
        repeats.fingerprint = (lambda *a: None) if name == "none" else fingerprint
        try:
            start = time.process_time()
            for payload in bodies:
                response = client.post("/api/v1/feedback", json=payload)
                assert response.status_code == 201, (name, response.status_code, response.get_data(as_text=True)[:200])
            return (time.process_time() - start) / n * 1e6
        finally:
            repeats.fingerprint = fingerprint

    def rounds_of(apps: dict, measured) -> dict:
        for name in apps:  # warm-up: imports, compiled statements, the limiter's storage
            run(apps, name)
        names = list(apps)
        samples = {name: [] for name in names}
        for r in range(rounds):  # the order turns each round, so no variant always follows the same one
            for name in names[r % len(names):] + names[:r % len(names)]:
                samples[name].append(measured(apps, name))
        return samples

    samples = rounds_of(make_apps(), run)
    cpu = {name: round(statistics.median(values), 1) for name, values in samples.items()}

    def over(a: str, b: str) -> str:
        """Median over the rounds of a's CPU over b's in the same round (paired: the machine's load drifts
        between rounds), with the quartiles of that ratio."""
        ratios = [(x / y - 1) * 100 for x, y in zip(samples[a], samples[b])]
        q1, q2, q3 = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
        return f"{q2:+.1f} % (quartiles {q1:+.1f} … {q3:+.1f})"

    out = {"requests per variant and round": n, "rounds": rounds, "CPU µs per request (median)": cpu,
           "spread µs (min–max)": {k: [round(min(v), 1), round(max(v), 1)] for k, v in samples.items()},
           "limits over data rules": over("limits", "data rules"),
           "data rules over none": over("data rules", "none"),
           "limits and data rules over none": over("limits", "none")}
    if redis:
        out["limits+redis over data rules"] = over("limits+redis", "data rules")
        out["limits+redis and data rules over none"] = over("limits+redis", "none")

    # The steps themselves: CPU inside the calls the rules add, timed around each call in a second pass
    # (the timers' own cost stays out of the first). What the limits' check does for the view (parsing the
    # body, normalising the phone: the view then finds both done) is subtracted from the check. The repeat
    # rule's claim is sent with the INSERTs (consultation/intake/repeats.py): its cost is the difference
    # between the variants' "storing" (insert_rows), printed beside the steps.
    steps = Steps()
    steps.wrap(repeats, "fingerprint", "data rules")
    steps.wrap(repeats, "claim", "data rules")
    steps.wrap(repeats, "earlier", "data rules")
    from consultation import submissions
    from consultation.intake import fields
    from web import limits

    steps.wrap(submissions, "insert_rows", "storing")
    steps.wrap(limits.RequestLimits, "check", "limits")
    steps.wrap(limits, "parsed", None)
    steps.wrap(fields, "phone", None)
    fingerprint = repeats.fingerprint

    def run_steps(apps: dict, name: str) -> dict:
        steps.totals.clear()
        run(apps, name)
        return {label: total / n * 1e6 for label, total in steps.totals.items()}

    step_samples = rounds_of(make_apps(), run_steps)
    base = {name: statistics.median(values) for name, values in samples.items()}
    storing = {name: statistics.median(r.get("storing", 0.0) for r in per_round)
               for name, per_round in step_samples.items()}
    out["storing (insert_rows), CPU µs per request (median)"] = {k: round(v, 1) for k, v in storing.items()}
    for name, per_round in step_samples.items():
        if name == "none":
            continue
        added = {label: statistics.median(r.get(label, 0.0) for r in per_round) for label in ("data rules", "limits")}
        added["the claim (storing over none's)"] = storing[name] - storing["none"]
        total = sum(added.values())
        out[f"steps of {name}, CPU µs per request (median)"] = {label: round(v, 1) for label, v in added.items()}
        out[f"steps of {name} over none's request"] = f"{total / base['none'] * 100:+.1f} %"
    return out


class Steps:
    """CPU time spent inside wrapped functions, by label; a call inside another's is charged to its own
    label (or, with the label None, to nobody) and not to the outer one."""

    def __init__(self):
        self.totals: dict[str, float] = {}
        self._stack: list[float] = []

    def wrap(self, owner, attribute: str, label: str | None) -> None:
        fn = getattr(owner, attribute)
        stack, totals = self._stack, self.totals

        def timed(*args, **kwargs):
            stack.append(0.0)
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = time.process_time() - start
                inner = stack.pop()
                if stack:
                    stack[-1] += elapsed
                if label is not None:
                    totals[label] = totals.get(label, 0.0) + elapsed - inner

        setattr(owner, attribute, timed)


if __name__ == "__main__":
    main()
