"""A request body in a content coding the service does not decode is refused with 415 (attack round 13, F3).

`POST /api/v1/ask` with `Content-Encoding: br` and a plain JSON body was answered 200 (the body read as if no
coding were named), and a real gzip body with `Content-Encoding: gzip` got 400 "must be UTF-8 JSON". RFC 9110
§15.5.16: 415 Unsupported Media Type, with Accept-Encoding saying what is read (§12.5.3). One hook for every
route (web/encoding.refuse_content_coding): every operation of the OpenAPI document that takes a body, the
public forms, the office's forms; `identity` is no coding and is read. Nothing is stored.
"""
from __future__ import annotations

import gzip
import json
import os

import httpx
import pytest
from sqlalchemy import create_engine, func, select

from consultation.db import normalise_url, scratch_database
from consultation.models import Comment, FeedbackDraft, Submission
from tests.conftest import OPEN_NOW, csrf_token_from, sample_payload
from tests.office.conftest import office  # noqa: F401 - the fixture
from tests.serving import free_port, start_serve, stop_serve, wait_until_served

CODING_ZH = "请求内容经过压缩或其他内容编码（Content-Encoding），本服务无法读取，未保存任何内容。"
CODING_EN = "content was sent compressed or otherwise encoded (Content-Encoding)"
QUESTION = {"question": "县级市能申报吗"}


def _stored(services) -> dict:
    with services.session() as s:
        return {m.__name__: s.scalar(select(func.count()).select_from(m)) for m in (Submission, Comment, FeedbackDraft)}


def _refused_json(response, text=CODING_ZH) -> bool:
    body = response.get_json()
    return (response.status_code == 415 and response.headers.get("Accept-Encoding") == "identity"
            and body["error"] == "unsupported_encoding" and text in body["message"])


@pytest.mark.parametrize("coding", ["br", "gzip", "deflate", "x-gzip", "compress", "zstd", "gzip, identity",
                                    "identity, br", "BR", "aes128gcm"])
def test_a_coded_body_is_refused_with_415_and_nothing_is_stored(client, services, coding):
    plain = json.dumps(sample_payload(), ensure_ascii=False).encode()
    for body in (plain, gzip.compress(plain)):
        r = client.post("/api/v1/feedback", data=body, content_type="application/json",
                        headers={"Content-Encoding": coding})
        assert _refused_json(r), (r.status_code, r.get_data(as_text=True))
    r = client.post("/api/v1/ask", json=QUESTION, headers={"Content-Encoding": coding, "Accept-Language": "en"})
    assert _refused_json(r, CODING_EN)
    assert _stored(services) == {"Submission": 0, "Comment": 0, "FeedbackDraft": 0}


def test_every_operation_with_a_body_refuses_a_coded_one_and_the_document_says_so(client, api_token):
    """Walks the served document: each operation that takes a body answers 415 (before authentication: the
    body is not read at all) and lists the 415 with its Accept-Encoding header."""
    doc = client.get("/api/v1/openapi.json").get_json()
    operations = [(path, method, op) for path, ops in doc["paths"].items() for method, op in ops.items()
                  if "requestBody" in op]
    assert len(operations) >= 6  # feedback, ask, self-check, the office's decisions, approvals, regroup
    for path, method, op in operations:
        assert op["responses"]["415"]["headers"]["Accept-Encoding"], path
        url = path.replace("{ref}", "art-3").replace("{reference}", "X").replace("{comment_id}", "1")
        for headers in ({}, {"Authorization": f"Bearer {api_token}"}):
            r = client.open(url, method=method.upper(), data=b"{}", content_type="application/json",
                            headers={"Content-Encoding": "gzip", **headers})
            assert _refused_json(r), (method, url, r.status_code)


@pytest.fixture
def api_token(office):
    """An administrator's bearer token (`office`: the audit log, append-only, emptied after the test)."""
    from consultation.office.accounts import create_account, issue_token

    with office.session() as s:
        token = issue_token(s, create_account(s, "coder", "amber river lantern seven", "admin", actor="test"),
                            actor="test")
        s.commit()
    return token


def test_identity_and_no_body_are_read_as_before(client):
    for coding in ("identity", "Identity", " identity ", ""):
        r = client.post("/api/v1/ask", json=QUESTION, headers={"Content-Encoding": coding})
        assert r.status_code == 200, coding
    # A header about content that is not there refuses nothing: a GET, an empty POST.
    assert client.get("/api/v1/document", headers={"Content-Encoding": "gzip"}).status_code == 200
    assert client.get("/feedback", headers={"Content-Encoding": "br"}).status_code == 200


def test_a_coded_form_is_refused_with_the_localized_page(client, services):
    token = csrf_token_from(client.get("/feedback").get_data(as_text=True))
    form = {"csrf_token": token, "comments-0-target": "art-3", "comments-0-kind": "other",
            "comments-0-reason": "理由", "action": "continue"}
    r = client.post("/feedback", data=form, headers={"Content-Encoding": "gzip"})
    assert r.status_code == 415 and r.headers["Accept-Encoding"] == "identity"
    assert CODING_ZH in r.get_data(as_text=True) and "no-store" in r.headers["Cache-Control"]
    r = client.post("/feedback", data=form, headers={"Content-Encoding": "gzip", "Accept-Language": "en"})
    assert r.status_code == 415 and CODING_EN in r.get_data(as_text=True)
    assert client.post("/office/login", data={"username": "x", "password": "y"},
                       headers={"Content-Encoding": "br"}).status_code == 415
    assert _stored(services) == {"Submission": 0, "Comment": 0, "FeedbackDraft": 0}
    assert client.post("/feedback", data=form).status_code == 302  # the same form, not coded


@pytest.mark.once
def test_consult_serve_refuses_a_coded_body(tmp_path):
    """Through Granian and web/bodyfirst.py, as deployed (the attack's repro): a length-framed and a chunked body."""
    with scratch_database("sqlite", tmp_path, "", prefix="coding_test") as url:
        port = free_port()
        env = dict(os.environ, DATABASE_URL=url, CONSULT_INSTANCE=str(tmp_path), CONSULT_NOW=OPEN_NOW,
                   SECRET_KEY="coding-test", RATELIMIT_ENABLED="false", WEB_THREADS="")
        proc = start_serve(port, env, workers=1)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_served(proc, base)
            with httpx.Client(base_url=base, timeout=30) as web:
                body = json.dumps(QUESTION, ensure_ascii=False).encode()
                r = web.post("/api/v1/ask", content=body,
                             headers={"Content-Type": "application/json", "Content-Encoding": "br"})
                assert r.status_code == 415 and r.headers["Accept-Encoding"] == "identity", r.text
                r = web.post("/api/v1/feedback", content=iter([gzip.compress(body)]),
                             headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
                assert r.status_code == 415 and r.json()["error"] == "unsupported_encoding"
                r = web.post("/api/v1/ask", content=body,
                             headers={"Content-Type": "application/json", "Content-Encoding": "identity"})
                assert r.status_code == 200
            engine = create_engine(normalise_url(url))
            with engine.connect() as conn:
                assert conn.scalar(select(func.count()).select_from(Submission)) == 0
            engine.dispose()
        finally:
            stop_serve(proc)
