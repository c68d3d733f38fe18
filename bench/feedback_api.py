"""POST /api/v1/feedback under load, against the bare ceiling, in one run.

    .venv/bin/python bench/feedback_api.py [--db sqlite|postgres] [--rounds 3] [--duration 20] [--concurrency 32]

Starts `consult serve` and bench/bare_app.py (same server, workers and threads)
as real processes on loopback ports, on a fresh database, and drives each with
wrk (Debian package `wrk`: a C load generator, so the clients take little of the
two cores from the servers): 32 concurrent keep-alive connections, each sending
its next request as soon as the last is answered. Rounds alternate bare and
feedback so both see the same machine. Afterwards the rows in the database are
counted against the 201 answers: an answered submission that is missing would
be a lost one.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select

from consultation.db import normalise_url, scratch_database
from consultation.models import Submission

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = {
    "comments": [{"target": "art-3", "kind": "amend", "proposal": "建议将创建主体扩展到省级以上各类园区。",
                  "reason": "覆盖更多主体,便于申报。", "proposed_points": None},
                 {"target": "annex-1/16", "kind": "other", "reason": "PFLOPS 口径需说明。", "proposed_points": 6}],
    "submitter": {"category": "enterprise", "name": "基准测试", "organisation": "合肥某科技有限公司",
                  "phone": "13800138000", "email": "bench@example.com"},
    "consent": True,
}
# Each request's body differs in MARK (the run, its wrk thread and a counter): identical bodies would be held as
# one submission by the repeat rule (consultation/intake/repeats.py), and the benchmark would measure that.
MARK = "@N@"


def body_template() -> bytes:
    payload = json.loads(json.dumps(PAYLOAD))
    payload["comments"][1]["reason"] += f" #{MARK}"
    return json.dumps(payload, ensure_ascii=False).encode()


# wrk calls setup() per thread, request() per request, and done() once at the end with its latency
# histogram (microseconds).
WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open(os.getenv("BENCH_BODY"), "rb"); local template = f:read("*a"); f:close()
local run = os.getenv("BENCH_RUN")
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
local counter = 0
request = function()
  counter = counter + 1
  local body = template:gsub("@N@", run .. "-" .. tid .. "-" .. counter)
  return wrk.format(nil, nil, nil, body)
end
done = function(summary, latency, requests)
  io.write(string.format('RESULT {"requests":%d,"duration_us":%d,"non2xx":%d,"socket_errors":%d,'
    .. '"p50_ms":%.1f,"p90_ms":%.1f,"p99_ms":%.1f,"max_ms":%.1f}\\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 300) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def cpu_seconds(pid: int) -> dict[int, float]:
    """User + system CPU of a process and of each of its children still alive (the server's workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for proc in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{proc}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        seconds[proc] = (int(fields[11]) + int(fields[12])) / tick
    return seconds


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids = (task / "children").read_text().split()
        for kid in map(int, kids):
            found += [kid, *children(kid)]
    return found


def machine_control_ms() -> float:
    """CPU time of a fixed pure-Python loop: when it moves between rounds, the machine's speed moved
    (a shared host), and figures from those rounds are not comparable."""
    start = time.process_time()
    sum(i * i for i in range(1_000_000))
    return round((time.process_time() - start) * 1000, 1)


def wrk(url: str, seconds: int, concurrency: int, workdir: Path) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{concurrency}", f"-d{seconds}s", "--latency", "-s",
                          str(workdir / "post.lua"), url], env=dict(os.environ, BENCH_BODY=str(workdir / "body.json"), BENCH_RUN=str(time.time_ns())),
                         check=True, capture_output=True, text=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("RESULT "))
    result = json.loads(line[len("RESULT "):])
    result["throughput_rps"] = round(result["requests"] / (result["duration_us"] / 1e6), 1)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=20, help="seconds per measured run")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--workers", type=int, default=None, help="default: as `consult serve` (one per core)")
    ap.add_argument("--threads", type=int, default=None, help="default: as `consult serve`")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")

    tmp = Path(tempfile.mkdtemp(prefix="bench-feedback-"))
    (tmp / "post.lua").write_text(WRK_SCRIPT)
    (tmp / "body.json").write_bytes(body_template())
    with scratch_database(args.db, tmp, prefix="bench_feedback") as db_url:
        print(json.dumps(run(args, tmp, db_url), indent=2, ensure_ascii=False))


