"""Form bodies and query strings that are not UTF-8 are refused with a localized 400 on every route, and
nothing is stored (web/encoding.py; attack round 6, F3: a form posted as GBK was stored as "%B1%ED...").

The same form in UTF-8, as multipart, or labelled ISO-8859-1 (as HTTP libraries label every form) is read
as before."""
from __future__ import annotations

import os
import re
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from consultation.db import normalise_url, scratch_database
from consultation.models import Comment, FeedbackDraft, OutboxMessage, Submission
from guidance.models import SavedSelfCheck
from tests.conftest import OPEN_NOW, checked_from, csrf_token_from
from tests.serving import free_port, start_serve, wait_until_served

PROPOSAL = "表单提交的建议内容"
STEP1 = {"comments-0-target": "art-3", "comments-0-kind": "amend", "comments-0-proposal": PROPOSAL,
         "comments-0-reason": "理由", "action": "continue"}
STEP2 = {"submitter-category": "individual", "submitter-name": "王五", "submitter-organisation": "",
         "submitter-phone": "13800138000", "submitter-email": "", "consent": "yes"}
FORM_ZH = "表单内容不是以 UTF-8 编码发送的，无法读取，未保存任何内容。"
FORM_EN = "The form was not sent as UTF-8 text, so it could not be read. Nothing was saved."
QUERY_ZH = "网址中含有非 UTF-8 编码的字符，无法读取。"
GBK_FORM = "application/x-www-form-urlencoded; charset=gbk"
FORM = "application/x-www-form-urlencoded"
STORED = (Submission, Comment, FeedbackDraft, OutboxMessage, SavedSelfCheck)


def encoded(data: dict, encoding: str = "utf-8") -> bytes:
    return urlencode(data, encoding=encoding).encode("ascii")


def rows(services) -> dict:
    with services.session() as s:
        return {model.__name__: s.scalar(select(func.count()).select_from(model)) for model in STORED}


def token_of(client, path="/feedback") -> str:
    return csrf_token_from(client.get(path).get_data(as_text=True))


def refused_page(response, text=FORM_ZH) -> bool:
    return response.status_code == 400 and text in response.get_data(as_text=True)


def test_a_feedback_form_posted_as_gbk_is_refused_at_each_step_and_nothing_is_stored(client, services):
    token = token_of(client)
    r = client.post("/feedback", data=encoded({"csrf_token": token, **STEP1}, "gbk"), content_type=GBK_FORM)
    assert refused_page(r), (r.status_code, r.headers.get("Location"))
    assert "no-store" in r.headers["Cache-Control"]
    assert rows(services) == dict.fromkeys(rows(services), 0)
    # The comments in UTF-8, then about you in GBK: refused, and the check page still has no submitter.
    assert client.post("/feedback", data={"csrf_token": token, **STEP1}).status_code == 302
    r = client.post("/feedback/about-you", data=encoded({"csrf_token": token, **STEP2}, "gbk"),
                    content_type=GBK_FORM)
    assert refused_page(r)
    assert client.get("/feedback/check").status_code == 302  # back to about you: nothing was taken
    # The confirmation itself, its bytes not UTF-8 (a stray field): refused, no submission.
    client.post("/feedback/about-you", data={"csrf_token": token, **STEP2})
    shown = checked_from(client.get("/feedback/check").get_data(as_text=True))
    r = client.post("/feedback/check", data=f"csrf_token={token}&checked={shown}&action=confirm&x=%B1%ED".encode(),
                    content_type=FORM)
    assert refused_page(r)
    counts = rows(services)
    assert counts["Submission"] == counts["Comment"] == counts["OutboxMessage"] == 0
    # Sent again from the page (UTF-8), it is stored as typed.
    r = client.post("/feedback/check", data={"csrf_token": token, "checked": shown, "action": "confirm"})
    assert r.status_code == 302 and "/receipt/" in r.headers["Location"]
    with services.session() as s:
        assert s.scalars(select(Comment.proposal)).all() == [PROPOSAL]
        assert s.scalars(select(Submission.name)).all() == ["王五"]


