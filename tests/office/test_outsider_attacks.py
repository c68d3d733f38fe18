"""The outsider's attack script (issue 13, second round) replayed in-process, one test per finding.

Each attack failed before its fix: refused bodies used up a victim's per-contact budget; phone spellings
and email letter case escaped the contact limit and the identical-repeat rule; an identical repeat
handed the receipt token to anyone (a retry with the first request's Idempotency-Key and body gets the
stored response, third round: tests/test_idempotency.py); office API answers were cacheable; the saved self-check link took
the request's Host; NUL bytes and huge integers in office URLs and forms were 500s; the 长辈版 cookie
lacked Secure behind HTTPS; a wrong method under /api/ answered an HTML page.
"""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from consultation.models import Submission
from consultation.office.accounts import issue_token
from consultation.office.models import CommentNote, StaffAccount
from tests.conftest import sample_payload
from guidance.requests import example_answers
from web import create_app

HUGE = "99999999999999999999"


def count(services) -> int:
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(Submission))


def limited_client(services, contact="5/hour", storage="memory://"):
    return create_app(services, TESTING=True, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=True,
                      RATE_LIMIT_FEEDBACK="100/minute", RATE_LIMIT_CONTACT=contact,
                      RATELIMIT_STORAGE_URI=storage, RATELIMIT_KEY_PREFIX=f"t{uuid.uuid4().hex}",
                      WEB_WORKERS=1).test_client()


def body(i: int, *, email: str | None = None, phone: str = "") -> dict:
    payload = sample_payload()
    payload["comments"][0]["reason"] = f"理由 {i}：覆盖更多主体。"
    payload["submitter"].update(email=email or "", phone=phone)
    return payload


def post(client, payload, i: int, **headers):
    return client.post("/api/v1/feedback", json=payload, headers=headers, environ_base={"REMOTE_ADDR": f"10.1.0.{i}"})


# 1. contact-budget-invalid (the contact's counters are added to before the view and given back when it
# stores nothing: a refused body, an identical repeat)
@pytest.mark.parametrize("storage", ["memory://", "redis://127.0.0.1:6379/0"])
@pytest.mark.parametrize("spoil", [{"consent": False}, {"target": "nope"}, "repeat"])
def test_refused_submissions_do_not_use_up_a_contacts_budget(office, spoil, storage):
    client = limited_client(office, storage=storage)
    if spoil == "repeat":
        assert post(client, body(0, email="victim@example.com"), 0).status_code == 201
    for i in range(8):
        attack = body(i, email="victim@example.com")
        if spoil == "repeat":
            attack = body(0, email="victim@example.com")
        elif "target" in spoil:
            attack["comments"][0]["target"] = "nope"
        else:
            attack.update(spoil)
        assert post(client, attack, i).status_code == (200 if spoil == "repeat" else 422)
    for i in range(4 if spoil == "repeat" else 5):  # the whole budget (5/hour) is left for stored ones
        assert post(client, body(99 + i, email="victim@example.com"), 99).status_code == 201
    assert post(client, body(200, email="victim@example.com"), 99).status_code == 429


# 2. flood-contact-phone-variants
def test_one_phone_written_many_ways_is_one_contact(office):
    client = limited_client(office)
    p = "19318079770"
    spellings = [p, f"+86{p}", f"+86 {p}", f"0086{p}", f"0086 {p}", "193-1807-9770", "193 1807 9770",
                 "+86-193-1807-9770", f" {p} "]
    statuses = [post(client, body(i, phone=s), i).status_code for i, s in enumerate(spellings)]
    assert statuses[:5] == [201] * 5 and set(statuses[5:]) == {429}
    assert count(office) == 5


# 2/10. repeat-email-case
def test_the_identical_repeat_rule_ignores_email_letter_case(office, app):
    client = app.test_client()
    first = post(client, body(1, email="RepX@example.com"), 1)
    again = post(client, body(1, email="repx@EXAMPLE.com"), 2)
    assert first.status_code == 201
    assert again.status_code == 200 and again.get_json()["repeat"] is True
    assert "token" not in again.get_json() and count(office) == 1
    with office.session() as s:  # stored as given
        assert s.scalar(select(Submission.email)) == "RepX@example.com"


