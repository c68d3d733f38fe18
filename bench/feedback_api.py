"""POST /api/v1/feedback under load, against the bare ceiling, in one run.

    .venv/bin/python bench/feedback_api.py [--db sqlite|postgres] [--requests 3000] [--concurrency 32]

Starts `consult serve` and bench/bare_app.py as real processes on loopback
ports, on a fresh database, and drives both from this process with 32
concurrent HTTP/1.1 keep-alive clients (httpx, asyncio).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from consultation.db import scratch_database

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = {
    "comments": [{"target": "art-3", "kind": "amend", "proposal": "建议将创建主体扩展到省级以上各类园区。",
                  "reason": "覆盖更多主体,便于申报。", "proposed_points": None},
                 {"target": "annex-1/16", "kind": "other", "reason": "PFLOPS 口径需说明。", "proposed_points": 6}],
    "submitter": {"category": "enterprise", "name": "基准测试", "organisation": "合肥某科技有限公司",
                  "phone": "13800138000", "email": "bench@example.com"},
    "consent": True,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


async def load(url: str, body: bytes, total: int, concurrency: int) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30,
                                 headers={"Content-Type": "application/json"}) as client:
        async def worker():
            nonlocal errors
            for _ in counter:
                start = time.perf_counter()
                r = await client.post(url, content=body)
                latencies.append(time.perf_counter() - start)
                if r.status_code != 201:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, elapsed, errors


def summarise(name, latencies, elapsed, errors):
    qs = statistics.quantiles(latencies, n=100)
    return {"target": name, "requests": len(latencies), "errors": errors, "throughput_rps": round(len(latencies) / elapsed, 1),
            "p50_ms": round(qs[49] * 1000, 1), "p99_ms": round(qs[98] * 1000, 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--concurrency", type=int, default=32)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-feedback-"))
    with scratch_database(args.db, tmp, prefix="bench_feedback") as db_url:
        run(args, tmp, db_url)


def run(args, tmp: Path, db_url: str) -> None:
    env = dict(os.environ, DATABASE_URL=db_url, CONSULT_INSTANCE=str(tmp), CONSULT_NOW="2025-11-20T10:00:00+08:00",
               SECRET_KEY="bench", PYTHONPATH=str(ROOT))
    consult = [sys.executable, "-c", "from commands import main; main()"]
    subprocess.run(consult + ["init-db"], env=env, check=True, capture_output=True)
    api_port, bare_port = free_port(), free_port()
    procs = [
        subprocess.Popen(consult + ["serve", "--port", str(api_port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen([sys.executable, str(ROOT / "bench" / "bare_app.py")], env=dict(env, PORT=str(bare_port)),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    try:
        wait_for(f"http://127.0.0.1:{api_port}/api/v1/openapi.json")
        wait_for(f"http://127.0.0.1:{bare_port}/")
        body = json.dumps(PAYLOAD, ensure_ascii=False).encode()
        results = []
        for name, url in (("bare", f"http://127.0.0.1:{bare_port}/bare"),
                          ("feedback", f"http://127.0.0.1:{api_port}/api/v1/feedback")):
            asyncio.run(load(url, body, 200, args.concurrency))  # warm-up
            results.append(summarise(name, *asyncio.run(load(url, body, args.requests, args.concurrency))))
        ratio = results[1]["throughput_rps"] / results[0]["throughput_rps"]
        print(json.dumps({"db": args.db, "concurrency": args.concurrency, "results": results,
                          "feedback_vs_bare": round(ratio, 3)}, indent=2))
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=10)


if __name__ == "__main__":
    main()