@pytest.mark.parametrize("body, content_type", [
    (encoded({"comments-0-proposal": PROPOSAL}, "gbk"), FORM),  # no label: the bytes alone decide
    (encoded({"comments-0-proposal": PROPOSAL}, "gb18030"), "application/x-www-form-urlencoded; charset=GB18030"),
    ("comments-0-proposal=".encode() + PROPOSAL.encode("gbk"), FORM),  # raw bytes, not percent-encoded
    (encoded({PROPOSAL: "x"}, "gbk"), FORM),  # a field's name
    (encoded({"comments-0-proposal": "模"}, "gbk"), GBK_FORM),  # GBK C4 A3, valid UTF-8 by chance ("ģ")
    (encoded({"comments-0-proposal": "abc"}), "application/x-www-form-urlencoded; charset=big5"),
    (encoded({"comments-0-proposal": "abc"}), "application/x-www-form-urlencoded; charset=no-such-thing"),
    (b"comments-0-proposal=%E8%A1", FORM),  # a UTF-8 sequence cut short
    (b"comments-0-proposal=%ED%A0%80", FORM),  # a surrogate, which UTF-8 never encodes
])
def test_a_form_body_that_is_not_utf8_or_says_it_is_another_charset_is_refused(client, services, body, content_type):
    token = token_of(client)
    r = client.post("/feedback", data=f"csrf_token={token}&action=keep&".encode() + body, content_type=content_type)
    assert refused_page(r)
    assert rows(services)["FeedbackDraft"] == 0


@pytest.mark.parametrize("content_type", [FORM, "application/x-www-form-urlencoded; charset=ISO-8859-1",
                                          "application/x-www-form-urlencoded; charset=us-ascii",
                                          "application/x-www-form-urlencoded; charset=UTF-8"])
def test_utf8_is_read_whatever_the_label_that_may_stand_beside_it(client, services, content_type):
    token = token_of(client)
    r = client.post("/feedback", data=encoded({"csrf_token": token, **STEP1}), content_type=content_type)
    assert r.status_code == 302 and r.headers["Location"].endswith("/feedback/about-you")
    with services.session() as s:
        assert PROPOSAL in str(s.scalars(select(FeedbackDraft.comments)).one())


def multipart(fields: list[tuple[str, bytes, str | bytes]], boundary="b0undary") -> tuple[bytes, str]:
    """A multipart body: (name, bytes, the rest of its part's headers) per part."""
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'.encode()
             + (extra if isinstance(extra, bytes) else extra.encode()) + b"\r\n\r\n" + value + b"\r\n"
             for name, value, extra in fields]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("part, ok", [
    (("comments-0-proposal", PROPOSAL.encode("gbk"), ""), False),
    (("comments-0-proposal", PROPOSAL.encode(), "\r\nContent-Type: text/plain; charset=gbk"), False),
    (("comments-0-proposal", PROPOSAL.encode(), ""), True),
    (("comments-0-proposal", PROPOSAL.encode(), "\r\nContent-Type: text/plain; charset=utf-8"), True),
    # A part's headers are read as UTF-8 (Werkzeug read this body as an empty form).
    (("scan", b"x", b'; filename="' + "表.png".encode("gbk") + b'"'), False),
    # A file's bytes are its own: never checked.
    (("scan", b"\x89PNG\r\n\x1a\n\xb1\xed\xff", '; filename="a.png"\r\nContent-Type: image/png'), True),
])
def test_a_multipart_text_field_must_be_utf8_and_a_file_may_hold_any_bytes(client, services, part, ok):
    token = token_of(client)
    fields = [("csrf_token", token.encode(), ""), *[(k, v.encode(), "") for k, v in STEP1.items()
                                                     if k != part[0]], part]
    body, content_type = multipart(fields)
    r = client.post("/feedback", data=body, content_type=content_type)
    if ok:
        assert r.status_code == 302, r.get_data(as_text=True)
        with services.session() as s:
            assert PROPOSAL in str(s.scalars(select(FeedbackDraft.comments)).one())
    else:
        assert refused_page(r)
        assert rows(services)["FeedbackDraft"] == 0


def _sample(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: "1" if m.group(1).endswith("id") or m.group(1) == "number"
                  else "ABCD-EFGH-JKMN", rule)


def test_every_route_refuses_a_form_that_is_not_utf8_in_its_own_kind_of_answer(app, client, services):
    """Every POST the app routes (the public forms, self-check, ask, the private links, the office's forms
    and its API, the WeChat endpoint): the page under its own language, the JSON error under /api/."""
    routes = sorted({_sample(rule.rule) for rule in app.url_map.iter_rules() if "POST" in rule.methods})
    assert {"/feedback", "/ask", "/self-check", "/receipt/ABCD-EFGH-JKMN/change", "/office/login",
            "/receipt/ABCD-EFGH-JKMN/withdraw", "/api/v1/feedback", "/office/inbound/new"} <= set(routes)
    body = encoded({"question": PROPOSAL, "name": PROPOSAL}, "gbk")
    for path in routes:
        r = client.post(path, data=body, content_type=FORM, headers={"Accept-Language": "en"})
        assert r.status_code == 400, path
        if path.startswith("/api/"):
            assert r.get_json()["error"] == "bad_encoding" and r.get_json()["field"] == "question", path
            assert r.get_json()["message"].startswith(FORM_EN), path
        else:
            assert FORM_EN in r.get_data(as_text=True), path
    assert rows(services) == dict.fromkeys(rows(services), 0)


