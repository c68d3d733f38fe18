"""Identical repeats within 10 minutes are answered, not stored (issue 13, attack 2: volume)."""
import concurrent.futures
import datetime as dt

from sqlalchemy import func, select, update

from consultation.intake import repeats
from consultation.mail import caps
from consultation.mail.settings import MailSettings
from consultation.models import OutboxMessage, RepeatGuard, Submission
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
    eleven_minutes_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=11)
    with services.engine.begin() as conn:  # the submission and its repeat guard, stored 11 minutes ago
        conn.execute(update(Submission).values(received_at=eleven_minutes_ago))
        conn.execute(update(RepeatGuard).values(received_ms=repeats.stamp(eleven_minutes_ago)))
    assert client.post("/api/v1/feedback", json=sample_payload()).status_code == 201
    assert count(services) == 2


def test_a_flood_of_identical_submissions_stores_one(app, services):
    """The attack as reported: 2,000 identical valid submissions from one client (the request limits off,
    as with RATELIMIT_ENABLED=false, so only the data rules stand), from eight threads at once."""
    def post(n):
        client = app.test_client()
        return [client.post("/api/v1/feedback", json=sample_payload()).status_code for _ in range(n)]

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        statuses = [s for part in pool.map(post, [250] * 8) for s in part]
    assert len(statuses) == 2000 and statuses.count(201) == 1 and statuses.count(200) == 1999
    assert count(services) == 1
    with services.session() as s:
        caps.apply(s, dt.datetime.now(dt.timezone.utc), MailSettings())
        s.commit()
        rows = s.execute(select(OutboxMessage.purpose, OutboxMessage.status).order_by(OutboxMessage.purpose)).all()
    assert [tuple(r) for r in rows] == [("office", "pending"), ("receipt", "pending")]  # one of each, both owed


def test_a_flood_of_distinct_submissions_reaches_the_office_as_a_digest(client, services):
    """Distinct bodies are stored (each is a submission), but the office mailbox gets at most
    MAIL_OFFICE_COPIES_PER_HOUR copies one by one; the rest are held and go out as one digest an hour later."""
    for i in range(35):
        payload = sample_payload()
        payload["comments"][0]["reason"] = f"第{i}条理由。"
        payload["submitter"]["email"] = f"sender{i}@example.com"
        assert client.post("/api/v1/feedback", json=payload).status_code == 201
    settings = MailSettings(office_copies_per_hour=30)
    now = dt.datetime.now(dt.timezone.utc)
    with services.session() as s:
        caps.apply(s, now, settings)
        s.commit()
        office = s.scalars(select(OutboxMessage.status).where(OutboxMessage.purpose == "office")
                           .order_by(OutboxMessage.id)).all()
        assert office == ["pending"] * 30 + ["held"] * 5
        caps.apply(s, now + dt.timedelta(hours=1, minutes=1), settings)
        s.commit()
        digest = s.scalar(select(OutboxMessage.id).where(OutboxMessage.purpose == "digest"))
        assert digest is not None and len(caps.digest_references(s, digest)) == 5
