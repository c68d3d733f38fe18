"""Per-address and per-contact rate limits: a burst over the limit gets a localized 429 with Retry-After;
RATELIMIT_ENABLED=false lets it through; with REDIS_URL two server processes share one count."""
import json
import os
import re
import subprocess
import uuid

import httpx
import pytest
import redis
from sqlalchemy import select

from consultation.models import Comment
from tests.conftest import OPEN_NOW, checked_from, csrf_token_from, sample_payload
from tests.serving import free_port, start_serve, wait_until_served
from web import create_app
from tests.limit_storage import storage_uri


def _payload(i: int, email: str | None = None) -> dict:
    payload = sample_payload()
    payload["comments"][0]["reason"] = f"理由 {i}：覆盖更多主体。"
    payload["submitter"]["phone"] = f"1380013{i:04d}"
    payload["submitter"]["email"] = email or f"person{i}@example.com"
    return payload


@pytest.fixture
def limited(services):
    return create_app(services, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_FEEDBACK="3/minute",
                      RATE_LIMIT_ASK="2/minute", RATE_LIMIT_CONTACT="2/hour",
                      RATELIMIT_STORAGE_URI="memory://", WEB_WORKERS=1).test_client()


@pytest.mark.parametrize("lang, text", [("zh-CN", "请求过于频繁"), ("en", "Too many requests")])
def test_a_burst_of_feedback_gets_a_localized_429_with_retry_after(limited, lang, text):
    statuses = [limited.post("/api/v1/feedback", json=_payload(i), headers={"Accept-Language": lang}).status_code
                for i in range(3)]
    assert statuses == [201, 201, 201]
    r = limited.post("/api/v1/feedback", json=_payload(9), headers={"Accept-Language": lang})
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) > 0
    assert r.get_json()["error"] == "rate_limited"
    assert text in r.get_json()["message"]


@pytest.mark.parametrize("lang, text", [("zh-CN", "请求过于频繁"), ("en", "Too many requests")])
def test_the_ask_page_answers_a_burst_with_a_429_page(limited, lang, text):
    token = csrf_token_from(limited.get("/ask").get_data(as_text=True))
    form = {"question": "县级市能申报吗？", "csrf_token": token}
    for _ in range(2):
        assert limited.post("/ask", data=form, headers={"Accept-Language": lang}).status_code == 200
    r = limited.post("/ask", data=form, headers={"Accept-Language": lang})
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) > 0
    assert r.mimetype == "text/html"
    assert text in r.get_data(as_text=True)


@pytest.mark.parametrize("lang, text, other", [("zh-CN", "邮箱或电话", "请求过于频繁"),
                                               ("en", "email address or phone number", "from you in a short time")])
def test_a_full_contact_limit_says_it_is_the_contact(limited, lang, text, other):
    """Refused for the contact, not for speed: the 429 says the address or number has been used too often."""
    for i in range(2):
        assert limited.post("/api/v1/feedback", json=_payload(i, "clerk@example.com"),
                            environ_base={"REMOTE_ADDR": f"10.1.0.{i}"}).status_code == 201
    r = limited.post("/api/v1/feedback", json=_payload(7, "clerk@example.com"),
                     environ_base={"REMOTE_ADDR": "10.1.0.9"}, headers={"Accept-Language": lang})
    assert r.status_code == 429 and text in r.get_json()["message"] and other not in r.get_json()["message"]