def run(args, tmp: Path, db_url: str) -> dict:
    from web.server import default_threads, default_workers

    workers = args.workers or default_workers()
    threads = args.threads or default_threads()
    env = dict(os.environ, DATABASE_URL=db_url, CONSULT_INSTANCE=str(tmp), CONSULT_NOW="2025-11-20T10:00:00+08:00",
               SECRET_KEY="bench", PYTHONPATH=str(ROOT), RATELIMIT_ENABLED="false")
    consult = [sys.executable, "-c", "from commands import main; main()"]
    subprocess.run(consult + ["init-db"], env=env, check=True, capture_output=True)
    api_port, bare_port = free_port(), free_port()
    servers = {
        "feedback": subprocess.Popen(consult + ["serve", "--port", str(api_port), "--workers", str(workers),
                                                "--threads", str(threads)], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        "bare": subprocess.Popen([sys.executable, str(ROOT / "bench" / "bare_app.py"), str(bare_port), str(workers),
                                  str(threads)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    }
    urls = {"bare": f"http://127.0.0.1:{bare_port}/bare", "feedback": f"http://127.0.0.1:{api_port}/api/v1/feedback"}
    answered = 0
    try:
        wait_for(f"http://127.0.0.1:{api_port}/api/v1/openapi.json")
        wait_for(f"http://127.0.0.1:{bare_port}/")
        for name in ("bare", "feedback"):  # warm-up
            warm = wrk(urls[name], 3, args.concurrency, tmp)
            answered += (warm["requests"] - warm["non2xx"]) if name == "feedback" else 0
        runs = {"bare": [], "feedback": []}
        for _ in range(args.rounds):
            for name in ("bare", "feedback"):
                control = machine_control_ms()
                before = cpu_seconds(servers[name].pid)
                result = wrk(urls[name], args.duration, args.concurrency, tmp)
                used = {proc: cpu - before.get(proc, 0.0) for proc, cpu in cpu_seconds(servers[name].pid).items()}
                result["machine_control_ms"] = control
                result["server_cpu_ms_per_request"] = round(sum(used.values()) * 1000 / result["requests"], 2)
                # How evenly the keep-alive connections landed: each process's share of the CPU used.
                result["cpu_share_by_process"] = sorted((round(u / sum(used.values()), 2) for u in used.values()),
                                                        reverse=True)
                runs[name].append(result)
                if name == "feedback":
                    answered += result["requests"] - result["non2xx"]
    finally:
        for p in servers.values():
            p.terminate()
        for p in servers.values():
            p.wait(timeout=30)
    engine = create_engine(normalise_url(db_url))
    with engine.connect() as conn:
        stored = conn.scalar(select(func.count()).select_from(Submission))
    engine.dispose()

    def median(name, key):
        return statistics.median(r[key] for r in runs[name])

    return {
        "db": args.db, "concurrency": args.concurrency, "workers": workers, "threads": threads,
        "cpus": os.cpu_count(), "seconds_per_run": args.duration, "runs": runs,
        "median": {name: {key: median(name, key) for key in ("throughput_rps", "p50_ms", "p90_ms", "p99_ms",
                                                              "max_ms", "server_cpu_ms_per_request")}
                   for name in runs},
        "feedback_vs_bare": round(median("feedback", "throughput_rps") / median("bare", "throughput_rps"), 3),
        # wrk stops with up to `concurrency` requests in flight: those may be stored without being counted.
        "submissions_answered_201": answered, "submissions_stored": stored,
        "lost": max(0, answered - stored),
    }


if __name__ == "__main__":
    main()
