"""A retry of an accepted submission gets its stored answer even when its sender's limit is full (attack
round 4, F6): concurrent retries with the same Idempotency-Key, or the same body, were each counted for the
contact until one was stored, and 3 of 8 got 429 instead of the stored 201 or the repeat's 200."""
from __future__ import annotations

import concurrent.futures
from collections import Counter
import os
import subprocess
import threading
import uuid

import httpx
import pytest
import redis

from tests.conftest import OPEN_NOW, sample_payload
from tests.serving import free_port, start_serve, wait_until_served
from web import create_app

REDIS = "redis://127.0.0.1:6379/0"


def _payload(tag: str) -> dict:
    payload = sample_payload()
    payload["comments"][0]["reason"] = f"理由：重试 {tag}。"
    payload["submitter"]["email"] = f"retry-{tag}@example.com"
    payload["submitter"]["phone"] = None
    return payload


def test_a_keyed_retry_is_answered_from_the_store_when_the_address_is_over_its_limit(services):
    client = create_app(services, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_FEEDBACK="2/minute",
                        RATELIMIT_STORAGE_URI="memory://", WEB_WORKERS=1).test_client()
    body = _payload("keyed")
    first = client.post("/api/v1/feedback", json=body, headers={"Idempotency-Key": "retry-key-1"})
    assert first.status_code == 201
    assert client.post("/api/v1/feedback", json=_payload("other")).status_code == 201  # the address is now full
    for _ in range(3):  # the client's retries: the stored answer, not 429
        again = client.post("/api/v1/feedback", json=body, headers={"Idempotency-Key": "retry-key-1"})
        assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
        assert again.get_json() == first.get_json()
    other = client.post("/api/v1/feedback", json=_payload("new"), headers={"Idempotency-Key": "retry-key-2"})
    assert other.status_code == 429 and int(other.headers["Retry-After"]) > 0  # new work is still refused
    reused = client.post("/api/v1/feedback", json=_payload("changed"), headers={"Idempotency-Key": "retry-key-1"})
    assert reused.status_code == 422  # the key with another body, as without the limit


def test_a_repeat_is_answered_when_the_contact_is_over_its_limit(services):
    client = create_app(services, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_CONTACT="2/hour",
                        RATELIMIT_STORAGE_URI="memory://", WEB_WORKERS=1).test_client()
    body = _payload("repeat")
    assert client.post("/api/v1/feedback", json=body).status_code == 201
    second = _payload("repeat")
    second["comments"][0]["reason"] = "理由：第二条。"
    assert client.post("/api/v1/feedback", json=second).status_code == 201  # the contact is now full
    again = client.post("/api/v1/feedback", json=body)
    assert again.status_code == 200 and again.get_json()["repeat"] is True
    third = _payload("repeat")
    third["comments"][0]["reason"] = "理由：第三条。"
    refused = client.post("/api/v1/feedback", json=third)
    assert refused.status_code == 429 and "email address or phone number" in refused.get_json()["message"] \
        or "邮箱或电话" in refused.get_json()["message"]


@pytest.mark.slow
def test_concurrent_retries_get_the_stored_answer_with_redis(tmp_path, database_url, services):
    """8 at once, three trials of each: the same key and body (one 201 stored, the others 201 replayed), and
    the same body without a key (one 201, the others 200 repeats); one submission each.

    On SQLite never a 429: writers queue on the file's lock, so each racer finds the first one stored. On
    PostgreSQL, with the contact's counter full of racers that will store nothing (each holds its count
    while it waits on the first one's uncommitted repeat guard), the one that would store is counted the
    careful way and can be refused 429; the submission is then stored by another racer, and that request's
    next retry gets the stored answer (a known limit of counting contacts outside the database, named in the
    README's RATE_LIMIT_CONTACT row)."""
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"test-f6-{uuid.uuid4().hex}"
    raised = "1000/minute"
    env = dict(os.environ, DATABASE_URL=database_url, CONSULT_INSTANCE=str(tmp_path), CONSULT_NOW=OPEN_NOW,
               SECRET_KEY="retries-test", REDIS_URL=REDIS, RATELIMIT_KEY_PREFIX=prefix, RATELIMIT_ENABLED="true",
               RATE_LIMIT_FEEDBACK=raised, RATE_LIMIT_CONTACT="5/hour;20/day", WEB_THREADS="4")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_serve(port, env, workers=2)
    try:
        wait_until_served(proc, url)
        outcomes = []
        retried = []
        for trial in range(3):
            for keyed in (True, False):
                tag = f"{trial}-{'k' if keyed else 'n'}-{uuid.uuid4().hex[:6]}"
                body = _payload(tag)
                headers = {"Idempotency-Key": f"race-{tag}"} if keyed else {}
                barrier = threading.Barrier(8)

                def post(_i, body=body, headers=headers, barrier=barrier):
                    with httpx.Client(timeout=60) as http:
                        barrier.wait()
                        r = http.post(f"{url}/api/v1/feedback", json=body, headers=headers)
                        return r.status_code, r.headers.get("Idempotent-Replayed")

                with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
                    answers = list(pool.map(post, range(8)))
                outcomes.append((keyed, Counter(answers)))
                if keyed:
                    retried.append(tag)
        postgres = database_url.startswith("postgresql")
        for keyed, answers in outcomes:
            refused = answers.pop((429, None), 0)
            assert refused == 0 or postgres, outcomes
            if keyed:
                assert answers == {(201, None): 1, (201, "true"): 7 - refused}, outcomes
            else:
                assert answers == {(201, None): 1, (200, None): 7 - refused}, outcomes
        # Whatever a racer was answered, its retry now gets the stored answer.
        with httpx.Client(timeout=60) as http:
            for tag in retried:
                r = http.post(f"{url}/api/v1/feedback", json=_payload(tag), headers={"Idempotency-Key": f"race-{tag}"})
                assert (r.status_code, r.headers.get("Idempotent-Replayed")) == (201, "true"), r.text
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
