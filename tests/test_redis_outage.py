"""Redis unreachable (attack round 4, F2b): the request limits fall back to each process's memory, so
submissions, questions, self-checks and receipt lookups go on (and are still limited); what needs Redis
itself (office sign-in sessions and throttles) answers 503 with Retry-After; never a 500. Real servers:
one with a REDIS_URL on a closed port, one whose Redis (a scratch redis-server) is killed mid-run."""
from __future__ import annotations

import os
import re
import subprocess
import time
import uuid

import httpx
import pytest

from tests.conftest import OPEN_NOW, sample_payload
from tests.selfcheck_support import full_answers
from tests.serving import free_port, start_serve, wait_until_served

pytestmark = pytest.mark.slow


def _payload(i: int) -> dict:
    payload = sample_payload()
    payload["comments"][0]["reason"] = f"理由 {i}：Redis 不可用时（{uuid.uuid4().hex[:8]}）。"
    payload["submitter"]["email"] = f"outage{i}@example.com"
    payload["submitter"]["phone"] = f"1390013{i:04d}"
    return payload


def _env(tmp_path, database_url, redis_url: str, **limits) -> dict:
    return dict(os.environ, DATABASE_URL=database_url, CONSULT_INSTANCE=str(tmp_path), CONSULT_NOW=OPEN_NOW,
                SECRET_KEY="outage-test", REDIS_URL=redis_url, RATELIMIT_KEY_PREFIX=f"outage-{uuid.uuid4().hex}",
                RATELIMIT_ENABLED="true", WEB_THREADS="", **limits)


def _stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out or ""


def test_with_redis_on_a_closed_port_the_service_answers_and_still_limits(tmp_path, database_url, services):
    closed = free_port()
    env = _env(tmp_path, database_url, f"redis://127.0.0.1:{closed}/0", RATE_LIMIT_FEEDBACK="3/minute")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_serve(port, env, workers=1)
    out = ""
    try:
        wait_until_served(proc, url)
        stored = [httpx.post(f"{url}/api/v1/feedback", json=_payload(i), timeout=30) for i in range(3)]
        assert [r.status_code for r in stored] == [201, 201, 201], stored[-1].text
        refused = httpx.post(f"{url}/api/v1/feedback", json=_payload(9), timeout=30)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0  # counted in memory
        first = stored[0].json()
        lookup = httpx.get(f"{url}/api/v1/feedback/{first['reference']}", params={"token": first["token"]},
                           timeout=30)
        assert lookup.status_code == 200
        assert httpx.post(f"{url}/api/v1/ask", json={"question": "县级市能申报吗？"}, timeout=30).status_code == 200
        check = httpx.post(f"{url}/api/v1/self-check", json={"answers": full_answers(["deep_application"]),
                                                              "save": True}, timeout=30)
        assert check.status_code == 200, check.text
        with httpx.Client(base_url=url, timeout=30) as browser:
            page = browser.get("/office/login")
            assert page.status_code in (200, 503)
            if page.status_code == 200:
                token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
                page = browser.post("/office/login", data={"username": "chief", "password": "x" * 14,
                                                           "csrf_token": token},
                                    headers={"Accept-Language": "zh-CN"})
            assert page.status_code == 503, page.text[:300]
            assert int(page.headers["Retry-After"]) > 0 and "暂时无法使用" in page.text
    finally:
        out = _stop(proc)
    assert "Traceback" not in out, out[-3000:]
    assert out.count("Redis unreachable (") == 1, out[-3000:]  # logged once for the outage


def test_redis_killed_mid_run_falls_back_to_memory_and_comes_back(tmp_path, database_url, scratch_redis,
                                                                 services):
    from consultation.intake import windows

    client = scratch_redis.start()
    env = _env(tmp_path, database_url, scratch_redis.url, RATE_LIMIT_ASK="4/minute")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_serve(port, env, workers=1)
    ask = {"question": "县级市能申报吗？"}
    out = ""
    try:
        wait_until_served(proc, url)
        assert [httpx.post(f"{url}/api/v1/ask", json=ask, timeout=30).status_code for _ in range(2)] == [200, 200]
        assert any(b"/ask/" in key for key in client.keys("*"))  # counted in Redis
        scratch_redis.kill()
        # Redis gone: counted in the process's memory from zero, and still limited there.
        statuses = [httpx.post(f"{url}/api/v1/ask", json=ask, timeout=30).status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 200, 429]
        stored = httpx.post(f"{url}/api/v1/feedback", json=_payload(1), timeout=30)
        assert stored.status_code == 201, stored.text  # a submission is never lost to the outage
        client = scratch_redis.start()  # back, empty; tried again after the back-off on the real clock
        time.sleep(windows.BACKOFF + 0.5)
        other = {"question": "申报材料有哪些？"}
        assert httpx.post(f"{url}/api/v1/ask", json=other, timeout=30).status_code == 200
        assert any(b"/ask/" in key for key in client.keys("*"))  # counted in Redis again
    finally:
        out = _stop(proc)
    assert "Traceback" not in out, out[-3000:]
    assert out.count("Redis unreachable (") == 1 and "Redis reachable again" in out, out[-3000:]