def test_one_contact_address_is_limited_whatever_the_client_address(limited):
    for i in range(2):
        r = limited.post("/api/v1/feedback", json=_payload(i, "victim@example.com"),
                         environ_base={"REMOTE_ADDR": f"10.0.0.{i}"})
        assert r.status_code == 201
    r = limited.post("/api/v1/feedback", json=_payload(5, "Victim@Example.com"), environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert r.status_code == 429
    assert "Retry-After" in r.headers


def test_ratelimit_enabled_false_lets_the_burst_through(services):
    client = create_app(services, TESTING=True, RATELIMIT_ENABLED="false", RATE_LIMIT_FEEDBACK="3/minute",
                        RATELIMIT_STORAGE_URI="memory://").test_client()
    assert [client.post("/api/v1/feedback", json=_payload(i)).status_code for i in range(6)] == [201] * 6


def test_in_memory_limits_are_divided_between_the_workers(services):
    client = create_app(services, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_FEEDBACK="4/minute",
                        RATELIMIT_STORAGE_URI="memory://", WEB_WORKERS=2).test_client()
    assert [client.post("/api/v1/feedback", json=_payload(i)).status_code for i in range(3)] == [201, 201, 429]


# --- two real server processes sharing Redis ----------------------------------------------------------------

REDIS = "redis://127.0.0.1:6379/0"


@pytest.mark.slow
def test_two_server_processes_share_the_count_in_redis(tmp_path, database_url):
    try:
        redis.Redis.from_url(REDIS).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"test13c-{uuid.uuid4().hex}"
    env = dict(os.environ, DATABASE_URL=database_url, CONSULT_INSTANCE=str(tmp_path), CONSULT_NOW=OPEN_NOW,
               SECRET_KEY="limits-test", REDIS_URL=REDIS, RATELIMIT_KEY_PREFIX=prefix, RATELIMIT_ENABLED="true",
               RATE_LIMIT_ASK="3/minute", WEB_THREADS="")
    ports = [free_port(), free_port()]
    procs = [start_serve(port, env, workers=1) for port in ports]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for proc, url in zip(procs, urls):
            wait_until_served(proc, url)
        ask = {"question": "县级市能申报吗？"}
        first = [httpx.post(f"{urls[0]}/api/v1/ask", json=ask, timeout=30).status_code for _ in range(3)]
        assert first == [200, 200, 200]
        r = httpx.post(f"{urls[1]}/api/v1/ask", json=ask, timeout=30)  # the other process saw the three
        assert r.status_code == 429
        assert int(r.headers["Retry-After"]) > 0
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        client = redis.Redis.from_url(REDIS)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)