# 3. idem-replay-other-client-token
@pytest.mark.parametrize("headers", [{}, {"Idempotency-Key": "k-other"}])
def test_the_same_body_without_the_first_key_never_gets_the_token(office, app, headers):
    client = app.test_client()
    first = post(client, body(1, email="x@example.com"), 1, **{"Idempotency-Key": "k-replay"})
    replay = post(app.test_client(), body(1, email="x@example.com"), 2, **headers)
    assert first.status_code == 201 and "token" in first.get_json()
    assert replay.status_code == 200
    data = replay.get_json()
    assert data["reference"] == first.get_json()["reference"]
    assert "token" not in data and "receipt_url" not in data
    assert first.get_json()["token"] not in replay.get_data(as_text=True)
    assert count(office) == 1


# 4. no-store-personal
def test_office_api_and_pages_are_never_cached(office, clients):
    with office.session() as s:
        secret = issue_token(s, s.scalar(select(StaffAccount).where(StaffAccount.username == "admin")), actor="t")
        s.commit()
    post(clients["anonymous"], body(1, email="p@example.com"), 1)
    with office.session() as s:
        sid = s.scalar(select(Submission.id))
    r = clients["anonymous"].get(f"/api/v1/office/submissions/{sid}", headers={"Authorization": f"Bearer {secret}"})
    assert r.status_code == 200 and r.headers.get("Cache-Control") == "no-store"
    dash = clients["anonymous"].get("/api/v1/office/dashboard", headers={"Authorization": f"Bearer {secret}"})
    assert dash.headers.get("Cache-Control") == "no-store"
    for path in ("/office/", "/office/search", "/office/login"):
        assert clients["admin"].get(path).headers.get("Cache-Control") == "no-store", path


# 5. host-header-links
def test_the_saved_self_check_link_is_built_from_base_url(office, app):
    payload = {"answers": example_answers(office.consultation), "save": True}
    r = app.test_client().post("/api/v1/self-check", json=payload,
                               headers={"Host": "evil.com", "X-Forwarded-Host": "evil.com"})
    assert r.status_code == 200, r.get_json()
    url = r.get_json()["saved"]["url"]
    assert url.startswith(office.settings.base_url + "/self-check/") and "evil.com" not in url


# 6. login-bad-input, nul-office
def test_a_nul_in_the_sign_in_name_is_refused_not_a_500(office, app, accounts):
    r = app.test_client().post("/office/login", data={"username": "editor\x00", "password": "x" * 12})
    assert r.status_code in (400, 401)


@pytest.mark.parametrize("path", [
    "/office/search?search=%00", "/office/search?kind=%00&category=%00&channel=%00&outcome=%00&assignee=%00",
    "/office/node/art-3?search=%00", "/office/node/art-3?kind=%00&channel=%00&category=%00&outcome=%00",
    "/office/admin/audit?actor=%00", "/office/admin/audit?action=%00&kind=%00"])
def test_nul_in_office_filters_is_a_localized_400(clients, path):
    r = clients["admin"].get(path, headers={"Accept-Language": "en"})
    assert r.status_code == 400
    assert "is not valid" in r.get_data(as_text=True)


def test_an_office_note_with_nul_is_refused_and_nothing_stored(office, clients):
    post(clients["anonymous"], body(1, email="n@example.com"), 1)
    with office.session() as s:
        from consultation.models import Comment
        cid = s.scalar(select(Comment.id))
    r = clients["admin"].post(f"/office/comment/{cid}/notes", data={"body": "note\x00"})
    assert r.status_code == 400
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(CommentNote)) == 0


