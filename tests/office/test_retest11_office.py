"""The re-test of attack round 11 on the office (N1, N4, N5, N6, N9): each a request the outsider sent.

N1: an `expected` key above PostgreSQL's integer reached the database (a 500 on PostgreSQL, a made-up
409 on SQLite); the schema's key pattern admitted it. N4: the schema still said a stray key is a 400.
N5: regroup took a whitespace-only body as no body. N6: unknown filter values on the node page, the
audit log and the search's assignee showed an empty list without a word. N9: API wording and shape
leftovers. Each runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from consultation.intake import office as models
from consultation.models import Comment, Submission
from consultation.office import decision_for_comment
from consultation.office.duplicates import get_threshold
from consultation.office.models import AuditEntry, DuplicateGroup, GroupMember
from tests.conftest import sample_payload


def _ids(office):
    with office.session() as s:
        return s.scalars(select(Comment.id).order_by(Comment.id)).all()


def _group(office, members):
    with office.session() as s:
        group = DuplicateGroup(consultation_id=office.consultation.id, size=len(members), threshold=0.7,
                               target_ref="art-3")
        s.add(group)
        s.flush()
        for member in members:
            s.add(GroupMember(group_id=group.id, comment_id=member))
        s.commit()
        return group.id


# ------------------------------------------------------------------ N1: keys above the database's integer
@pytest.mark.parametrize("key", ["2147483648", "4648744813", "9999999999", "10000000000", "068"])
@pytest.mark.parametrize("form", ["comment_ids", "group_id", "approve"])
def test_an_expected_key_above_the_databases_integer_is_a_400_on_expected(api, office, submission, key, form):
    cid = _ids(office)[0]
    if form == "approve":
        path, body, who = "/api/v1/office/decisions/approve", {"comment_ids": [cid]}, "admin"
    elif form == "group_id":
        path, body, who = "/api/v1/office/decisions", {"group_id": _group(office, [cid]), "outcome": "adopted"}, "editor"
    else:
        path, body, who = "/api/v1/office/decisions", {"comment_ids": [cid], "outcome": "adopted"}, "editor"
    response = app_post(api, who, path, {**body, "expected": {key: None}})
    data = response.get_json()
    assert response.status_code == 400 and data["error"] == "invalid" and data["field"] == "expected", data
    assert "2147483647" in data["message"]
    with office.session() as s:
        assert decision_for_comment(s, cid).outcome is None


def app_post(api, who, path, body):
    return api["client"].post(path, headers=api[who], json=body)


@pytest.fixture
def api(app, office, accounts):
    from consultation.office.accounts import issue_token
    from consultation.office.models import StaffAccount

    out = {"client": app.test_client()}
    with office.session() as s:
        for account in s.scalars(select(StaffAccount)):
            out[account.username] = {"Authorization": "Bearer " + issue_token(s, account, actor="test")}
        s.commit()
    return out


def test_the_schema_bounds_the_key_exactly_as_the_model_does(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    for name in ("DecisionsIn", "ApproveIn"):
        expected = doc["components"]["schemas"][name]["properties"]["expected"]
        options = expected.get("anyOf", [expected])
        pattern = next(o for o in options if o.get("type") == "object")["propertyNames"]["pattern"]
        for key in ("1", "9", "10", "999999999", "1000000000", "1999999999", "2099999999", "2147483599",
                    "2147483639", "2147483646", "2147483647"):
            assert re.search(pattern, key), (name, key)
        for key in ("0", "01", "2147483648", "2147483650", "2147483700", "2148000000", "2200000000",
                    "3000000000", "9999999999", "10000000000", "", "1a"):
            assert not re.search(pattern, key), (name, key)
    for n in range(1, 3000):
        assert re.fullmatch(models.EXPECTED_KEY, str(n))


def test_a_stray_key_of_no_comment_is_a_409_without_a_made_up_decision(api, office, submission):
    cid = _ids(office)[0]
    for key in ("99999999", "2147483647"):
        response = app_post(api, "editor", "/api/v1/office/decisions",
                            {"comment_ids": [cid], "outcome": "adopted", "expected": {key: None}})
        data = response.get_json()
        assert response.status_code == 409 and data["error"] == "mismatch", data
        assert data["comment_ids"] == [int(key)] and data["current"] == []


# ------------------------------------------------------------------ N4: the document says 409
def test_the_documents_expected_says_a_stray_key_is_a_409_mismatch(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    for name in ("DecisionsIn", "ApproveIn"):
        expected = doc["components"]["schemas"][name]["properties"]["expected"]
        text = json.dumps(expected)
        assert "409" in text and "mismatch" in text and "another is a 400" not in text, name


# ------------------------------------------------------------------ N5: whitespace is not "no body"
@pytest.mark.parametrize("body", [b" ", b"\n", b"\x0c", b"\x0b", b"\r\n\t "])
def test_regroup_refuses_a_whitespace_only_body(api, office, body):
    response = api["client"].post("/api/v1/office/regroup", data=body, content_type="application/json",
                                  headers=api["editor"])
    data = response.get_json()
    assert response.status_code == 400 and data["error"] == "invalid" and data["field"] == "body", data


def test_regroup_with_no_bytes_is_no_body(api, office):
    response = api["client"].post("/api/v1/office/regroup", data=b"", content_type="application/json",
                                  headers=api["editor"])
    assert response.status_code == 200


# ------------------------------------------------------------------ N6: unknown filter values
@pytest.mark.parametrize("query, name", [("outcome=bogus", "outcome"), ("outcome=PENDING", "outcome"),
                                         ("kind=bogus", "kind"), ("channel=bogus", "channel"),
                                         ("category=bogus", "category")])
def test_the_node_page_refuses_an_unknown_filter_value(clients, submission, query, name):
    response = clients["viewer"].get(f"/office/node/art-3?{query}")
    assert response.status_code == 400 and name in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["outcome=pending", "kind=amend", "channel=web", "category=enterprise", ""])
def test_the_node_page_keeps_its_own_filter_values(clients, submission, query):
    assert clients["viewer"].get(f"/office/node/art-3?{query}").status_code == 200


@pytest.mark.parametrize("query, name", [("action=bogus", "action"), ("actor=nobody", "actor")])
def test_the_audit_log_refuses_an_unknown_filter_value(clients, query, name):
    response = clients["admin"].get(f"/office/admin/audit?{query}")
    assert response.status_code == 400 and name in response.get_data(as_text=True)


def test_the_audit_log_keeps_its_own_filter_values(clients):
    assert clients["admin"].get("/office/admin/audit?action=account.login&actor=admin").status_code == 200


@pytest.mark.parametrize("assignee", ["abc", "1", "ED", "EDITOR", "viewer"])
def test_search_refuses_an_assignee_who_cannot_be_assigned(clients, submission, assignee):
    response = clients["viewer"].get(f"/office/search?assignee={assignee}")
    assert response.status_code == 400 and "assignee" in response.get_data(as_text=True)


@pytest.mark.parametrize("assignee", ["editor", "admin", "none", ""])
def test_search_keeps_an_assignee_of_its_list(clients, submission, assignee):
    assert clients["viewer"].get(f"/office/search?assignee={assignee}").status_code == 200


# ------------------------------------------------------------------ N9: wording and shape
def test_a_repeated_parameter_on_the_api_is_worded_for_an_api_client(api, clients, submission):
    response = api["client"].get("/api/v1/office/nodes/art-3/comments?page=1&page=2", headers=api["viewer"])
    data = response.get_json()
    assert response.status_code == 400 and data["field"] == "page"
    assert "页面" not in data["message"] and "表单" not in data["message"], data["message"]
    en = api["client"].get("/api/v1/office/nodes/art-3/comments?page=1&page=2",
                           headers={**api["viewer"], "Accept-Language": "en"}).get_json()["message"]
    assert "form" not in en and "page again" not in en and "page" in en
    page = clients["viewer"].get("/office/node/art-3?page=1&page=2")
    assert page.status_code == 400 and "表单" in page.get_data(as_text=True)  # the pages keep the form's words


def test_override_naming_a_comment_outside_the_group_is_a_409_mismatch(api, office, submission):
    member, other = _ids(office)
    group_id = _group(office, [member])
    response = app_post(api, "editor", "/api/v1/office/decisions",
                        {"group_id": group_id, "outcome": "adopted", "override": [other]})
    data = response.get_json()
    assert response.status_code == 409 and data["error"] == "mismatch", data
    models.ConflictOut.model_validate(data)
    assert data["comment_ids"] == [other] and str(other) in data["message"] and "override" in data["message"]
    assert [c["comment_id"] for c in data["current"]] == [other]
    with office.session() as s:
        assert decision_for_comment(s, member).outcome is None


@pytest.mark.parametrize("path, body, field", [
    ("/api/v1/office/decisions", {"group_id": 40, "comment_ids": [66], "outcome": "adopted"}, "group_id"),
    ("/api/v1/office/decisions", {"outcome": "adopted"}, "comment_ids"),
    ("/api/v1/office/regroup", [], "body"),
    ("/api/v1/office/regroup", None, "body"),
    ("/api/v1/office/decisions", [], "body"),
    ("/api/v1/office/decisions/approve", "x", "body"),
])
def test_errors_name_a_field(api, path, body, field):
    response = api["client"].post(path, headers=api["admin"], data=json.dumps(body), content_type="application/json")
    data = response.get_json()
    assert response.status_code == 400 and data["field"] == field, data
    assert all(e["field"] for e in data.get("errors", [])), data


@pytest.mark.parametrize("query", ["?threshold=0.4", "?x=1"])
def test_the_regroup_form_refuses_a_query_parameter(clients, office, query):
    with office.session() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    response = clients["editor"].post("/office/regroup" + query, data={})
    assert response.status_code == 400 and query[1:].split("=")[0] in response.get_data(as_text=True)
    with office.session() as s:
        assert get_threshold(s, office.consultation.id) == 0.7
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before  # not regrouped
    assert clients["editor"].post("/office/regroup", data={"threshold": "0.4"}).status_code == 303


def test_an_idempotent_retry_spelling_a_number_otherwise_is_the_same_body(client, office):
    payload = sample_payload()
    payload["comments"][0].update(target="annex-1/16", kind="other", proposed_points=6)
    first = client.post("/api/v1/feedback", json=payload, headers={"Idempotency-Key": "points-6"})
    assert first.status_code == 201
    for spelling in ("6.0", "6e0", "60e-1"):
        raw = json.dumps(payload).replace('"proposed_points": 6', f'"proposed_points": {spelling}')
        again = client.post("/api/v1/feedback", data=raw, content_type="application/json",
                            headers={"Idempotency-Key": "points-6"})
        assert again.status_code == 201 and again.get_json() == first.get_json(), (spelling, again.get_json())
    raw = json.dumps(payload).replace('"proposed_points": 6', '"proposed_points": 7')
    other = client.post("/api/v1/feedback", data=raw, content_type="application/json",
                        headers={"Idempotency-Key": "points-6"})
    assert other.status_code == 422 and other.get_json()["error"] == "idempotency_key_reused"
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(Submission)) == 1
