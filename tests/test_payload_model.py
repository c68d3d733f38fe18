"""Bad input to the public API and form: a localized 4xx with per-field messages, nothing stored, never a 500
(issue 13, attacks 8 and 9)."""
import json
import re

import pytest
from sqlalchemy import func, select

from consultation.models import Comment, Submission
from tests.conftest import sample_payload
from tests.test_feedback_form import form_data, token_of


def count(services, model=Submission):
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def post_raw(client, body: bytes | str, path="/api/v1/feedback", **headers):
    return client.post(path, data=body, content_type="application/json", headers=headers)


def fields_of(response):
    return {e["field"]: e["message"] for e in response.get_json().get("errors", [])}


@pytest.mark.parametrize("name", [{"$gt": ""}, True, 12, ["张三"], None])
def test_wrong_types_are_refused_not_stringified(client, services, name):
    payload = sample_payload()
    payload["submitter"]["name"] = name
    r = client.post("/api/v1/feedback", json=payload, headers={"Accept-Language": "en"})
    assert r.status_code == 422
    assert "submitter.name" in fields_of(r) and count(services) == 0


def test_a_wrong_type_is_explained_in_the_callers_language(client, services):
    payload = sample_payload()
    payload["comments"][0]["proposal"] = {"$ne": None}
    en = fields_of(client.post("/api/v1/feedback", json=payload, headers={"Accept-Language": "en"}))
    zh = fields_of(client.post("/api/v1/feedback", json=payload))
    assert en["comments.0.proposal"] == "Wrong type: this must be text."
    assert zh["comments.0.proposal"].startswith("类型错误")
    assert not re.search("[A-Za-z]", zh["comments.0.proposal"])  # the type's name translated too


def test_consent_must_be_the_boolean_true(client, services):
    for consent in ("true", 1, "yes"):
        r = client.post("/api/v1/feedback", json=sample_payload(consent=consent))
        assert r.status_code == 422 and "consent" in fields_of(r)
    assert count(services) == 0


def test_duplicate_keys_are_refused(client, services):
    body = json.dumps(sample_payload())[:-1] + ', "consent": false, "consent": true}'
    r = post_raw(client, body, **{"Accept-Language": "en"})
    assert r.status_code == 400 and "appears twice" in r.get_json()["message"]
    assert count(services) == 0


@pytest.mark.parametrize("points", ["1_0", "١٠", "٣", " 5", "5.0", 5.5, True, -1, 101, "0x10"])
def test_points_are_ascii_whole_numbers(client, services, points):
    payload = sample_payload()
    payload["comments"][0].update(target="annex-1/16", kind="other", proposed_points=points)
    r = client.post("/api/v1/feedback", json=payload)
    assert r.status_code == 422 and "comments.0.proposed_points" in fields_of(r)
    assert count(services) == 0


def test_ascii_points_as_text_or_number_are_kept(client, services):
    for points in ("6", 7):
        payload = sample_payload()
        payload["comments"][0].update(target="annex-1/16", kind="other", proposed_points=points,
                                      reason=f"理由 {points}")
        assert client.post("/api/v1/feedback", json=payload).status_code == 201
    with services.session() as s:
        assert sorted(s.scalars(select(Comment.proposed_points))) == [6, 7]


@pytest.mark.parametrize("char", ["\u2066", "\u2067", "\u2068", "\u2069", "\u202e", "\u0000", "\u0085"])
def test_bidi_isolates_and_controls_are_refused(client, services, char):
    payload = sample_payload()
    payload["comments"][0]["reason"] = f"看似无害{char}的理由"
    r = client.post("/api/v1/feedback", json=payload, headers={"Accept-Language": "en"})
    assert r.status_code == 422 and "U+2066" in fields_of(r)["comments.0.reason"]
    assert count(services) == 0


@pytest.mark.parametrize("where", ["name", "reason"])
def test_a_lone_surrogate_is_a_422_not_a_500(client, services, where):
    text = json.dumps(sample_payload(), ensure_ascii=True)
    text = text.replace("\\u5f20\\u4e09", "\\ud800") if where == "name" else \
        text.replace("\\u8986\\u76d6", "\\udfff\\ud800")
    r = post_raw(client, text)
    assert r.status_code == 422
    assert ("submitter.name" if where == "name" else "comments.0.reason") in fields_of(r)
    assert count(services) == 0


@pytest.mark.parametrize("path", ["/api/v1/feedback", "/api/v1/ask", "/api/v1/self-check"])
@pytest.mark.parametrize("depth", [13, 1000, 100000])
def test_deep_nesting_is_a_400(client, services, path, depth):
    r = post_raw(client, '{"a": ' + "[" * depth + "]" * depth + "}", path)
    assert r.status_code == 400 and r.get_json()["error"] == "bad_json"


