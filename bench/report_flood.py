"""A saved self-check's report.docx fetched over and over, and what it does to everyone else's latency.

    .venv/bin/python bench/report_flood.py [--connections 8] [--seconds 5] [--workers 2] [--code DIR]

Starts `consult serve` (SQLite, rate limits off, 2 workers as on a 2-core machine) from DIR (default: this
checkout), saves one self-check through the API, then times `GET /api/v1/document/art-3` alone and while
`--connections` clients fetch the report's .docx without pause (attack round 4, F12). Prints the median and
maximum latency of the probe in both phases, the report requests served, and their CPU per request measured
in-process. Run it with --code pointing at an older checkout for a before/after figure.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def probe(base: str, n: int = 20) -> tuple[float, float]:
    times = []
    with httpx.Client() as client:
        for _ in range(n):
            start = time.perf_counter()
            client.get(f"{base}/api/v1/document/art-3")
            times.append((time.perf_counter() - start) * 1000)
            time.sleep(0.05)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--code", default=str(ROOT))
    args = parser.parse_args()
    code = str(Path(args.code).resolve())
    sys.path.insert(0, str(ROOT))
    from tests.serving import free_port, start_serve, wait_until_served

    tmp = tempfile.mkdtemp(prefix="report_flood")
    port = free_port()
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/bench.db", CONSULT_INSTANCE=tmp, SECRET_KEY="bench",
               CONSULT_NOW="2025-11-20T10:00:00+08:00", RATELIMIT_ENABLED="false", WEB_THREADS="", PYTHONPATH=code)
    os.chdir(code)
    proc = start_serve(port, env, workers=args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_served(proc, base)
        example = httpx.get(f"{base}/api/v1/openapi.json").json()["components"]["schemas"]["SelfCheckIn"]["example"]
        token = httpx.post(f"{base}/api/v1/self-check", json={**example, "save": True}).json()["saved"]["url"]
        report = f"{base}/self-check/{token.rsplit('/', 1)[1]}/report.docx"
        alone = probe(base)
        stop = threading.Event()
        served: list[int] = []

        def hammer():
            with httpx.Client(timeout=30) as client:
                while not stop.is_set():
                    served.append(client.get(report).status_code)

        threads = [threading.Thread(target=hammer) for _ in range(args.connections)]
        for t in threads:
            t.start()
        time.sleep(1)
        started = time.perf_counter()
        busy = probe(base)
        time.sleep(max(0.0, args.seconds - (time.perf_counter() - started)))
        stop.set()
        for t in threads:
            t.join()
        print(f"code: {code}")
        print(f"probe alone:       median {alone[0]:.1f} ms, max {alone[1]:.1f} ms")
        print(f"probe under flood: median {busy[0]:.1f} ms, max {busy[1]:.1f} ms "
              f"({args.connections} connections on report.docx)")
        print(f"report requests answered: {len(served)} ({sorted(set(served))})")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
