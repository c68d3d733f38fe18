"""/api/v1: same rules as the form, nothing stored on any error, receipts by token."""

import re

import pytest
from sqlalchemy import func, select

from consultation.models import Comment, Submission
from tests.conftest import post_concurrently, sample_payload, set_now


def count(services, model=Submission):
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_document_lists_every_reference(client, services):
    body = client.get("/api/v1/document").get_json()
    refs = [n["ref"] for n in body["nodes"]]
    assert "art-15" in refs and "annex-1/16" in refs and "annex-1/19" not in refs
    assert body["email_subject"] == "关于安徽省人工智能赋能新型工业化示范区建设导则的意见建议"
    assert body["window"]["closes_at"] == "2025-12-18T00:00:00+08:00"


def test_document_node_and_unknown_ref(client, services):
    row = client.get("/api/v1/document/annex-1/16").get_json()
    assert (row["points"], row["method"], row["label"]) == (4, "定量", "附件1第16项")
    art = client.get("/api/v1/document/art-6").get_json()
    assert art["children"] == ["art-6.1", "art-6.2", "art-6.3"]
    assert "1.在工业领域人工智能技术应用成效显著" in art["quote"]
    missing = client.get("/api/v1/document/art-16")
    assert missing.status_code == 404 and missing.get_json()["error"] == "unknown_reference"


def test_post_and_read_back(client, services):
    r = client.post("/api/v1/feedback", json=sample_payload())
    assert r.status_code == 201
    body = r.get_json()
    stored = client.get(f"/api/v1/feedback/{body['reference']}?token={body['token']}")
    assert stored.status_code == 200
    data = stored.get_json()
    assert data["channel"] == "api" and data["comments"][0]["target"] == "art-3"
    assert data["comments"][0]["original_text"].startswith("示范区创建主体为县(市、区)")


def test_wrong_reference_or_token_look_the_same(client, services):
    body = client.post("/api/v1/feedback", json=sample_payload()).get_json()
    wrong_token = client.get(f"/api/v1/feedback/{body['reference']}?token={'0' * 32}")
    wrong_ref = client.get(f"/api/v1/feedback/AAAA-BBBB-CCCC?token={body['token']}")
    assert wrong_token.status_code == wrong_ref.status_code == 404
    assert wrong_token.get_json() == wrong_ref.get_json()


def test_the_document_says_which_tokens_can_match_and_every_other_one_misses(client, services):
    """Attack round 3, F3: the token was a bare string in the document, so `?token=%00` was a schema-valid
    request answered 400 while other wrong tokens got 404. The document now gives the token's form (from the
    one source the lookup checks), a token of that form is answered as a wrong one is, and a token the form
    excludes never matches, not even the real token with something added, folded or cut."""
    doc = client.get("/api/v1/openapi.json").get_json()
    (token_parameter,) = [p for p in doc["paths"]["/api/v1/feedback/{reference}"]["get"]["parameters"]
                          if p["name"] == "token"]
    schema = token_parameter["schema"]
    assert schema["pattern"].startswith("^") and schema["pattern"].endswith("$")
    pattern = re.compile(schema["pattern"][1:-1])  # fullmatch: Python's $ would let a final newline through
    body = client.post("/api/v1/feedback", json=sample_payload()).get_json()
    real = body["token"]
    assert pattern.fullmatch(real) and schema["minLength"] == len(real) == schema["maxLength"]
    assert client.get("/api/v1/feedback/" + body["reference"], query_string={"token": real}).status_code == 200
    wrong = client.get("/api/v1/feedback/" + body["reference"], query_string={"token": "0" * len(real)})
    assert wrong.status_code == 404
    for other in (real.upper(), f" {real}", f"{real} ", f"{real}\n", real[:-1], real + "0", f"{real[:-1]}\u00e9",
                  f"{real[:16]}\u200b{real[16:]}", "\x00", "", "x"):
        assert not pattern.fullmatch(other), other
        if "\x00" in other:
            continue  # a NUL in any parameter is the documented 400 of every operation (test_openapi_parameters)
        r = client.get("/api/v1/feedback/" + body["reference"], query_string={"token": other})
        assert (r.status_code, r.get_json()) == (404, wrong.get_json()), other
        page = client.get("/receipt/" + body["reference"], query_string={"token": other})
        assert page.status_code == 404, other