# 7. office-huge-ints, office-post-huge-ints
@pytest.mark.parametrize("path", [f"/office/search?page={HUGE}", f"/office/admin/audit?page={HUGE}",
                                  f"/office/search?group={HUGE}", f"/office/comment/{HUGE}/notes"])
def test_huge_integers_in_office_urls_are_4xx(clients, path):
    assert clients["admin"].get(path).status_code in (400, 404)


def test_a_note_on_a_huge_comment_id_is_a_404(clients):
    assert clients["admin"].post(f"/office/comment/{HUGE}/notes", data={"body": "x"}).status_code == 404


# 8. secure-all-cookies
def test_the_care_cookie_is_secure_over_https(office, app):
    r = app.test_client().get("/care?on=1&next=/", base_url="https://localhost")
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("care=1") and "Secure" in cookie and "HttpOnly" in cookie


# 9. api-errors-json
@pytest.mark.parametrize("method, path", [("GET", "/api/v1/feedback"), ("DELETE", "/api/v1/ask"),
                                          ("PUT", "/api/v1/self-check"), ("POST", "/api/v1/document")])
def test_a_wrong_method_under_the_api_is_a_localized_json_error(app, method, path):
    client = app.test_client()
    en = client.open(path, method=method, headers={"Accept-Language": "en"})
    zh = client.open(path, method=method)
    assert en.status_code == 405 and en.mimetype == "application/json"
    assert en.get_json()["error"] == "method_not_allowed" and "Allow" in en.headers
    assert en.get_json()["message"].startswith("This address does not accept")
    assert zh.get_json()["message"] != en.get_json()["message"]


# 10. login-cpu-dos
def test_password_hashes_use_owasps_argon2id_minimum_not_more():
    from consultation.office import passwords

    assert passwords.hash_password("amber river lantern seven").startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    h = passwords.hasher
    assert h.memory_cost >= 19 * 1024 and h.time_cost >= 2 and h.parallelism >= 1  # never below OWASP


def test_the_per_address_sign_in_limit_stops_the_argon2_drain(office, monkeypatch):
    from consultation.office import passwords

    calls = []
    real = passwords.hasher

    class Counting:
        def __getattr__(self, name):
            return getattr(real, name)

        def verify(self, *args):
            calls.append(1)
            return real.verify(*args)

    monkeypatch.setattr(passwords, "hasher", Counting())
    client = create_app(office, TESTING=True, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=True,
                        RATE_LIMIT_LOGIN="3/minute", RATELIMIT_STORAGE_URI="memory://", WEB_WORKERS=1).test_client()
    statuses = [client.post("/office/login", data={"username": f"nobody{i}", "password": "x" * 12},
                            environ_base={"REMOTE_ADDR": "10.9.0.1"}).status_code for i in range(8)]
    assert statuses[:3] == [401] * 3 and set(statuses[3:]) == {429}
    assert len(calls) == 3  # refused sign-ins cost no argon2 verification


def test_a_forged_host_reaches_no_link_that_leaves_the_request(office, app):
    """The receipt page shows the address the person is using (a page answers its own request; the
    default BASE_URL printed a dead link), so a forged Host shows only in the forger's own answer: the
    page is no-store (no cache hands it to anyone), X-Forwarded-Host counts only with TRUST_PROXY, and
    the links that leave the request (the API's receipt_url, the mailed receipt) stay on BASE_URL."""
    client = app.test_client()
    first = post(client, body(1, email="h@example.com"), 1, Host="evil.com").get_json()
    assert first["receipt_url"].startswith(office.settings.base_url + "/receipt/")
    answer = client.get(f"/receipt/{first['reference']}", query_string={"token": first["token"]},
                        headers={"X-Forwarded-Host": "evil.com"})
    assert "evil.com" not in answer.get_data(as_text=True)
    assert "no-store" in answer.headers["Cache-Control"]
    forged = client.get(f"/receipt/{first['reference']}", query_string={"token": first["token"]},
                        headers={"Host": "evil.com"})
    assert "no-store" in forged.headers["Cache-Control"]
