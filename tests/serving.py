"""`consult serve` as a real process for the tests that need one: a free port, start-up, readiness."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_serve(port: int, env: dict, workers: int) -> subprocess.Popen:
    """`consult serve` on 127.0.0.1:`port`, its output kept for the failure message."""
    return subprocess.Popen([sys.executable, "-c", "from commands import main; main()", "serve", "--port", str(port),
                             "--workers", str(workers)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def wait_until_served(proc: subprocess.Popen, base_url: str, timeout: float = 90) -> None:
    """Until the server answers its OpenAPI document; fails with its output if it exits, or after `timeout`."""
    deadline = time.time() + timeout
    while True:
        try:
            if httpx.get(f"{base_url}/api/v1/openapi.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        assert proc.poll() is None, proc.stdout.read()
        assert time.time() < deadline, "consult serve did not come up"
        time.sleep(0.3)


def stop_serve(proc: subprocess.Popen) -> None:
    """Stops the server and its workers: SIGTERM first, which Granian passes on to them. A SIGKILL of the
    parent alone left each worker running, orphaned, with its ~300 MB, after every test."""
    if proc.poll() is None:
        workers = [int(k) for task in Path(f"/proc/{proc.pid}/task").iterdir()
                   for k in (task / "children").read_text().split()]
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            for pid in workers:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            proc.kill()
    proc.wait()
