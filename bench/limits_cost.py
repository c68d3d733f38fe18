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

    .venv/bin/python bench/limits_cost.py --instructions [--db sqlite|postgres] [--n 100] [--warm-up 4000] [--keep DIR]

The noise-free cross-check: instructions per request, counted by valgrind's callgrind (Debian package
`valgrind`), the same whatever the machine's load. Each variant runs in a process of its own under
callgrind with instrumentation off (start-up and imports run at valgrind's base speed); after a warm-up
of --warm-up requests the process asks callgrind, through `vgdb`, to count, sends --n requests and stops it.
PYTHONHASHSEED is fixed, so two runs agree to about 0.1 %. With --keep the callgrind files are kept, to
see where the added instructions go (`callgrind_annotate --inclusive=yes FILE`, compared between variants).
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import itertools
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
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
    ap.add_argument("--instructions", action="store_true",
                    help="count instructions per request under callgrind, one process per variant")
    ap.add_argument("--keep", type=Path, help="with --instructions: keep the callgrind files in this folder")
    ap.add_argument("--warm-up", type=int, default=4000,
                    help="with --instructions: requests stored before the count (the database's state)")
    ap.add_argument("--variant", help=argparse.SUPPRESS)  # a child of --instructions, run under callgrind
    args = ap.parse_args()
    if args.instructions:
        print(json.dumps(instructions(args), indent=2, ensure_ascii=False))
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-limits-"))
    from consultation.db import scratch_database

    with scratch_database(args.db, tmp, prefix="bench_limits") as url:
        os.environ.update(DATABASE_URL=url, CONSULT_INSTANCE=str(tmp), CONSULT_NOW="2025-11-20T10:00:00+08:00",
                          SECRET_KEY="bench")
        if args.variant:
            counted(args.variant, args.n, args.warm_up)
        else:
            print(json.dumps(measure(args.n, args.rounds, args.redis), indent=2, ensure_ascii=False))


VARIANTS = ("none", "data rules", "limits")
_COUNTER = itertools.count()  # numbers the bodies of every runner of the process: none is a repeat


def instructions(args) -> dict:
    """Each variant in its own process under callgrind (see the module's docstring), all at once: the
    count does not depend on the machine's load, so they need not take turns."""
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-limits-cg-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONHASHSEED="0")
    children = {}
    for variant in VARIANTS:
        out = folder / f"callgrind.{args.db}.{variant.replace(' ', '-')}"
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                   sys.executable, __file__, "--db", args.db, "--n", str(args.n), "--warm-up", str(args.warm_up),
                   "--variant", variant]
        children[variant] = out, subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    per_request = {}
    for variant, (out, child) in children.items():
        if child.wait() != 0:
            raise SystemExit(f"{variant}: the child under callgrind failed ({child.returncode})")
        totals = next(line for line in out.read_text().splitlines() if line.startswith("totals:"))
        per_request[variant] = int(totals.split()[1]) / args.n
    if not args.keep:
        shutil.rmtree(folder)

    def over(a: str, b: str) -> str:
        return f"{(per_request[a] / per_request[b] - 1) * 100:+.2f} %"

    return {"database": args.db, "requests counted per variant": args.n,
            "instructions per request": {k: round(v) for k, v in per_request.items()},
            "limits over data rules": over("limits", "data rules"),
            "data rules over none": over("data rules", "none"),
            "limits and data rules over none": over("limits", "none"),
            **({"callgrind files": str(folder)} if args.keep else {})}


