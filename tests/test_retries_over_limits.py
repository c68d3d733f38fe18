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
from sqlalchemy import text

from consultation.intake import contacts
from consultation.intake.countkeys import contact_email
from consultation.submissions import submit
from tests.conftest import OPEN_NOW, sample_payload
from tests.serving import free_port, start_serve, wait_until_served
from web import create_app
from consultation.intake.contacts import ContactFull

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


@pytest.mark.parametrize("keyed", [True, False])
def test_the_request_that_would_store_waits_for_racers_holding_the_contact_counter(services, keyed, monkeypatch):
    """The race CI met on SQLite: a contact counter full only of racers in flight (the same body, counted
    before their views; they wait on the storing transaction), while the one racer counted the careful way
    is the one that finds the submission new. It used to be refused 429 although the submission was then
    stored by a racer; now it rolls back, waits (web/limits.py CONTACT_FULL_PAUSES) and is answered the stored
    response (keyed) or the repeat's (unkeyed), and one submission is stored."""
    app = create_app(services, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_CONTACT="2/hour",
                     RATELIMIT_STORAGE_URI="memory://", WEB_WORKERS=1)
    limits = app.extensions["rate_limits"]
    body = _payload(f"held-{keyed}")
    headers = {"Idempotency-Key": f"held-{keyed}"} if keyed else {}
    holders = [(("contact-email", contact_email(body["submitter"]["email"])), limits.windows["contact"])]
    for _ in range(2):  # two racers counted in the first pass, still in flight
        assert limits.counters.acquire(holders) is None

    refused_once = threading.Event()
    before_store = contacts.Count.before_store

    def counting(count):  # the careful request met the full counter, in its storing transaction
        try:
            return before_store(count)
        except ContactFull:
            refused_once.set()
            raise

    monkeypatch.setattr(contacts.Count, "before_store", counting)

    def racer_stores():  # one of them stores once the careful one has rolled back; the other gives its count back
        assert refused_once.wait(30)
        receipt = submit(services.engine, services.consultation, body, channel="api", locale="zh_CN",
                         now=services.now(), secret_key=services.settings.secret_key,
                         idempotency_key=headers.get("Idempotency-Key"))
        assert receipt.created
        limits.counters.release(holders)

    thread = threading.Thread(target=racer_stores)
    thread.start()
    try:
        answer = app.test_client().post("/api/v1/feedback", json=body, headers=headers)
    finally:
        thread.join()
    if keyed:
        assert (answer.status_code, answer.headers.get("Idempotent-Replayed")) == (201, "true"), answer.get_json()
    else:
        assert answer.status_code == 200 and answer.get_json()["repeat"] is True, answer.get_json()
    with services.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM submissions")).scalar() == 1


@pytest.mark.slow
def test_concurrent_retries_get_the_stored_answer_with_redis(tmp_path, database_url, services):
    """8 at once, three trials of each: the same key and body (one 201 stored, the others 201 replayed), and
    the same body without a key (one 201, the others 200 repeats); one submission each.

    Never a 429, on either database: when the contact's counter is full of racers that will store nothing
    (each holds its count while it waits on the storing transaction: SQLite's writer lock, PostgreSQL's
    uncommitted repeat guard) and the racer that would store was counted the careful way, it rolls back and
    waits for one of them to store (web/limits.py CONTACT_FULL_PAUSES). CI met that 429 on SQLite once."""
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