@pytest.mark.parametrize("path", ["/", "/ask?q=x", "/feedback", "/draft", "/self-check", "/static/css/site.css",
                                  "/receipt/ABCD-EFGH-JKMN?token=1", "/office/login"])
def test_a_query_string_with_escapes_that_are_not_utf8_is_refused_on_every_route(client, path):
    joiner = "&" if "?" in path else "?"  # (a name of its own: a parameter sent twice is refused, web/params.py)
    assert client.get(f"{path}{joiner}z=%E8%A1%A8").status_code != 400  # UTF-8 escapes: read as ever
    r = client.get(f"{path}{joiner}z=%B1%ED")
    assert refused_page(r, QUERY_ZH), path
    r = client.get(f"{path}{joiner}%B1%ED=1", headers={"Accept-Language": "en"})
    assert r.status_code == 400 and "not UTF-8 encoded" in r.get_data(as_text=True), path


def test_the_api_refuses_a_query_string_that_is_not_utf8_as_json_naming_the_parameter(client, services):
    r = client.get("/api/v1/feedback/ABCD-EFGH-JKMN?token=%B1%ED")
    assert r.status_code == 400 and r.get_json()["error"] == "bad_encoding" and r.get_json()["field"] == "token"
    r = client.get("/api/v1/self-check/questions?zone_type=deep_application&%FF=1")
    assert r.status_code == 400 and r.get_json()["field"] == "\ufffd"
    doc = client.get("/api/v1/openapi.json").get_json()
    assert "UTF-8" in doc["paths"]["/api/v1/document"]["get"]["responses"]["400"]["description"]


def test_consult_serve_refuses_a_gbk_form_and_a_query_that_is_not_utf8_and_stores_nothing(tmp_path):
    """Through Granian and web/bodyfirst.py, as deployed: the same 400s, on SQLite, and nothing in the database."""
    with scratch_database("sqlite", tmp_path, "", prefix="encoding_test") as url:
        port = free_port()
        env = dict(os.environ, DATABASE_URL=url, CONSULT_INSTANCE=str(tmp_path), CONSULT_NOW=OPEN_NOW,
                   SECRET_KEY="encoding-test", RATELIMIT_ENABLED="false", WEB_THREADS="")
        proc = start_serve(port, env, workers=1)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_served(proc, base)
            with httpx.Client(base_url=base, timeout=30) as web:
                token = csrf_token_from(web.get("/feedback").text)
                r = web.post("/feedback", content=encoded({"csrf_token": token, **STEP1}, "gbk"),
                             headers={"Content-Type": GBK_FORM})
                assert r.status_code == 400 and FORM_ZH in r.text
                body, content_type = multipart([("csrf_token", token.encode(), ""),
                                                ("comments-0-proposal", PROPOSAL.encode("gbk"), "")])
                r = web.post("/feedback", content=body, headers={"Content-Type": content_type})
                assert r.status_code == 400 and FORM_ZH in r.text
                r = web.get("/ask?q=%B1%ED")
                assert r.status_code == 400 and QUERY_ZH in r.text
                r = web.post("/api/v1/ask?q=%B1%ED", json={"question": "县能申报吗"})
                assert r.status_code == 400 and r.json()["error"] == "bad_encoding"
                assert web.get("/ask?q=县级市").status_code == 200  # raw UTF-8, escaped by bodyfirst: read
                r = web.post("/feedback", content=encoded({"csrf_token": token, **STEP1}),
                             headers={"Content-Type": "application/x-www-form-urlencoded; charset=iso-8859-1"})
                assert r.status_code == 302
            engine = create_engine(normalise_url(url))
            with engine.connect() as conn:
                assert conn.scalar(select(func.count()).select_from(Submission)) == 0
                drafts = [str(c) for c in conn.scalars(select(FeedbackDraft.comments))]
            engine.dispose()
            assert len(drafts) == 1 and PROPOSAL in drafts[0]  # the UTF-8 post alone
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