def counted(variant: str, n: int, warm_up: int) -> None:
    """A child of --instructions: `warm_up` requests (at least n), then n requests counted by callgrind.
    The warm-up leaves the database as the CPU measurement's rounds do (--rounds 41 store ~12,000
    submissions; with only a few hundred, the repeat guard's table is one hot page and its claim is cheaper
    than in the CPU figures).

    On SQLite the WAL is checkpointed here, once before the counted requests and once after them (inside
    the count), instead of by the process's checkpointer every CHECKPOINT_EVERY seconds of the wall clock:
    under callgrind that clock runs ~50 times too fast for the work done, and the count would depend on
    when the thread woke. One checkpoint per --n 100 requests is about the production interval. The
    in-memory counters' sweep, due every SWEEP_EVERY seconds, is put off for the same reason."""
    from consultation.services import Services
    from consultation.storage import sqlite

    from consultation.intake import windows

    from consultation import submissions

    sqlite.CHECKPOINT_EVERY = 24 * 3600.0  # read by the checkpointer's first sleep, before anything connects
    # The references from a seeded generator: drawn from the OS, they land at other places of their unique
    # index in each run, and the index's page splits with them (±0.2 % a request between runs).
    submissions.secrets = types.SimpleNamespace(**{**vars(secrets), "randbits": random.Random(13).getrandbits})
    windows.SWEEP_EVERY = 24 * 3600.0  # likewise the in-memory counters' sweep (none in the CPU rounds either)
    url = os.environ["DATABASE_URL"]

    def checkpoint():
        if url.startswith("sqlite:///"):
            import sqlite3

            with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as conn:
                sqlite.checkpoint(conn)

    run = runner(make_apps(Services(), [variant]), n)
    for _ in range(max(1, warm_up // n)):
        run(variant)
    checkpoint()
    callgrind("instrumentation on")
    run(variant)
    checkpoint()
    callgrind("instrumentation off")


def callgrind(command: str) -> None:
    """A monitor command to the callgrind running this process, through vgdb. This process waits for vgdb
    blocked in a system call (vgdb wakes it with ptrace), so the wait itself adds no instructions."""
    subprocess.run(["vgdb", f"--pid={os.getpid()}", command], check=True, stdout=subprocess.DEVNULL)


def make_apps(svc, names, redis: bool = False) -> dict:
    """The variants' apps (see the module's docstring) on one set of services."""
    from web import create_app

    common = dict(RATE_LIMIT_FEEDBACK=high("RATE_LIMIT_FEEDBACK"), RATE_LIMIT_CONTACT=high("RATE_LIMIT_CONTACT"),
                  RATELIMIT_KEY_PREFIX=f"bench{uuid.uuid4().hex}")
    settings = {"none": dict(RATELIMIT_ENABLED=False), "data rules": dict(RATELIMIT_ENABLED=False),
                "limits": dict(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://"),
                "limits+redis": dict(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0")}
    return {name: create_app(svc, **settings[name], **common)
            for name in list(names) + (["limits+redis"] if redis else [])}


def runner(apps: dict, n: int):
    """run(name): n new submissions through the variant's app, each with other comments and another
    contact; CPU µs per request. "none" skips the repeat rule's fingerprint (and so its claim)."""
    from feedback_api import PAYLOAD

    from consultation.intake import repeats

    fingerprint = repeats.fingerprint

    def body() -> dict:
        i = next(_COUNTER)
        payload = copy.deepcopy(PAYLOAD)
        payload["comments"][1]["reason"] += f" #{i}"
        payload["submitter"]["email"] = f"bench{i}@example.com"
        payload["submitter"]["phone"] = f"138{i % 100_000_000:08d}"
        return payload

    def run(name: str) -> float:
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

    return run


def measure(n: int, rounds: int, redis: bool) -> dict:
    from consultation.intake import repeats
    from consultation.services import Services

    svc = Services()

    def make() -> dict:
        return make_apps(svc, VARIANTS, redis)

    runs = []  # (apps, their runner): a runner made after the steps are wrapped calls the wrapped ones

    def run(apps: dict, name: str) -> float:
        if not runs or runs[-1][0] is not apps:
            runs.append((apps, runner(apps, n)))
        return runs[-1][1](name)

    def rounds_of(apps: dict, measured) -> dict:
        for name in apps:  # warm-up: imports, compiled statements, the limiter's storage
            run(apps, name)
        names = list(apps)
        samples = {name: [] for name in names}
        for r in range(rounds):  # the order turns each round, so no variant always follows the same one
            for name in names[r % len(names):] + names[:r % len(names)]:
                samples[name].append(measured(apps, name))
        return samples

    samples = rounds_of(make(), run)
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
    from consultation.intake import contacts, fields
    from web import limits

    steps.wrap(submissions, "insert_rows", "storing")
    steps.wrap(limits.RequestLimits, "check", "limits")
    steps.wrap(contacts.Count, "before_store", "limits")  # in the storing transaction
    steps.wrap(limits, "parsed", None)
    steps.wrap(fields, "phone", None)

    def run_steps(apps: dict, name: str) -> dict:
        steps.totals.clear()
        run(apps, name)
        return {label: total / n * 1e6 for label, total in steps.totals.items()}

    step_samples = rounds_of(make(), run_steps)
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