@pytest.mark.parametrize("number", ["1e999", "-1e999", "NaN", "Infinity", "1" * 5000, "1" * 40])
def test_huge_or_infinite_numbers_are_a_400(client, services, number):
    body = json.dumps(sample_payload()).replace('"proposed_points": null', f'"proposed_points": {number}')
    assert number in body
    assert post_raw(client, body).status_code == 400 and count(services) == 0


def test_a_body_that_is_not_utf8_is_a_400(client, services):
    assert post_raw(client, '{"question": "县级"}'.encode("gb18030"), "/api/v1/ask").status_code == 400


@pytest.mark.parametrize("phone", ["1-800-FLOWERS", "138001380OO", "+1 (800) FLOWERS", "١٣٨٠٠١٣٨٠٠٠"])
def test_phone_numbers_are_digits(client, services, phone):
    payload = sample_payload()
    payload["submitter"]["phone"] = phone
    r = client.post("/api/v1/feedback", json=payload)
    assert r.status_code == 422 and "submitter.phone" in fields_of(r) and count(services) == 0


@pytest.mark.parametrize("phone, stored", [
    ("１３９９４１５０３０８", "+8613994150308"),  # full-width digits, as a Chinese input method types them
    ("（+86）139 9415 0308", "+8613994150308"),
    ("(+86)13994150308", "+8613994150308"),
    ("139.9415.0308", "+8613994150308"),
    ("139\u30009415\u30000308", "+8613994150308"),  # ideographic spaces
    ("(0551)62871234", "+8655162871234"),
    ("0551 6287 1234", "+8655162871234"),
    ("（０５５１）６２８７－１２３４", "+8655162871234"),
])
def test_phone_numbers_as_people_write_them_are_one_number(client, services, phone, stored):
    """Digits only, but as they are typed: full-width, grouped by spaces or dots, the code in brackets."""
    from consultation.models import Submission

    payload = sample_payload()
    payload["submitter"]["phone"] = phone
    r = client.post("/api/v1/feedback", json=payload)
    assert r.status_code == 201, r.get_json()
    with services.session() as s:
        assert s.scalars(select(Submission.phone)).all() == [stored]


def test_unknown_fields_are_refused(client, services):
    payload = sample_payload(admin=True)
    r = client.post("/api/v1/feedback", json=payload)
    assert r.status_code == 422 and "admin" in fields_of(r)


@pytest.mark.parametrize("body", [{"question": 123}, {"question": ["县级"]}, {"question": "\u2066县级"},
                                  {"question": "县级", "extra": 1}])
def test_ask_takes_only_a_question_as_text(client, services, body):
    r = client.post("/api/v1/ask", json=body)
    assert r.status_code == 422 and r.get_json()["errors"]


def test_self_check_refuses_wrong_types(client, services):
    r = client.post("/api/v1/self-check", json={"answers": {"zone_types": ["deep_application"]}, "save": "yes"})
    assert r.status_code == 422 and "save" in fields_of(r)


def test_the_form_refuses_more_comments_than_allowed(client, services):
    token = token_of(client)
    extra = {}
    for i in range(2, 60):
        extra.update({f"comments-{i}-target": "art-3", f"comments-{i}-kind": "support",
                      f"comments-{i}-reason": f"理由{i}"})
    r = client.post("/feedback", data=form_data(token, **extra), headers={"Accept-Language": "en"})
    assert r.status_code == 422
    assert "At most 50 comments" in r.get_data(as_text=True)
    assert client.get("/feedback/about-you").status_code == 302  # not past the comments step
    assert count(services) == 0


def test_the_pages_that_show_personal_details_are_not_cached(client, services):
    """The about-you page refused (it shows the name and phone typed) and the check page."""
    token = token_of(client)
    client.post("/feedback", data=form_data(token))
    r = client.post("/feedback/about-you", data=form_data(token, consent=None))
    assert r.status_code == 422 and "李四" in r.get_data(as_text=True)
    assert "no-store" in r.headers.get("Cache-Control", "")
    client.post("/feedback/about-you", data=form_data(token))
    check = client.get("/feedback/check")
    assert "李四" in check.get_data(as_text=True) and "no-store" in check.headers.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["/api/v1/feedback", "/api/v1/ask"])
def test_a_chunked_body_over_the_limit_is_a_413_not_malformed(client, services, path):
    """Without a Content-Length (a chunked body, which the server marks wsgi.input_terminated), werkzeug's
    stream stops at MAX_CONTENT_LENGTH silently: the cut body must be answered as too large (413), not as
    bad JSON (400)."""
    import io

    chunked = {"headers": {"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
               "environ_base": {"wsgi.input_terminated": True}}
    body = b'{"question": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    r = client.post(path, input_stream=io.BytesIO(body), **chunked)
    assert r.status_code == 413 and r.get_json()["error"] == "too_large"
    small = client.post("/api/v1/ask", input_stream=io.BytesIO('{"question": "县级市能申报吗"}'.encode()), **chunked)
    assert small.status_code == 200
    assert count(services) == 0
