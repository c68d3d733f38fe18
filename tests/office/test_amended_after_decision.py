"""A submitter's amendment of a comment the office already decided (attack round 10, F1).

The private link lets the sender rewrite a comment while the window is open. The decision (outcome,
approval, version) stayed attached to the new text: an admin approving from a page read before the change
approved an outcome for a text nobody in the office read, with `expected` matching, and an approved
"adopted" went into the publication on the rewritten text. Now the amendment makes the decision stale in
its own transaction: a new version (409 for the old one), an approved decision back to a proposal, the
comment marked as changed by its sender (node view, review page, API), an audit entry.

Each test runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

from sqlalchemy import select

from consultation.models import Comment, Submission
from consultation.office import publishing
from consultation.office.models import AuditEntry, Decision
from tests.conftest import checked_from

from .test_deliberate import send


def _sent(office, text="批准前原文：建议第三条增加省级园区。"):
    receipt = send(office, [("art-3", text)])
    with office.session() as s:
        cid = s.scalar(select(Comment.id).join(Submission).where(Submission.reference == receipt.reference))
    return receipt, cid


def amend_through_link(client, receipt, cid, *, target="art-3", kind="delete", proposal="建议删除整个第三条。",
                       reason="理由不变。"):
    """The submitter's change form, as a browser sends it: the form, the check page, the confirmation."""
    url = f"/receipt/{receipt.reference}/change?token={receipt.token}"
    assert client.get(url).status_code == 200
    answers = {"comments-0-id": str(cid), "comments-0-target": target, "comments-0-kind": kind,
               "comments-0-proposal": proposal, "comments-0-reason": reason, "comments-0-proposed_points": ""}
    check = client.post(url, data={**answers, "action": "continue"})
    assert check.status_code == 200
    done = client.post(url, data={**answers, "checked": checked_from(check.get_data(as_text=True)),
                                  "action": "confirm"})
    assert done.status_code == 302 and "done=amended" in done.headers["Location"]


def _decision(client, api, cid):
    response = client.get(f"/api/v1/office/comments/{cid}/decision", headers=api["admin"])
    assert response.status_code == 200
    return response.get_json()


def test_an_approved_decision_goes_back_to_a_proposal_when_its_sender_rewrites_the_comment(app, clients, office, api):
    receipt, cid = _sent(office)
    client = app.test_client()
    assert client.post("/api/v1/office/decisions", headers=api["editor"],
                       json={"comment_ids": [cid], "outcome": "adopted", "expected": {str(cid): None}}).status_code == 200
    approved = client.post("/api/v1/office/decisions/approve", headers=api["admin"],
                           json={"comment_ids": [cid], "expected": {str(cid): 1}})
    assert approved.get_json()["approved"] == [cid]
    seen = _decision(client, api, cid)
    assert (seen["status"], seen["version"], seen.get("sender_changed_at")) == ("approved", 2, None)

    amend_through_link(app.test_client(), receipt, cid)

    now = _decision(client, api, cid)
    assert (now["status"], now["approved_by"]) == ("proposed", None) and now["version"] > 2
    assert now["outcome"] == "adopted" and now["sender_changed_at"] is not None
    with office.session() as s:  # not decided any more: pending in the publication's preview
        assert publishing.current(s, office.consultation.id)[cid][0] is None
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "decision.sender_changed")).one()
        assert entry.target == f"comment:{cid}" and entry.actor == "submitter"
        assert entry.before["status"] == "approved" and entry.after["status"] == "proposed"
        assert entry.after["reference"] == receipt.reference
    # The office sees it: the node view, the review page, the node's comments over the API.
    node = clients["editor"].get("/office/node/art-3").get_data(as_text=True)
    assert f'id="sender-changed-{cid}"' in node and "建议删除整个第三条" in node
    review = clients["admin"].get("/office/review").get_data(as_text=True)
    assert f'id="sender-changed-{cid}"' in review
    rows = client.get("/api/v1/office/nodes/art-3/comments", headers=api["viewer"]).get_json()["comments"]
    assert [r["sender_changed_at"] is not None for r in rows if r["id"] == cid] == [True]
    proposals = client.get("/api/v1/office/proposals", headers=api["viewer"]).get_json()["proposals"]
    assert [p["sender_changed_at"] is not None for p in proposals if p["comment_id"] == cid] == [True]

    # An approval from what was read before the change is refused; one of the new version stands.
    stale = client.post("/api/v1/office/decisions/approve", headers=api["admin"],
                        json={"comment_ids": [cid], "expected": {str(cid): 2}})
    assert stale.status_code == 409 and stale.get_json()["error"] == "stale"
    again = client.post("/api/v1/office/decisions/approve", headers=api["admin"],
                        json={"comment_ids": [cid], "expected": {str(cid): now["version"]}})
    assert again.status_code == 200 and again.get_json()["approved"] == [cid]
    after = _decision(client, api, cid)
    assert after["status"] == "approved" and after["sender_changed_at"] is None


