"""The review step over the office API: an editor proposes, an admin approves, by the same rule as
/office/review (one domain function): not their own proposals unless the office's setting allows it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from consultation.models import Comment
from consultation.office import decision_for_comment
from consultation.office.models import AuditEntry

from .test_deliberate import send


def _comments(office, n):
    send(office, [("art-3", f"建议第三条增加园区类型之{i}。") for i in range(n)])
    with office.session() as s:
        return list(s.scalars(select(Comment.id).order_by(Comment.id)))


def test_editor_proposes_admin_approves_over_the_api(app, office, api):
    c1, c2 = _comments(office, 2)
    client = app.test_client()
    proposed = client.post("/api/v1/office/decisions", headers=api["editor"],
                           json={"comment_ids": [c1, c2], "outcome": "not_adopted", "reason": "另行研究。"})
    assert proposed.status_code == 200
    listed = client.get("/api/v1/office/proposals", headers=api["viewer"]).get_json()
    assert [p["comment_id"] for p in listed["proposals"]] == [c1, c2] and listed["self_approval"] is False
    assert listed["proposals"][0]["decided_by"] == "editor"
    # Roles: neither a viewer nor the proposing editor approves.
    for role in ("viewer", "editor"):
        response = client.post("/api/v1/office/decisions/approve", headers=api[role], json={"comment_ids": [c1]})
        assert response.status_code == 403
    with office.session() as s:
        assert decision_for_comment(s, c1).status == "proposed"
    # Another person's proposal is approved only with the version the admin saw (expected).
    unseen = client.post("/api/v1/office/decisions/approve", headers=api["admin"], json={"comment_ids": [c1]})
    assert unseen.status_code == 409 and unseen.get_json()["comment_ids"] == [c1]
    with office.session() as s:
        assert decision_for_comment(s, c1).status == "proposed"
    versions = {str(p["comment_id"]): p["version"] for p in listed["proposals"]}
    response = client.post("/api/v1/office/decisions/approve", headers=api["admin"],
                           json={"comment_ids": [c1], "expected": {str(c1): versions[str(c1)]}})
    assert response.status_code == 200
    assert response.get_json() == {"approved": [c1], "refused_own": [], "not_proposed": []}
    with office.session() as s:
        view = decision_for_comment(s, c1)
        assert (view.status, view.approved_by, view.decided_by) == ("approved", "admin", "editor")
        assert decision_for_comment(s, c2).status == "proposed"
        assert s.scalars(select(AuditEntry.action).where(AuditEntry.target == f"comment:{c1}")
                         .order_by(AuditEntry.id)).all() == ["decision.set", "decision.approve"]
    # Approving again, or an undecided comment, changes nothing and says so.
    again = client.post("/api/v1/office/decisions/approve", headers=api["admin"], json={"comment_ids": [c1]})
    assert again.get_json() == {"approved": [], "refused_own": [], "not_proposed": [c1]}


def test_admin_approves_their_own_proposal_only_when_the_setting_allows(app, clients, office, api):
    (c1,) = _comments(office, 1)
    client = app.test_client()
    client.post("/api/v1/office/decisions", headers=api["admin"],
                json={"comment_ids": [c1], "outcome": "partly_adopted", "reason": "部分采纳。"})
    with office.session() as s:
        assert decision_for_comment(s, c1).status == "proposed"  # an admin's decision is a proposal too
    refused = client.post("/api/v1/office/decisions/approve", headers=api["admin"], json={"comment_ids": [c1]})
    assert refused.status_code == 200
    assert refused.get_json() == {"approved": [], "refused_own": [c1], "not_proposed": []}
    with office.session() as s:
        assert decision_for_comment(s, c1).status == "proposed"
    # The office's setting (changed on the review page) lets an admin sign off their own.
    clients["admin"].post("/office/review", data={"self_approval": "1"})
    allowed = client.post("/api/v1/office/decisions/approve", headers=api["admin"], json={"comment_ids": [c1]})
    assert allowed.get_json()["approved"] == [c1]
    # With the setting on, an admin's decision over the API is recorded as approved at once, as on the pages.
    client.post("/api/v1/office/decisions", headers=api["admin"],
                json={"comment_ids": [c1], "outcome": "adopted", "reason": ""})
    with office.session() as s:
        view = decision_for_comment(s, c1)
        assert (view.outcome, view.status, view.approved_by) == ("adopted", "approved", "admin")


@pytest.mark.parametrize("body", [{}, {"comment_ids": []}, {"comment_ids": "1"}, {"comment_ids": [True]},
                                  {"comment_ids": [-5]}])
def test_bad_approval_bodies_are_refused_and_change_nothing(app, office, api, body):
    (c1,) = _comments(office, 1)
    client = app.test_client()
    client.post("/api/v1/office/decisions", headers=api["editor"],
                json={"comment_ids": [c1], "outcome": "adopted", "reason": ""})
    response = client.post("/api/v1/office/decisions/approve", headers=api["admin"], json=body)
    assert response.status_code in (400, 422) and "error" in response.get_json()
    with office.session() as s:
        assert decision_for_comment(s, c1).status == "proposed"