@pytest.mark.parametrize("lang, text", [("zh-CN", "请求过于频繁"), ("en", "Too many requests")])
def test_saving_changes_and_withdrawing_share_the_feedback_limit(limited, services, lang, text):
    """Each saved change mails the submitter and the office, so saving is limited like sending; moving
    between the change pages (add, remove, check) stores nothing and is not counted."""
    from consultation.models import Submission
    from consultation.submissions import submit

    receipt = submit(services.engine, services.consultation, _payload(1), channel="web", locale="zh_CN",
                     now=services.now(), secret_key=services.settings.secret_key)
    base = f"/receipt/{receipt.reference}"
    url = f"{base}/change?token={receipt.token}"
    token = csrf_token_from(limited.get(url).get_data(as_text=True))
    with services.session() as s:
        comment_id = str(s.scalars(select(Comment.id)).one())
    form = {"csrf_token": token, "comments-0-id": comment_id, "comments-0-target": "art-3", "comments-0-kind": "amend",
            "comments-0-proposal": "改后的表述", "comments-0-reason": "", "comments-0-proposed_points": ""}
    headers = {"Accept-Language": lang}
    for action in ("add", "continue", "edit", "continue", "continue"):
        assert limited.post(url, data={**form, "action": action}, headers=headers).status_code == 200
    def confirm(reason):  # from its check page, as a person does (the check is not counted)
        check = limited.post(url, data={**form, "comments-0-reason": reason, "action": "continue"}, headers=headers)
        return limited.post(url, data={**form, "comments-0-reason": reason, "action": "confirm",
                                       "checked": checked_from(check.get_data(as_text=True))}, headers=headers)

    for i in range(3):
        assert confirm(f"第{i}次。").status_code == 302
    r = confirm("第四次。")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert r.mimetype == "text/html" and text in r.get_data(as_text=True)
    r = limited.post(f"{base}/withdraw?token={receipt.token}", data={"csrf_token": token}, headers=headers)
    assert r.status_code == 429
    with services.session() as s:
        sub = s.scalars(select(Submission)).one()
        assert sub.withdrawn_at is None and sub.comments[0].reason == "第2次。"
    other = limited.post(f"{base}/withdraw?token={receipt.token}", data={"csrf_token": token},
                         environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 302  # per client address


def test_a_view_that_fails_gives_the_contact_counters_back(services, monkeypatch):
    """The per-contact counters count stored submissions only: a request whose view raised (a database
    outage, a bug) stored nothing, so it does not use up the address's budget."""
    from web.api import views

    app = create_app(services, TESTING=True, PROPAGATE_EXCEPTIONS=False, RATELIMIT_ENABLED=True,
                     RATE_LIMIT_CONTACT="2/hour", RATELIMIT_STORAGE_URI="memory://", WEB_WORKERS=1)
    client = app.test_client()
    real = views.submit

    def broken(*args, **kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(views, "submit", broken)
    for i in range(3):
        assert client.post("/api/v1/feedback", json=_payload(i, "unlucky@example.com")).status_code == 500
    monkeypatch.setattr(views, "submit", real)
    statuses = [client.post("/api/v1/feedback", json=_payload(10 + i, "unlucky@example.com")).status_code
                for i in range(3)]
    assert statuses == [201, 201, 429]


# --- guessing private receipt links (attack round 3, F4) ----------------------------------------------------

def _storage(kind: str) -> str:
    return storage_uri(kind, REDIS)


def _same(response) -> str:
    """The body without the page's own address (its language and text-size links carry it back)."""
    return re.sub(r"next=[^\"&]*", "next=", response.get_data(as_text=True))


@pytest.mark.parametrize("storage", ["memory", "redis"])
@pytest.mark.parametrize("lang, text", [("zh-CN", "回执链接"), ("en", "receipt links that match no feedback")])
@pytest.mark.parametrize("path", ["/api/v1/feedback/{ref}?token={token}", "/receipt/{ref}?token={token}"])
def test_wrong_receipt_tokens_are_limited_per_address_and_the_owner_is_never_counted(services, storage, lang, text,
                                                                                     path):
    """A wrong token and an unknown reference answer the same 404 and count alike; over the limit the address
    gets a localized 429 with Retry-After, even for a right token (a guess that hits must not be answered);
    reading one's own receipt any number of times counts nothing; other addresses are not affected."""
    from consultation.submissions import submit

    prefix = f"test-miss-{uuid.uuid4().hex}"
    client = create_app(services, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_RECEIPT_MISS="3/minute",
                        RATELIMIT_STORAGE_URI=_storage(storage), RATELIMIT_KEY_PREFIX=prefix,
                        WEB_WORKERS=1).test_client()
    receipt = submit(services.engine, services.consultation, _payload(1), channel="web", locale="zh_CN",
                     now=services.now(), secret_key=services.settings.secret_key)
    mine = path.format(ref=receipt.reference, token=receipt.token)
    headers = {"Accept-Language": lang}
    try:
        assert [client.get(mine).status_code for _ in range(6)] == [200] * 6  # the owner: never counted
        wrong = client.get(path.format(ref=receipt.reference, token=uuid.uuid4().hex), headers=headers)
        unknown = client.get(path.format(ref="AAAA-BBBB-CCCC", token=uuid.uuid4().hex), headers=headers)
        assert wrong.status_code == unknown.status_code == 404 and _same(wrong) == _same(unknown)
        assert client.get(mine).status_code == 200
        assert client.get(path.format(ref=receipt.reference, token="0" * 32)).status_code == 404  # the third miss
        refused = client.get(path.format(ref=receipt.reference, token=uuid.uuid4().hex), headers=headers)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        assert text in refused.get_data(as_text=True)
        assert client.get(mine).status_code == 429  # over the limit, a right token is not answered either
        other = {"REMOTE_ADDR": "10.0.0.9"}
        assert client.get(mine, environ_base=other).status_code == 200
        assert client.get(path.format(ref=receipt.reference, token=uuid.uuid4().hex),
                          environ_base=other).status_code == 404
    finally:
        if storage == "redis":
            store = redis.Redis.from_url(REDIS)
            for key in store.scan_iter(f"{prefix}*"):
                store.delete(key)


def test_wrong_receipt_tokens_are_not_limited_with_ratelimit_enabled_false(services):
    client = create_app(services, TESTING=True, RATELIMIT_ENABLED="false", RATE_LIMIT_RECEIPT_MISS="2/minute",
                        RATELIMIT_STORAGE_URI="memory://").test_client()
    statuses = {client.get(f"/api/v1/feedback/AAAA-BBBB-CCCC?token={uuid.uuid4().hex}").status_code
                for _ in range(5)}
    assert statuses == {404}


def test_misses_after_the_owners_read_count_under_one_app_context(services):
    """The owner's read is marked on its own request: a caller holding one app context over many requests once
    had every later miss given back after a single right token, so guessing was never limited."""
    from consultation.submissions import submit

    app = create_app(services, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_RECEIPT_MISS="2/minute",
                     RATELIMIT_STORAGE_URI="memory://", RATELIMIT_KEY_PREFIX=f"test-held-{uuid.uuid4().hex}",
                     WEB_WORKERS=1)
    client = app.test_client()
    receipt = submit(services.engine, services.consultation, _payload(2), channel="web", locale="zh_CN",
                     now=services.now(), secret_key=services.settings.secret_key)
    with app.app_context():
        assert client.get(f"/api/v1/feedback/{receipt.reference}?token={receipt.token}").status_code == 200
        statuses = [client.get(f"/api/v1/feedback/{receipt.reference}?token={uuid.uuid4().hex}").status_code
                    for _ in range(3)]
    assert statuses == [404, 404, 429]


# --- guessing saved self-check links (issue 13) -------------------------------------------------------------

SELF_CHECK_LINKS = ["/self-check/{token}", "/self-check/{token}/result", "/self-check/{token}/report.html",
                    "/self-check/{token}/report.docx", "/self-check/{token}/step/zone_types"]


def _saved_self_check(client) -> str:
    """A finished self-check saved through the API, as a program or the bot saves one; its private token."""
    from tests.selfcheck_support import full_answers

    response = client.post("/api/v1/self-check", json={"answers": full_answers(["product_innovation"]), "save": True})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["saved"]["token"]


def _guess() -> str:
    import secrets

    return secrets.token_urlsafe(32)  # the form of a real token: found nowhere


@pytest.mark.parametrize("storage", ["memory", "redis"])
@pytest.mark.parametrize("lang, text", [("zh-CN", "自评链接"), ("en", "self-check links that match no saved self-check")])
@pytest.mark.parametrize("path", SELF_CHECK_LINKS)
def test_wrong_self_check_tokens_are_limited_per_address_and_the_owner_is_never_counted(services, storage, lang,
                                                                                       text, path):
    """Every form of a saved self-check's private link: a token that matches nothing answers 404 and counts
    against RATE_LIMIT_SELF_CHECK_MISS; over the limit the address gets a localized 429 with Retry-After, even
    for the right token; the owner opening their own link any number of times counts nothing; other addresses
    are not affected; the receipt links' limit is a separate one."""
    prefix = f"test-sc-miss-{uuid.uuid4().hex}"
    client = create_app(services, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_SELF_CHECK_MISS="3/minute",
                        RATELIMIT_STORAGE_URI=_storage(storage), RATELIMIT_KEY_PREFIX=prefix,
                        WEB_WORKERS=1).test_client()
    token = _saved_self_check(client)
    mine = path.format(token=token)
    headers = {"Accept-Language": lang}
    try:
        owner = [client.get(mine).status_code for _ in range(8)]
        assert set(owner) <= {200, 302} and 429 not in owner  # the owner: never counted
        assert client.get(path.format(token=_guess()), headers=headers).status_code == 404
        assert client.get(path.format(token="x" * 43)).status_code == 404  # not even a token's form: counted too
        assert client.get(mine).status_code in (200, 302)
        assert client.get(f"/api/v1/feedback/AAAA-BBBB-CCCC?token={uuid.uuid4().hex}").status_code == 404
        assert client.get(path.format(token=_guess())).status_code == 404  # the third miss
        refused = client.get(path.format(token=_guess()), headers=headers)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        assert text in refused.get_data(as_text=True)
        assert client.get(mine).status_code == 429  # over the limit, a right token is not answered either
        other = {"REMOTE_ADDR": "10.0.0.9"}
        assert client.get(mine, environ_base=other).status_code in (200, 302)
        assert client.get(path.format(token=_guess()), environ_base=other).status_code == 404
    finally:
        if storage == "redis":
            store = redis.Redis.from_url(REDIS)
            for key in store.scan_iter(f"{prefix}*"):
                store.delete(key)


def test_a_self_check_wizard_taken_by_its_owner_is_never_refused(services):
    """Page after page of one's own self-check, saved, refused and reloaded, far more often than the miss limit
    allows in a window, between guesses from the same address: never a 429, and the guesses alone fill it."""
    from tests.conftest import csrf_token_from

    client = create_app(services, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_SELF_CHECK_MISS="3/minute",
                        RATELIMIT_STORAGE_URI="memory://", RATELIMIT_KEY_PREFIX=f"test-sc-own-{uuid.uuid4().hex}",
                        WEB_WORKERS=1).test_client()
    csrf = csrf_token_from(client.get("/self-check").get_data(as_text=True))
    started = client.post("/self-check", data={"csrf_token": csrf, "zone_types": ["deep_application"]})
    assert started.status_code == 302
    token = started.location.split("/self-check/")[1].split("/")[0]
    assert [client.get(f"/self-check/{_guess()}").status_code for _ in range(2)] == [404, 404]
    statuses = []
    for _ in range(5):
        resumed = client.get(f"/self-check/{token}")
        statuses.append(resumed.status_code)
        statuses.append(client.get(resumed.location).status_code)
        statuses.append(client.post(resumed.location, data={"csrf_token": csrf}).status_code)  # a page refused: 422
    assert 429 not in statuses and 404 not in statuses, statuses
    assert [client.get(f"/self-check/{_guess()}/result").status_code for _ in range(2)] == [404, 429]


def test_wrong_self_check_tokens_are_not_limited_with_ratelimit_enabled_false(services):
    """RATELIMIT_ENABLED=false turns the self-check miss limit off with the others; the same burst is refused
    with it on."""
    def burst(enabled):
        client = create_app(services, TESTING=True, RATELIMIT_ENABLED=enabled, RATE_LIMIT_SELF_CHECK_MISS="2/minute",
                            RATELIMIT_STORAGE_URI="memory://", WEB_WORKERS=1,
                            RATELIMIT_KEY_PREFIX=f"test-sc-off-{uuid.uuid4().hex}").test_client()
        return [client.get(f"/self-check/{_guess()}/result").status_code for _ in range(4)]

    assert burst("true") == [404, 404, 429, 429]
    assert burst("false") == [404] * 4


# --- contact values that cannot be hashed (attack round 4, F2) ----------------------------------------------

@pytest.mark.parametrize("field, value", [("email", "\\ud800@example.com"), ("email", "a\\udfff@example.com"),
                                          ("phone", "\\ud800"), ("phone", "138\\ud800")])
def test_a_lone_surrogate_in_the_contact_is_refused_not_a_500(services, field, value):
    """The per-contact limiter hashed the raw value before validation, and a lone surrogate cannot be
    encoded: 500 with Redis (in memory it was hashed by Python, never encoded). It is left uncounted, and
    the view refuses it with its 422."""
    storage = "redis"
    prefix = f"test-surrogate-{uuid.uuid4().hex}"
    client = create_app(services, TESTING=True, PROPAGATE_EXCEPTIONS=False, RATELIMIT_ENABLED=True,
                        RATELIMIT_STORAGE_URI=_storage(storage), RATELIMIT_KEY_PREFIX=prefix,
                        WEB_WORKERS=1).test_client()
    payload = _payload(1)
    payload["submitter"][field] = "@@SURROGATE@@"
    body = json.dumps(payload).replace('"@@SURROGATE@@"', f'"{value}"')
    try:
        r = client.post("/api/v1/feedback", data=body, content_type="application/json")
        assert r.status_code == 422, r.get_data(as_text=True)
        assert client.post("/api/v1/feedback", json=_payload(2)).status_code == 201  # the limits still work
    finally:
        if storage == "redis":
            store = redis.Redis.from_url(REDIS)
            for key in store.scan_iter(f"{prefix}*"):
                store.delete(key)
