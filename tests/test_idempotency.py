"""Idempotency-Key: bound to the body, limited in form, expiring on the real clock (issue 13, attack 1)."""
import datetime as dt

import pytest
from sqlalchemy import func, select, update

from consultation.models import Submission
from tests.conftest import sample_payload, set_now


def count(services):
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(Submission))


def other_body():
    payload = sample_payload()
    payload["submitter"].update(name="攻击者", phone="", email="attacker@example.com")
    payload["comments"][0]["reason"] = "别人的意见"
    return payload


def test_same_key_other_body_is_refused_and_leaks_nothing(client, services):
    victim = client.post("/api/v1/feedback", json=sample_payload(), headers={"Idempotency-Key": "k-42"})
    assert victim.status_code == 201
    attack = client.post("/api/v1/feedback", json=other_body(), headers={"Idempotency-Key": "k-42"})
    assert attack.status_code == 422
    body = attack.get_json()
    assert body["error"] == "idempotency_key_reused"
    assert "reference" not in body and "token" not in body
    assert victim.get_json()["token"] not in attack.get_data(as_text=True)
    assert "Idempotency-Key" in body["message"] and count(services) == 1


def test_the_refusal_is_localized(client, services):
    client.post("/api/v1/feedback", json=sample_payload(), headers={"Idempotency-Key": "k-43"})
    en = client.post("/api/v1/feedback", json=other_body(),
                     headers={"Idempotency-Key": "k-43", "Accept-Language": "en"}).get_json()
    zh = client.post("/api/v1/feedback", json=other_body(), headers={"Idempotency-Key": "k-43"}).get_json()
    assert en["message"].startswith("This Idempotency-Key was already used")
    assert zh["message"] != en["message"] and "幂等" in zh["message"]


def test_same_key_same_body_in_another_key_order_is_the_stored_response(client, services):
    """Issue 13: same key and same body → the stored response. A client whose 201 was lost retries and
    gets its reference and private link again (it holds the key and the exact body)."""
    first = client.post("/api/v1/feedback", json=sample_payload(), headers={"Idempotency-Key": "order-1"})
    reordered = dict(reversed(list(sample_payload().items())))
    again = client.post("/api/v1/feedback", json=reordered, headers={"Idempotency-Key": "order-1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json() and set(first.get_json()) == {"reference", "token", "receipt_url"}
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert client.get(f"/api/v1/feedback/{again.get_json()['reference']}",
                      query_string={"token": again.get_json()["token"]}).status_code == 200
    assert count(services) == 1


def test_an_identical_repeat_without_the_key_still_gets_the_reference_only(client, services):
    first = client.post("/api/v1/feedback", json=sample_payload(), headers={"Idempotency-Key": "keyed-1"})
    bare = client.post("/api/v1/feedback", json=sample_payload())
    assert (first.status_code, bare.status_code) == (201, 200)
    assert bare.get_json()["reference"] == first.get_json()["reference"] and bare.get_json()["repeat"] is True
    assert "token" not in bare.get_json() and first.get_json()["token"] not in bare.get_data(as_text=True)
    assert "Idempotent-Replayed" not in bare.headers
    # The keyed retry after it is still the stored response, and nothing was stored twice.
    retry = client.post("/api/v1/feedback", json=sample_payload(), headers={"Idempotency-Key": "keyed-1"})
    assert (retry.status_code, retry.get_json()) == (201, first.get_json()) and count(services) == 1


@pytest.mark.parametrize("key", ["", " ", "a b", "x" * 101, "clé", "tab\there", "semi;colon"])
def test_malformed_keys_are_400_and_never_stored(client, services, key):
    for _ in range(2):  # the second time used to be a 500 once '' had been stored
        r = client.post("/api/v1/feedback", json=sample_payload(), headers={"Idempotency-Key": key})
        assert r.status_code == 400
        assert r.get_json()["error"] == "bad_idempotency_key"
    assert count(services) == 0


def test_an_empty_key_over_real_http_is_400(live_server, services):
    """Granian hands the app '' for a header value that is not ASCII; an empty header is the same case."""
    import httpx

    for _ in range(2):
        r = httpx.post(f"{live_server}/api/v1/feedback", json=sample_payload(),
                       headers=[(b"Idempotency-Key", b"")], timeout=30)
        assert r.status_code == 400
    assert count(services) == 0


def test_keys_expire_after_24_hours_on_the_real_clock(client, services):
    first = client.post("/api/v1/feedback", json=sample_payload(), headers={"Idempotency-Key": "old-key"})
    assert first.status_code == 201
    # CONSULT_NOW moving on does not age the key …
    set_now(services, "2025-11-25T10:00:00+08:00")
    assert client.post("/api/v1/feedback", json=other_body(),
                       headers={"Idempotency-Key": "old-key"}).status_code == 422
    # … 24 hours of real time do.
    with services.engine.begin() as conn:
        conn.execute(update(Submission).values(
            received_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=24, minutes=1)))
    reused = client.post("/api/v1/feedback", json=other_body(), headers={"Idempotency-Key": "old-key"})
    assert reused.status_code == 201
    assert reused.get_json()["reference"] != first.get_json()["reference"] and count(services) == 2


@pytest.mark.parametrize("token", ["ü" * 32, "\u4e2d" * 32, "%F0%9F%98%80"])
def test_a_non_ascii_receipt_token_is_a_404(client, services, token):
    ref = client.post("/api/v1/feedback", json=sample_payload()).get_json()["reference"]
    assert client.get(f"/api/v1/feedback/{ref}", query_string={"token": token}).status_code == 404
    assert client.get(f"/receipt/{ref}", query_string={"token": token}).status_code == 404


def test_a_lone_surrogate_in_a_receipt_reference_is_a_404(client, services):
    assert client.get("/api/v1/feedback/%ED%A0%80", query_string={"token": "0" * 32}).status_code == 404


def test_a_retry_racing_the_first_request_with_its_key_gets_the_stored_response(client, services, monkeypatch):
    """Two requests with one key and one body at once (a client retrying on a timeout, on two workers): the
    second checks the key before the first has committed, then meets the first's repeat guard. It must
    get what the first got (reference and token), as any later retry with the key does, not the
    reference-only answer of a repeat sent without a key."""
    from consultation import submissions

    first = client.post("/api/v1/feedback", json=sample_payload(), headers={"Idempotency-Key": "race-1"})
    assert first.status_code == 201
    real = submissions._keyed
    calls = []

    def not_yet_committed(*args, **kwargs):  # the second request's first look, before the first commits
        calls.append(1)
        return None if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(submissions, "_keyed", not_yet_committed)
    retry = client.post("/api/v1/feedback", json=sample_payload(), headers={"Idempotency-Key": "race-1"})
    assert retry.status_code == 201, retry.get_json()
    assert retry.headers.get("Idempotent-Replayed") == "true"
    assert retry.get_json()["reference"] == first.get_json()["reference"]
    assert retry.get_json()["token"] == first.get_json()["token"]
    assert count(services) == 1
