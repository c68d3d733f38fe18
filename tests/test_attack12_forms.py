"""Attack round 12 (issue 13), F5: a JSON body with a byte order mark, real email addresses refused, and
the saved self-check's Idempotency-Key. Storage is involved, so these run on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from consultation.intake import countkeys, fields
from consultation.models import Submission
from guidance.models import SavedSelfCheck
from tests.conftest import sample_payload
from tests.selfcheck_support import full_answers
from web import create_app

BOM = b"\xef\xbb\xbf"


# --- a byte order mark before the JSON ---------------------------------------------------------------------

@pytest.mark.parametrize("path, body", [
    ("/api/v1/feedback", sample_payload()),
    ("/api/v1/ask", {"question": "县级市能申报吗？"}),
    ("/api/v1/self-check", {"answers": {"zone_types": ["deep_application"]}}),
])
@pytest.mark.parametrize("lang, words", [("zh-CN", "字节顺序标记"), ("en", "byte order mark")])
def test_a_body_with_a_byte_order_mark_is_told_so(client, services, path, body, lang, words):
    """It was refused as "not a JSON object", which it is (attack round 12, F5): refused on every JSON
    endpoint alike, saying what is wrong, and nothing stored."""
    import json

    response = client.post(path, data=BOM + json.dumps(body, ensure_ascii=False).encode(),
                           headers={"Content-Type": "application/json", "Accept-Language": lang})
    data = response.get_json()
    assert response.status_code == 400, data
    assert words in data["message"], data
    with services.session() as s:
        assert s.scalar(select(func.count()).select_from(Submission)) == 0
        assert s.scalar(select(func.count()).select_from(SavedSelfCheck)) == 0


# --- email addresses ---------------------------------------------------------------------------------------

LOCAL_64 = "x" * 64
LABEL_63 = "e" * 63


@pytest.mark.parametrize("typed, stored", [
    ("x@xn--fsqu00a.xn--fiqs8s", "x@xn--fsqu00a.xn--fiqs8s"),
    ("user@xn--fiqs8s.cn", "user@xn--fiqs8s.cn"),
    ("用户@例子.中国", "用户@xn--fsqu00a.xn--fiqs8s"),
    (f"{LOCAL_64}@{LABEL_63}.com", f"{LOCAL_64}@{LABEL_63}.com"),
    ("José.Núñez@Exämple.DE", "José.Núñez@xn--exmple-cua.de"),
])
def test_real_addresses_are_taken(client, services, typed, stored):
    """Attack round 12, F5: a punycode domain, an IDN and a 64-character local part were refused, so their
    owners could get no receipt. Stored with the domain in its one (ASCII) spelling."""
    payload = sample_payload()
    payload["submitter"]["email"] = typed
    response = client.post("/api/v1/feedback", json=payload)
    assert response.status_code == 201, response.get_json()
    with services.session() as s:
        assert s.scalar(select(Submission.email)) == stored


@pytest.mark.parametrize("typed", [
    "ｕｓｅｒ@example.com",  # full-width letters
    "pаypal@example.com",  # a Cyrillic а among Latin letters
    "a..b@example.com", ".a@example.com", "a.@example.com", "a@example", "a@-x.cn", "a@x-.cn", "a@x.cn.",
    "a b@example.com", '"a"@example.com', "a@[127.0.0.1]", "a@b@example.com", "a/b@example.com",
    "x" * 65 + "@example.com",  # a local part over 64 characters
    "x@" + "e" * 64 + ".com",  # a label over 63
    "a\u200b@example.com",
])
def test_what_no_mailbox_is_still_refused(typed):
    with pytest.raises(ValueError):
        fields.email(typed)


def test_an_address_counts_as_one_mailbox_however_its_domain_is_spelled():
    """The counting rule (countkeys.contact_email) folds the spellings the stored address folds: an IDN and its
    A-label, a +tag, ASCII case; only ASCII letters are folded, as the receipt cap's SQL folds them."""
    keys = {countkeys.contact_email(a) for a in ("用户@例子.中国", "用户+news@xn--fsqu00a.xn--fiqs8s",
                                                 "用户@XN--FSQU00A.XN--FIQS8S", fields.email("用户@例子.中国"))}
    assert keys == {"用户@xn--fsqu00a.xn--fiqs8s"}
    assert countkeys.contact_email("JOSÉ@Exämple.de") == "josÉ@xn--exmple-cua.de"


def test_the_receipt_cap_counts_an_idn_mailbox_once(services):
    """The receipt cap (consultation/mail/caps.py) compares stored addresses in SQL: receipts to one IDN
    mailbox, typed with its Unicode or its ASCII domain and in another case, count together on both
    databases (PostgreSQL's lower() would fold the É that SQLite's leaves)."""
    from consultation.mail import caps
    from consultation.mail.settings import MailSettings
    from consultation.models import OutboxMessage
    from consultation.submissions import submit

    spellings = ["JOSÉ@例子.中国", "JOSÉ+a@xn--fsqu00a.xn--fiqs8s", "josÉ@例子.中国", "JOSÉ@XN--FSQU00A.xn--fiqs8s"]
    for i, email in enumerate(spellings):
        payload = sample_payload()
        payload["submitter"].update(email=email, phone=f"1380013{i:04d}")
        payload["comments"][0]["reason"] = f"理由 {i}"
        submit(services.engine, services.consultation, payload, channel="api", locale="zh_CN", now=services.now(),
               secret_key="k")
    settings = MailSettings(receipts_per_day=2)
    with services.session() as s:
        caps.apply(s, dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1), settings)
        s.commit()
        statuses = [m.status for m in s.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "receipt")
                                                .order_by(OutboxMessage.id))]
    assert statuses == ["pending", "pending", "skipped", "skipped"], statuses


