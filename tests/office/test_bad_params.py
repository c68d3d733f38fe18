"""Bad input on the office pages and API gets a clear 4xx, never a 500 (issue 13, item 8), and the
decision page's `back` never leads off the office (item 4)."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from consultation.models import Comment
from consultation.office import decision_for_comment
from consultation.office.accounts import issue_token
from consultation.office.models import StaffAccount

HUGE = "99999999999999999999"


def _comment_id(office):
    with office.session() as s:
        return s.scalars(select(Comment.id)).first()


@pytest.mark.parametrize("path", [f"/office/node/art-3?page={HUGE}", "/office/node/art-3?page=-1",
                                  "/office/node/art-3?page=abc", "/office/node/art-3?page=%D9%A3",
                                  "/office/node/art-3?page=", "/office/search?page="])
def test_bad_page_numbers_are_a_400(clients, submission, path):
    response = clients["viewer"].get(path)
    assert response.status_code == 400 and "page" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", [f"/office/group/{HUGE}", "/office/group/2147483648", f"/office/submission/{HUGE}"])
def test_huge_ids_in_paths_are_a_404(clients, path):
    assert clients["admin"].get(path).status_code == 404


@pytest.mark.parametrize("field", ["comment_id", "group_id"])
def test_huge_ids_in_the_decision_form_are_a_400(clients, office, submission, field):
    response = clients["editor"].post("/office/decide", data={field: HUGE, "outcome": "adopted"})
    assert response.status_code == 400


@pytest.mark.parametrize("back", ["https://evil.example/", "//evil.example", "/%09/evil.example", "/draft"])
def test_decision_back_link_stays_in_the_office(clients, office, submission, back):
    cid = _comment_id(office)
    for outcome in ("adopted", "nonsense"):  # recorded, and refused
        response = clients["editor"].post("/office/decide", data={"comment_id": cid, "outcome": outcome, "back": back})
        assert response.status_code == 303 and response.headers["Location"] == "/office/"


@pytest.fixture
def editor_api(app, office, accounts):
    with office.session() as s:
        account = s.scalar(select(StaffAccount).where(StaffAccount.username == "editor"))
        secret = issue_token(s, account, actor="test")
        s.commit()
    client = app.test_client()
    # json.dumps escapes a lone surrogate as \ud800, as a hostile client would send it.
    return lambda body: client.post("/api/v1/office/decisions", data=json.dumps(body), content_type="application/json",
                                    headers={"Authorization": "Bearer " + secret})


@pytest.mark.parametrize("body", [
    {"comment_ids": "1", "outcome": "adopted"},
    {"comment_ids": [True], "outcome": "adopted"},
    {"comment_ids": [{"$gt": 0}], "outcome": "adopted"},
    {"comment_ids": [int(HUGE)], "outcome": "adopted"},
    {"group_id": int(HUGE), "outcome": "adopted"},
    {"group_id": "1", "outcome": "adopted"},
    {"comment_ids": [1], "outcome": ["adopted"]},
    {"comment_ids": [1], "outcome": "not_adopted", "reason": 5},
    {"comment_ids": [1], "outcome": "not_adopted", "reason": {"a": 1}},
    ["not", "an", "object"],
])
def test_wrong_json_types_on_the_decisions_api_are_a_400(editor_api, office, submission, body):
    response = editor_api(body)
    assert response.status_code == 400 and response.get_json()["error"] == "invalid"
    with office.session() as s:
        assert decision_for_comment(s, _comment_id(office)).outcome is None


def test_a_lone_surrogate_in_a_decision_reason_is_a_400(editor_api, office, submission):
    cid = _comment_id(office)
    response = editor_api({"comment_ids": [cid], "outcome": "not_adopted", "reason": "理由\ud800"})
    assert response.status_code == 400 and response.get_json()["field"] == "reason"
    with office.session() as s:
        assert decision_for_comment(s, cid).outcome is None
    ok = editor_api({"comment_ids": [cid], "outcome": "not_adopted", "reason": "与上位文件不一致"})
    assert ok.status_code == 200


def test_api_page_numbers_are_checked(app, office, accounts):
    with office.session() as s:
        account = s.scalar(select(StaffAccount).where(StaffAccount.username == "viewer"))
        secret = issue_token(s, account, actor="test")
        s.commit()
    response = app.test_client().get(f"/api/v1/office/nodes/art-3/comments?page={HUGE}",
                                     headers={"Authorization": "Bearer " + secret})
    assert response.status_code == 400 and response.get_json()["field"] == "page"
