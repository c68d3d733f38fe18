"""Public latency while staff download exports, under `consult serve` (attack round 7, F1).

    .venv/bin/python bench/export_interference.py [--db sqlite|postgres] [--submissions 1500] [--exporters 2]
        [--members 2] [--public 16] [--interval 0.2] [--duration 20] [--workers 2] [--tree PATH]

Starts `consult serve` (--workers, one thread each: the default) on a fresh database holding `--submissions`
submissions of 3 comments (bench/dataset.py's generator) and an editor account. Then two phases of
`--duration` seconds each, on the same server: "quiet" (public clients only) and "exports" (the same public
clients plus `--exporters` signed-in staff loops over `--members` accounts, each downloading comments.xlsx,
summary.docx, summary.xlsx and comments.csv in turn; a loop answered 429 (one export at a time per member)
waits its Retry-After, as a person would). Each public client sends, in
turn, a small POST /api/v1/feedback and a GET /api/v1/document/art-3, one every `--interval` seconds (or at
once when the last is answered late; 0: as fast as answered, which saturates the server).
Reports, per phase, the public answers' latency (p50, p90, p99, max), their statuses (a 408 would be a
body blamed on a client that sent it at once) and the exports done with their median time.

`--tree`: run the server from another checkout (the code before a change) with this script's clients,
for before/after figures on the same machine.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dataset import populate
from consultation.config import Settings
from consultation.db import scratch_database
from consultation.office.accounts import create_account
from consultation.services import Services

NOW = "2025-11-20T10:00:00+08:00"  # inside the window: public submissions are taken
PASSWORD = "bench export password"
EXPORTS = ("comments.xlsx", "summary.docx", "summary.xlsx", "comments.csv")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def sign_in(base: str, name: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=600)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/office/login").text).group(1)
    done = client.post("/office/login", data={"username": name, "password": PASSWORD, "csrf_token": token})
    assert done.status_code == 302, done.status_code
    return client


def phase(base: str, seconds: float, public: int, exporters: int, interval: float, same: int = 1) -> dict:
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: collections.Counter = collections.Counter()
    exported: list[float] = []
    export_statuses: collections.Counter = collections.Counter()

    def public_client(i: int):
        with httpx.Client(base_url=base, timeout=600) as client:
            n = 0
            due = time.monotonic() + interval * i / public  # spread over the interval
            while time.monotonic() < stop:
                time.sleep(max(0.0, due - time.monotonic()))
                due = max(due + interval, time.monotonic())
                n += 1
                start = time.perf_counter()
                if n % 2:
                    body = {"comments": [{"target": "art-5", "kind": "amend", "proposal": f"基准 {uuid.uuid4()}",
                                          "reason": "理由", "proposed_points": None}], "consent": True,
                            "submitter": {"category": "enterprise", "name": "基准", "organisation": "某单位",
                                          "email": f"b{uuid.uuid4().hex[:10]}@example.com"}}
                    code = client.post("/api/v1/feedback", json=body).status_code
                else:
                    code = client.get("/api/v1/document/art-3").status_code
                took = time.perf_counter() - start
                with lock:
                    latencies.append(took)
                    statuses[code] += 1

    def exporter(i: int):
        client = sign_in(base, f"clerk{i % same}")
        k = i
        while time.monotonic() < stop:
            name = EXPORTS[k % len(EXPORTS)]
            k += 1
            start = time.perf_counter()
            response = client.get(f"/office/exports/{name}")
            with lock:
                export_statuses[response.status_code] += 1
                if response.status_code == 200:
                    exported.append(time.perf_counter() - start)
            if response.status_code == 429:  # one export at a time per member: wait as told
                time.sleep(min(float(response.headers.get("Retry-After", 1)), max(0.0, stop - time.monotonic())))
        client.close()

    threads = [threading.Thread(target=public_client, args=(i,)) for i in range(public)]
    threads += [threading.Thread(target=exporter, args=(i,)) for i in range(exporters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ms = [x * 1000 for x in latencies]
    return {
        "public_answers": len(ms), "public_statuses": dict(statuses),
        "p50_ms": round(percentile(ms, 50), 1), "p90_ms": round(percentile(ms, 90), 1),
        "p99_ms": round(percentile(ms, 99), 1), "max_ms": round(max(ms), 1),
        "exports": len(exported), "export_statuses": dict(export_statuses),
        "export_median_s": round(statistics.median(exported), 2) if exported else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--pg-url", default="postgresql://127.0.0.1/test")
    ap.add_argument("--submissions", type=int, default=1500)
    ap.add_argument("--exporters", type=int, default=2)
    ap.add_argument("--members", type=int, default=2, help="staff accounts the export loops are spread over")
    ap.add_argument("--public", type=int, default=16)
    ap.add_argument("--interval", type=float, default=0.2)
    ap.add_argument("--duration", type=float, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--tree", default=str(ROOT), help="the checkout whose `consult serve` is measured")
    args = ap.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-interference-"))
    with scratch_database(args.db, folder, args.pg_url, prefix="bench_interference") as url:
        services = Services(Settings.from_env(instance=folder, database_url=url, secret_key="bench",
                                              consult_now=NOW))
        populate(services, submissions=args.submissions, comments_per=3)
        with services.session() as s:
            for i in range(args.members):
                create_account(s, f"clerk{i}", PASSWORD, "editor", actor="bench")
            s.commit()
        services.engine.dispose()
        port = free_port()
        env = dict(os.environ, DATABASE_URL=url, CONSULT_INSTANCE=str(folder), CONSULT_NOW=NOW, SECRET_KEY="bench",
                   RATELIMIT_ENABLED="false", REDIS_URL="", WEB_THREADS="", PYTHONPATH=args.tree)
        server = subprocess.Popen([sys.executable, "-c", "from commands import main; main()", "serve", "--port",
                                   str(port), "--workers", str(args.workers)], env=env, cwd=args.tree,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    if httpx.get(f"{base}/api/v1/openapi.json", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.3)
            phase(base, 3, args.public, 0, args.interval)  # warm-up
            result = {"tree": args.tree, "db": args.db, "workers": args.workers, "submissions": args.submissions,
                      "public_clients": args.public, "interval": args.interval, "exporters": args.exporters,
                      "members": args.members,
                      "quiet": phase(base, args.duration, args.public, 0, args.interval),
                      "exports": phase(base, args.duration, args.public, args.exporters, args.interval,
                                       args.members)}
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