def test_a_proposal_gets_a_new_version_and_the_old_one_approves_nothing(app, office, api):
    receipt, cid = _sent(office)
    client = app.test_client()
    assert client.post("/api/v1/office/decisions", headers=api["editor"],
                       json={"comment_ids": [cid], "outcome": "adopted"}).status_code == 200
    assert _decision(client, api, cid)["version"] == 1
    amend_through_link(app.test_client(), receipt, cid, kind="amend", proposal="完全相反：建议大幅扩充第三条。")
    refused = client.post("/api/v1/office/decisions/approve", headers=api["admin"],
                          json={"comment_ids": [cid], "expected": {str(cid): 1}})
    assert refused.status_code == 409 and refused.get_json()["error"] == "stale"
    with office.session() as s:
        d = s.scalar(select(Decision).where(Decision.comment_id == cid))
        assert d.status == "proposed" and d.version == 2 and d.sender_changed_at is not None


def test_an_admins_own_changed_proposal_needs_its_version_even_with_self_approval(app, clients, office, api):
    receipt, cid = _sent(office)
    client = app.test_client()
    with office.session() as s:
        from consultation.office.decisions import set_self_approval

        set_self_approval(s, office.consultation.id, True, actor="admin", now=office.now())
        s.commit()
    assert client.post("/api/v1/office/decisions", headers=api["admin"],
                       json={"comment_ids": [cid], "outcome": "adopted"}).get_json()
    assert _decision(client, api, cid)["status"] == "approved"
    amend_through_link(app.test_client(), receipt, cid)
    unseen = client.post("/api/v1/office/decisions/approve", headers=api["admin"], json={"comment_ids": [cid]})
    assert unseen.status_code == 409 and _decision(client, api, cid)["status"] == "proposed"


def test_a_change_of_order_or_nothing_leaves_the_decision_alone(app, office, api):
    receipt, cid = _sent(office)
    client = app.test_client()
    client.post("/api/v1/office/decisions", headers=api["editor"], json={"comment_ids": [cid], "outcome": "adopted"})
    with office.session() as s:
        c = s.get(Comment, cid)
        kind, proposal, reason = c.kind, c.proposal, c.reason
    url = f"/receipt/{receipt.reference}/change?token={receipt.token}"
    answers = {"comments-0-id": str(cid), "comments-0-target": "art-3", "comments-0-kind": kind,
               "comments-0-proposal": proposal, "comments-0-reason": reason, "comments-0-proposed_points": ""}
    public = app.test_client()
    check = public.post(url, data={**answers, "action": "continue"}).get_data(as_text=True)
    public.post(url, data={**answers, "checked": checked_from(check), "action": "confirm"})
    d = _decision(client, api, cid)
    assert (d["version"], d["sender_changed_at"]) == (1, None)


def test_a_decided_comment_moved_elsewhere_leaves_its_decision_behind_in_the_audit_log(app, office, api):
    """A comment moved to another part of the draft is a new, undecided comment there (a decision is about a
    text on one clause); the decision on the old row goes with it, recorded."""
    receipt, cid = _sent(office)
    client = app.test_client()
    client.post("/api/v1/office/decisions", headers=api["editor"], json={"comment_ids": [cid], "outcome": "adopted"})
    amend_through_link(app.test_client(), receipt, cid, target="art-5", kind="amend", proposal="移到第五条。")
    with office.session() as s:
        moved = s.scalars(select(Comment).join(Submission).where(Submission.reference == receipt.reference)).one()
        assert moved.target_ref == "art-5" and moved.id != cid
        assert s.scalar(select(Decision).where(Decision.comment_id == moved.id)) is None
        assert s.scalar(select(Decision).where(Decision.comment_id == cid)) is None
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "decision.sender_changed")).one()
        assert entry.target == f"comment:{cid}" and entry.after == {"reference": receipt.reference, "dropped": True}


def test_a_withdrawn_comment_stays_undecidable(app, office, api):
    receipt, cid = _sent(office)
    client = app.test_client()
    client.post("/api/v1/office/decisions", headers=api["editor"], json={"comment_ids": [cid], "outcome": "adopted"})
    public = app.test_client()
    assert public.post(f"/receipt/{receipt.reference}/withdraw?token={receipt.token}").status_code in (302, 303)
    refused = client.post("/api/v1/office/decisions/approve", headers=api["admin"],
                          json={"comment_ids": [cid], "expected": {str(cid): 1}})
    assert refused.status_code == 409 and refused.get_json()["error"] == "withdrawn"
    with office.session() as s:
        assert cid not in publishing.current(s, office.consultation.id)