@pytest.mark.parametrize("mutate,field", [
    (lambda p: p.update(consent=False), "consent"),
    (lambda p: p["submitter"].update(phone="", email=""), "submitter.contact"),
    (lambda p: p["comments"][0].update(target="annex-1/19"), "comments.0.target"),
    (lambda p: p["comments"][0].update(kind="love"), "comments.0.kind"),
    (lambda p: p["comments"][0].update(reason="x" * 5001), "comments.0.reason"),
    (lambda p: p["comments"][0].update(proposed_points=3), "comments.0.proposed_points"),
    (lambda p: p["submitter"].update(category="alien"), "submitter.category"),
    (lambda p: p.update(comments=[]), "comments"),
])
def test_invalid_payloads_get_422_with_field_errors(client, services, mutate, field):
    payload = sample_payload()
    mutate(payload)
    r = client.post("/api/v1/feedback", json=payload)
    assert r.status_code == 422
    assert field in [e["field"] for e in r.get_json()["errors"]]
    assert count(services) == 0 and count(services, Comment) == 0


def test_errors_follow_accept_language(client, services):
    r = client.post("/api/v1/feedback", json=sample_payload(consent=False), headers={"Accept-Language": "en"})
    assert r.get_json()["errors"][0]["message"].startswith("Agree to the processing")
    r = client.post("/api/v1/feedback", json=sample_payload(consent=False))
    assert r.get_json()["errors"][0]["message"].startswith("提交意见前")


def test_not_json(client, services):
    r = client.post("/api/v1/feedback", data="comments=1", content_type="text/plain")
    assert r.status_code == 400 and count(services) == 0


@pytest.mark.parametrize("moment,code", [("2025-11-17T12:00:00+08:00", "window_upcoming"),
                                         ("2025-12-18T00:00:00+08:00", "window_closed")])
def test_outside_the_window_403_with_reason(client, services, moment, code):
    set_now(services, moment)
    r = client.post("/api/v1/feedback", json=sample_payload())
    assert r.status_code == 403 and r.get_json()["error"] == code
    assert "chenwubiao@ahjxw.gov.cn" in r.get_json()["message"]
    assert count(services) == 0


def test_idempotent_retry_returns_the_same_receipt(client, services):
    headers = {"Idempotency-Key": "retry-123"}
    first = client.post("/api/v1/feedback", json=sample_payload(), headers=headers)
    again = client.post("/api/v1/feedback", json=sample_payload(), headers=headers)
    assert first.status_code == 201 and again.status_code == 201
    assert first.get_json() == again.get_json()
    assert count(services) == 1


def test_openapi_document_describes_the_routes(client, services):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    assert {"/api/v1/feedback", "/api/v1/feedback/{reference}", "/api/v1/document"} <= set(doc["paths"])
    schema = doc["components"]["schemas"]["CommentIn"]
    assert schema["properties"]["kind"]["enum"] == [
        "support", "amend", "delete", "add", "other"]


def test_fifty_concurrent_submissions_are_all_kept(live_server, services):
    responses = post_concurrently(live_server, 50, "并发第 {i} 条")
    assert [r.status_code for r in responses] == [201] * 50
    assert len({r.json()["reference"] for r in responses}) == 50
    with services.session() as s:
        assert s.scalar(select(func.count()).select_from(Submission)) == 50
        reasons = set(s.scalars(select(Comment.reason)))
    assert reasons == {f"并发第 {i} 条" for i in range(50)}


def test_each_request_reads_its_own_body_under_one_app_context(client, services, app):
    """The parsed body is the request's, not the app context's: a caller holding one app context over two
    requests (a script, a test) once got the first request's body back for the second, so a refused body
    was answered as a repeat of the accepted one."""
    payload = sample_payload()
    with app.app_context():
        first = client.post("/api/v1/feedback", json=payload)
        refused = dict(payload, consent=False)
        second = client.post("/api/v1/feedback", json=refused)
    assert first.status_code == 201
    assert second.status_code == 422
    assert count(services) == 1