# --- Idempotency-Key on a saved self-check -----------------------------------------------------------------

def _body(zone="product_innovation", **extra):
    return {"answers": full_answers([zone]), "save": True, **extra}


def _saved(services) -> int:
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(SavedSelfCheck))


def test_a_retried_save_is_saved_once_and_answered_the_same(client, services):
    """Attack round 12, F5: a retried `save: true` stored a second self-check, and the same key with another
    body was answered 200. Now as on /api/v1/feedback: the same key and body get the stored response."""
    first = client.post("/api/v1/self-check", json=_body(), headers={"Idempotency-Key": "sc-1"})
    assert first.status_code == 200 and "Idempotent-Replayed" not in first.headers
    again = client.post("/api/v1/self-check", json=_body(), headers={"Idempotency-Key": "sc-1"})
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json() == first.get_json()
    assert _saved(services) == 1
    token = first.get_json()["saved"]["token"]
    assert client.get(f"/self-check/{token}/result").status_code == 200  # the link opens the saved answers


def test_the_same_key_with_another_body_is_refused(client, services):
    assert client.post("/api/v1/self-check", json=_body(), headers={"Idempotency-Key": "sc-2"}).status_code == 200
    other = client.post("/api/v1/self-check", json=_body("deep_application"), headers={"Idempotency-Key": "sc-2"})
    assert other.status_code == 422 and other.get_json()["error"] == "idempotency_key_reused", other.get_json()
    unsaved = client.post("/api/v1/self-check", json=_body(save=False), headers={"Idempotency-Key": "sc-2"})
    assert unsaved.status_code == 422
    assert _saved(services) == 1


def test_the_same_body_spelled_otherwise_is_the_same_body(client, services):
    import json

    body = _body()
    first = client.post("/api/v1/self-check", json=body, headers={"Idempotency-Key": "sc-3"})
    reordered = json.dumps(dict(reversed(list(body.items()))), ensure_ascii=True, indent=2)
    again = client.post("/api/v1/self-check", data=reordered,
                        headers={"Idempotency-Key": "sc-3", "Content-Type": "application/json"})
    assert again.status_code == 200 and again.get_json()["saved"] == first.get_json()["saved"]
    assert _saved(services) == 1


def test_without_a_key_each_save_is_new_and_a_bad_key_is_refused(client, services):
    assert client.post("/api/v1/self-check", json=_body()).status_code == 200
    assert client.post("/api/v1/self-check", json=_body()).status_code == 200
    assert _saved(services) == 2
    for bad in ("", "x" * 101, "ключ", "a b"):
        response = client.post("/api/v1/self-check", json=_body(), headers={"Idempotency-Key": bad})
        assert response.status_code == 400 and response.get_json()["error"] == "bad_idempotency_key", bad
    assert _saved(services) == 2


def test_a_key_is_free_again_after_24_hours_of_the_real_clock(client, services, monkeypatch):
    from guidance.selfcheck import store

    first = client.post("/api/v1/self-check", json=_body(), headers={"Idempotency-Key": "sc-4"})
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=24, seconds=5)
    monkeypatch.setattr(store, "utcnow", lambda: later)
    again = client.post("/api/v1/self-check", json=_body("deep_application"), headers={"Idempotency-Key": "sc-4"})
    assert again.status_code == 200 and again.get_json()["saved"] != first.get_json()["saved"]
    assert _saved(services) == 2


def test_a_retry_over_the_per_address_limit_gets_its_stored_answer(services):
    """As for feedback: a client whose answer was lost retries and gets it, however full its limit is;
    anything new from that address is a 429."""
    client = create_app(services, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_SELF_CHECK="1/minute",
                        RATELIMIT_STORAGE_URI="memory://", WEB_WORKERS=1).test_client()
    first = client.post("/api/v1/self-check", json=_body(), headers={"Idempotency-Key": "sc-5"})
    assert first.status_code == 200
    again = client.post("/api/v1/self-check", json=_body(), headers={"Idempotency-Key": "sc-5"})
    assert again.status_code == 200 and again.get_json()["saved"] == first.get_json()["saved"]
    assert client.post("/api/v1/self-check", json=_body(), headers={"Idempotency-Key": "sc-6"}).status_code == 429
    assert client.post("/api/v1/self-check", json=_body()).status_code == 429
    assert _saved(services) == 1


def test_the_document_says_the_self_check_takes_the_key(client):
    operation = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/self-check"]["post"]
    assert [p["name"] for p in operation["parameters"]] == ["Idempotency-Key"]
    assert "Idempotent-Replayed" in operation["responses"]["200"]["headers"]
    assert "idempotency_key_reused" in operation["responses"]["422"]["description"]
