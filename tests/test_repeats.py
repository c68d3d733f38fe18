"""Identical repeats within 10 minutes are answered, not stored (issue 13, attack 2: volume)."""
import concurrent.futures
import datetime as dt

import httpx
from sqlalchemy import func, select, update

from consultation.models import OutboxMessage, Submission
from tests.conftest import sample_payload


def count(services, model=Submission):
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_an_identical_repeat_gets_the_reference_without_the_token(client, services):
    first = client.post("/api/v1/feedback", json=sample_payload())
    again = client.post("/api/v1/feedback", json=sample_payload())
    assert (first.status_code, again.status_code) == (201, 200)
    body = again.get_json()
    assert body["reference"] == first.get_json()["reference"] and body["repeat"] is True
    assert "token" not in body and first.get_json()["token"] not in again.get_data(as_text=True)
    assert count(services) == 1 and count(services, OutboxMessage) == 2  # one receipt, one office copy


def test_other_comments_or_another_contact_are_stored(client, services):
    client.post("/api/v1/feedback", json=sample_payload())
    other = sample_payload()
    other["comments"][0]["reason"] = "另一条理由"
    assert client.post("/api/v1/feedback", json=other).status_code == 201
    other = sample_payload()
    other["submitter"]["email"] = "lisi@example.com"
    assert client.post("/api/v1/feedback", json=other).status_code == 201
    assert count(services) == 3


def test_the_window_is_ten_minutes_of_real_time(client, services):
    assert client.post("/api/v1/feedback", json=sample_payload()).status_code == 201
    with services.engine.begin() as conn:
        conn.execute(update(Submission).values(
            received_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=11)))
    assert client.post("/api/v1/feedback", json=sample_payload()).status_code == 201
    assert count(services) == 2


def test_a_flood_of_identical_submissions_stores_one(live_server, services):
    def post(_):
        return httpx.post(f"{live_server}/api/v1/feedback", json=sample_payload(), timeout=60).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(post, range(200)))
    assert statuses.count(201) == 1 and statuses.count(200) == 199
    assert count(services) == 1
    with services.session() as s:
        purposes = sorted(s.scalars(select(OutboxMessage.purpose)))
    assert purposes == ["office", "receipt"]
