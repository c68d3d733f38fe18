"""The office API (/api/v1/office/*) in the served OpenAPI document, generated from the models that
validate its bodies and shape its answers (consultation/intake/office.py), so it cannot drift; the
document itself is exercised by schemathesis (tests/test_openapi_schemathesis.py)."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from consultation.intake import office as models
from consultation.office.accounts import issue_token
from consultation.office.models import StaffAccount


def test_every_office_api_route_is_in_the_document(app, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    served = {re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/office/")}
    assert served and served == {p for p in doc["paths"] if p.startswith("/api/v1/office/")}
    assert doc["components"]["schemas"]["DecisionsIn"] == json.loads(json.dumps(models.decisions_schema()))
    for name in ("DashboardOut", "NodeCommentsOut", "DecisionOut", "SubmissionOut"):
        assert doc["components"]["schemas"][name]["title"] == name


@pytest.fixture
def api(app, office, accounts):
    with office.session() as s:
        secret = issue_token(s, s.scalar(select(StaffAccount).where(StaffAccount.username == "editor")), actor="t")
        s.commit()
    client = app.test_client()
    return lambda method, path, **kw: client.open(path, method=method, headers={"Authorization": "Bearer " + secret},
                                                  **kw)


def test_a_body_valid_by_the_document_is_never_a_400(api):
    for body in ({"comment_ids": [5], "outcome": "adopted", "expected": {"5": None}},
                 {"group_id": 7, "outcome": "out_of_scope", "reason": "x", "expected": {"5": 1}}):
        response = api("POST", "/api/v1/office/decisions", json=body)
        assert response.status_code == 404 and response.get_json()["error"] == "refused"  # no such row: 404


@pytest.mark.parametrize("body, field, words", [
    ({"outcome": "adopted"}, "comment_ids", "没有要处理的意见"),
    ({"comment_ids": [1], "outcome": "not_adopted"}, "reason", "请填写理由"),
    ({"comment_ids": [1], "outcome": "not_adopted", "reason": "   "}, "reason", "请填写理由"),
    ({"comment_ids": [1], "outcome": "adopted", "expected": {"1": 99999999999}}, "expected", "版本"),
    ({"comment_ids": [2147483648], "outcome": "adopted"}, "comment_ids.0", "2147483647"),
    ({"comment_ids": [1], "outcome": "maybe"}, "outcome", ""),
    ({"comment_ids": [1], "group_id": 1, "outcome": "adopted"}, "group_id", "comment_ids"),  # both: neither ignored
    ({"comment_ids": [], "outcome": "adopted"}, "comment_ids", "至少"),  # not "should be text"
    ({"comment_ids": [1], "group_id": 1, "override": [], "outcome": "adopted"}, "override", "至少"),
])
def test_the_models_rules_are_localized_400s(api, body, field, words):
    response = api("POST", "/api/v1/office/decisions", json=body)
    data = response.get_json()
    assert response.status_code == 400 and data["error"] == "invalid" and data["field"] == field
    assert words in data["message"] and "a whole number" not in data["message"] and "文本" not in data["message"]


def test_both_comment_ids_and_group_id_are_refused_naming_both_and_change_nothing(api, submission, office):
    """Attack 4 F7: the group was decided and the listed comments silently not; now neither is."""
    from consultation.office.models import Decision

    response = api("POST", "/api/v1/office/decisions", json={"comment_ids": [1], "group_id": 1, "outcome": "adopted"})
    data = response.get_json()
    assert response.status_code == 400 and "comment_ids" in data["message"] and "group_id" in data["message"]
    with office.session() as s:
        assert s.scalar(select(Decision.comment_id)) is None


def test_the_document_says_exactly_one_of_comment_ids_and_group_id(client):
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["DecisionsIn"]
    (choice,) = [rule["oneOf"] for rule in schema["allOf"] if "oneOf" in rule]
    assert sorted(tuple(option["required"]) for option in choice) == [("comment_ids",), ("group_id",)]
    assert not any("anyOf" in rule and any("comment_ids" in o.get("required", ()) for o in rule["anyOf"])
                   for rule in schema["allOf"])


@pytest.mark.parametrize("query", ["kind=", "kind=nonsense", "outcome=maybe", "search=" + "x" * 201, "page=0",
                                   "page=", "page=%20", "page=abc"])
def test_unknown_filter_values_are_a_400(api, query):
    """`page=` (empty) included: the document says integer, so it is refused like `page=abc` (schemathesis ST201)."""
    response = api("GET", f"/api/v1/office/nodes/art-3/comments?{query}")
    assert response.status_code == 400 and response.get_json()["error"] == "invalid"


def test_every_integer_query_parameter_of_the_api_refuses_an_empty_value(api, client):
    doc = client.get("/api/v1/openapi.json").get_json()
    integers = [(path, p["name"]) for path, ops in doc["paths"].items() for op in ops.values()
                for p in op.get("parameters", []) if p["in"] == "query" and p["schema"].get("type") == "integer"]
    assert integers == [("/api/v1/office/nodes/{ref}/comments", "page")]
    response = api("GET", "/api/v1/office/nodes/art-3/comments?page=")
    assert response.status_code == 400 and response.get_json()["field"] == "page"


def test_known_filters_answer_in_the_documented_shape(api, submission):
    data = api("GET", "/api/v1/office/nodes/art-3/comments?kind=amend&outcome=pending").get_json()
    models.NodeCommentsOut.model_validate(data)
    assert data["total"] == 1 and data["comments"][0]["kind"] == "amend"


@pytest.mark.parametrize("path, body, field", [
    ("/api/v1/office/decisions", {"comment_ids": [1.5], "outcome": "adopted"}, "comment_ids.0"),
    ("/api/v1/office/decisions", {"group_id": 1.5, "outcome": "adopted"}, "group_id"),
    ("/api/v1/office/decisions", {"comment_ids": [1], "outcome": "adopted", "expected": {"1": 1.5}}, "expected"),
    ("/api/v1/office/decisions/approve", {"comment_ids": [1.5]}, "comment_ids.0"),
    ("/api/v1/office/decisions/approve", {"comment_ids": [1e300]}, "comment_ids.0"),
])
def test_an_id_with_a_fraction_is_refused_like_true(admin_api, submission, office, path, body, field):
    """Attack 10 F11: a fraction is not an id; the document says integer, and so do the models."""
    from consultation.office import decision_for_comment

    response = admin_api("POST", path, json=body)
    data = response.get_json()
    assert response.status_code == 400 and data["error"] == "invalid" and data["field"].startswith(field), data
    with office.session() as s:
        assert decision_for_comment(s, 1).outcome is None


@pytest.mark.parametrize("as_float", [True, False])
def test_an_id_written_as_an_integral_float_is_the_same_id(admin_api, submission, office, as_float):
    """Attack 11: 1.0 is the integer 1 by the document's JSON Schema (schemathesis sends it as valid data),
    so it is the comment 1, not a 400. (The comment's own id: on PostgreSQL ids do not restart at 1.)"""
    from consultation.models import Comment
    from consultation.office import decision_for_comment

    with office.session() as s:
        cid = s.scalars(select(Comment.id).order_by(Comment.id)).first()
    body = {"comment_ids": [float(cid)], "outcome": "adopted"} if as_float else \
        {"comment_ids": [cid], "outcome": "adopted", "expected": {str(cid): None}}
    response = admin_api("POST", "/api/v1/office/decisions", json=body)
    assert response.status_code == 200, response.get_json()
    with office.session() as s:
        assert decision_for_comment(s, cid).outcome == "adopted"


@pytest.mark.parametrize("path, body", [
    ("/api/v1/office/decisions", {"comment_ids": [1], "outcome": "adopted", "expected": {"2": None}}),
    ("/api/v1/office/decisions", {"comment_ids": [1], "outcome": "adopted", "expected": {"1": None, "3": 4}}),
    ("/api/v1/office/decisions/approve", {"comment_ids": [1], "expected": {"2": 1}}),
])
def test_expected_naming_a_comment_not_in_the_request_is_a_409_mismatch(admin_api, submission, office, path, body):
    """Attack 10 F11: a client that mixed up ids believed `expected` protected it; now it is told. A 409
    in the conflicts' shape, not a 400: no JSON Schema can tie expected's keys to comment_ids, so a 400
    made a body valid by the document fail (attack round 11, schemathesis)."""
    from consultation.office import decision_for_comment

    response = admin_api("POST", path, json=body)
    data = response.get_json()
    assert response.status_code == 409 and data["error"] == "mismatch", data
    models.ConflictOut.model_validate(data)
    stray = sorted(int(k) for k in body["expected"] if int(k) not in body["comment_ids"])
    assert data["comment_ids"] == stray and all(str(i) in data["message"] for i in stray)
    assert "expected" in data["message"]
    with office.session() as s:
        assert decision_for_comment(s, 1).outcome is None


def test_expected_naming_a_comment_outside_the_group_is_a_409_mismatch(admin_api, office, submission):
    from consultation.models import Comment
    from consultation.office import decision_for_comment
    from consultation.office.models import DuplicateGroup, GroupMember

    with office.session() as s:
        member, other = s.scalars(select(Comment.id).order_by(Comment.id)).all()
        group = DuplicateGroup(consultation_id=office.consultation.id, size=1, threshold=0.7, target_ref="art-3")
        s.add(group)
        s.flush()
        s.add(GroupMember(group_id=group.id, comment_id=member))
        s.commit()
        group_id = group.id
    body = {"group_id": group_id, "outcome": "adopted", "expected": {str(member): None, str(other): None}}
    response = admin_api("POST", "/api/v1/office/decisions", json=body)
    assert response.status_code == 409 and response.get_json()["error"] == "mismatch"
    assert response.get_json()["comment_ids"] == [other]
    with office.session() as s:
        assert decision_for_comment(s, member).outcome is None
    body["expected"] = {str(member): None}
    assert admin_api("POST", "/api/v1/office/decisions", json=body).status_code == 200
    with office.session() as s:
        assert decision_for_comment(s, member).outcome == "adopted"


@pytest.fixture
def admin_api(app, office, accounts):
    with office.session() as s:
        secret = issue_token(s, s.scalar(select(StaffAccount).where(StaffAccount.username == "admin")), actor="t")
        s.commit()
    client = app.test_client()
    return lambda method, path, **kw: client.open(path, method=method, headers={"Authorization": "Bearer " + secret},
                                                  **kw)


@pytest.mark.parametrize("value", ["abc", "0.1", "nan", "1e999"])
def test_a_threshold_that_is_not_a_number_gets_the_out_of_range_error(clients, office, value):
    """Attack 10 F11: threshold=abc regrouped with the stored threshold and reported success."""
    from consultation.office.duplicates import get_threshold

    response = clients["editor"].post("/office/regroup", data={"threshold": value}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "阈值应在 0.3 至 1.0 之间" in page and "相似意见共" not in page, value
    with office.session() as s:
        assert get_threshold(s, office.consultation.id) == 0.7


@pytest.mark.parametrize("query, body, field", [
    ("?threshold=0.95", None, "threshold"),
    ("?threshold=abc", None, "threshold"),
    ("?anything=1", None, "anything"),
    ("", {"threshold": "abc"}, "threshold"),
    ("", {"threshold": 0.1}, "threshold"),
    ("", {"threshold": 5}, "threshold"),
    ("", {"threshold": True}, "threshold"),
    ("", {"limit": 3}, "limit"),
])
def test_regroup_refuses_what_it_would_ignore(api, office, query, body, field):
    """Attack round 11: `?threshold=0.95`, `abc` or an unknown field regrouped at the stored threshold and
    answered 200, so the client believed it had regrouped at what it sent."""
    from consultation.office.duplicates import get_threshold

    response = api("POST", "/api/v1/office/regroup" + query, **({} if body is None else {"json": body}))
    data = response.get_json()
    assert response.status_code == 400 and data["error"] == "invalid" and data["field"] == field, data
    if field == "threshold" and body is not None:
        assert "0.3" in data["message"] and "1.0" in data["message"] and "文本" not in data["message"]
    with office.session() as s:
        assert get_threshold(s, office.consultation.id) == 0.7


@pytest.mark.parametrize("body, stored", [(None, 0.7), ({}, 0.7), ({"threshold": 0.95}, 0.95), ({"threshold": 1}, 1.0)])
def test_regroup_takes_the_threshold_of_its_body(api, office, body, stored):
    """The dashboard form's rule over the API: a threshold given is stored first; none, the stored one."""
    from consultation.office.duplicates import get_threshold

    response = api("POST", "/api/v1/office/regroup", **({} if body is None else {"json": body}))
    assert response.status_code == 200 and set(response.get_json()) == {"groups", "grouped_comments"}
    with office.session() as s:
        assert get_threshold(s, office.consultation.id) == stored
