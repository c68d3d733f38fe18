"""Decisions and approvals are made on what the clerk saw (attack 8, F4, F5 and its observation).

F4: the decision and review forms said nothing of the decision the page showed, so a clerk posting from an
older page silently replaced another clerk's decision, an admin approved an outcome an editor had changed
meanwhile, and three first decisions sent at once over the API all answered 200. Now every form carries
each comment's decision version (`version-<id>`, "none" while undecided) and the API takes it in
`expected`: a decision that changed since is refused (form: a 409 page naming the comments with their
current decision; API: 409 `stale` with `current`), nothing written.
F5: comments of withdrawn submissions were decided and approved; now refused (409 `withdrawn`), and a group
decision skips them and says so.
Observation: an editor's change to an approved decision turned it back into a proposal, the approval lost
with no admin involved; now only an administrator changes an approved decision (409 `approved`).

Each test runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from consultation import amendments
from consultation.models import Comment, Submission
from consultation.office.accounts import issue_token
from consultation.office.duplicates import group_of, regroup
from consultation.office.models import AuditEntry, Decision, StaffAccount
from tests.staff import create_staff, decisions_meet, login, shown_versions

from .test_deliberate import send


@pytest.fixture
def api(app, office, accounts):
    """{name: headers} with a bearer token for each staff account (a second editor, editor2, included)."""
    create_staff(office, "editor2", "editor")
    out = {}
    with office.session() as s:
        for account in s.scalars(select(StaffAccount)):
            out[account.username] = {"Authorization": "Bearer " + issue_token(s, account, actor="test")}
        s.commit()
    return out


def _fresh(office, target="art-2", text="建议第二条明确申报条件。"):
    """A new comment (its own sender) on `target`: its id."""
    receipt = send(office, [(target, text)])
    with office.session() as s:
        return s.scalar(select(Comment.id).join(Submission).where(Submission.reference == receipt.reference))


def _decision(office, cid):
    with office.session() as s:
        return s.scalar(select(Decision).where(Decision.comment_id == cid))


def _set_entries(office, cid, action="decision.set"):
    with office.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == action, AuditEntry.target == f"comment:{cid}"))


def _form(html: str, cid: int) -> dict:
    """The decision form of comment `cid` on a node page, its hidden fields as the browser sends them."""
    form = [f for f in re.findall(r"<form.*?</form>", html, re.S) if f'name="comment_id" value="{cid}"' in f][0]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))


def _withdraw(office, cid):
    with office.session() as s:
        sub = s.get(Comment, cid).submission
        amendments.withdraw(s, office.consultation, sub, office.now())
        s.commit()


# ------------------------------------------------------------------ F4: the decision form (t_stale.py)
def test_a_decision_posted_from_an_older_page_does_not_replace_another_clerks(app, office, accounts, api):
    cid = _fresh(office)
    create_staff(office, "ed2", "editor")
    a, b = app.test_client(), app.test_client()
    assert login(a, "editor").status_code == 302 and login(b, "ed2").status_code == 302
    page_a, page_b = a.get("/office/node/art-2").get_data(as_text=True), b.get("/office/node/art-2").get_data(as_text=True)
    fa, fb = _form(page_a, cid), _form(page_b, cid)
    assert fa[f"version-{cid}"] == "none"  # the form says the page showed the comment undecided
    assert b.post("/office/decide", data={**fb, "outcome": "adopted", "reason": ""}).status_code == 303
    stale = a.post("/office/decide", data={**fa, "outcome": "not_adopted", "reason": "A stale"})
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "没有记录" in html and f"#{cid}" in html and "采纳" in html and "ed2" in html  # who decided what, now
    assert "A stale" in html  # what the clerk chose is not lost
    assert 'role="alert"' in html and "，" in html
    d = _decision(office, cid)
    assert (d.outcome, d.decided_by) == ("adopted", "ed2") and _set_entries(office, cid) == 1
    # From a fresh page the clerk may change it (a proposal, not approved): the new version is on the page.
    fresh = _form(a.get("/office/node/art-2").get_data(as_text=True), cid)
    assert fresh[f"version-{cid}"] == str(d.version)
    assert a.post("/office/decide", data={**fresh, "outcome": "not_adopted", "reason": "重新研究。"}).status_code == 303
    assert _decision(office, cid).outcome == "not_adopted"


def test_a_form_without_the_version_counts_as_shown_undecided(clients, office, accounts):
    cid = _fresh(office)
    assert clients["editor"].post("/office/decide", data={"comment_id": cid, "outcome": "adopted"}).status_code == 303
    again = clients["editor"].post("/office/decide", data={"comment_id": cid, "outcome": "not_adopted", "reason": "x"})
    assert again.status_code == 409 and _decision(office, cid).outcome == "adopted"


def test_a_group_decision_from_an_older_page_is_refused(clients, office, accounts):
    text = "建议第三条增加省级以上各类开发区和高新技术产业园区。"
    ids = [_fresh(office, "art-3", text) for _ in range(3)]
    with office.session() as s:
        regroup(s, office.consultation.id, actor="editor")
        s.commit()
        group_id = group_of(s, ids[0]).id
    page = clients["editor"].get(f"/office/group/{group_id}").get_data(as_text=True)
    versions = dict(re.findall(r'name="(version-\d+)" value="([^"]*)"', page))
    assert {versions[f"version-{c}"] for c in ids} == {"none"}
    # Someone else decides one member meanwhile: the group decision would have applied to it too.
    assert clients["admin"].post("/office/decide", data={"comment_id": ids[1], "outcome": "adopted"}).status_code == 303
    stale = clients["editor"].post("/office/decide", data={"group_id": group_id, "outcome": "not_adopted",
                                                          "reason": "另行研究。", **versions})
    assert stale.status_code == 409 and f"#{ids[1]}" in stale.get_data(as_text=True)
    assert _decision(office, ids[0]) is None and _decision(office, ids[1]).outcome == "adopted"


# ------------------------------------------------------------------ F4: the review form (t_review.py)
def test_an_approval_from_an_open_review_page_does_not_approve_a_changed_proposal(app, office, api, clients):
    cid = _fresh(office, "art-7", "建议第七条增加一款。")
    c = app.test_client()
    c.post("/api/v1/office/decisions", headers=api["editor"],
           json={"comment_ids": [cid], "outcome": "not_adopted", "reason": "原提议：不采纳"})
    page = shown_versions(clients["admin"], "/office/review", [cid])
    assert page  # the review page carries the proposal's version
    proposal = c.get(f"/api/v1/office/comments/{cid}/decision", headers=api["viewer"]).get_json()["version"]
    changed = c.post("/api/v1/office/decisions", headers=api["editor2"],
                     json={"comment_ids": [cid], "outcome": "adopted", "expected": {str(cid): proposal}})
    assert changed.status_code == 200
    stale = clients["admin"].post("/office/review", data={"comment_id": [cid], **page})
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert f"#{cid}" in html and "采纳" in html and "没有批准" in html
    d = _decision(office, cid)
    assert (d.outcome, d.status, d.approved_by) == ("adopted", "proposed", None)
    assert _set_entries(office, cid, "decision.approve") == 0
    # From the page as it is now, the admin approves what they see.
    ok = clients["admin"].post("/office/review", data={"comment_id": [cid],
                                                       **shown_versions(clients["admin"], "/office/review", [cid])})
    assert ok.status_code == 303 and _decision(office, cid).status == "approved"


def test_the_api_approves_only_the_version_it_was_shown(app, office, api):
    cid = _fresh(office)
    c = app.test_client()
    c.post("/api/v1/office/decisions", headers=api["editor"], json={"comment_ids": [cid], "outcome": "adopted"})
    (proposal,) = [p for p in c.get("/api/v1/office/proposals", headers=api["admin"]).get_json()["proposals"]
                   if p["comment_id"] == cid]
    c.post("/api/v1/office/decisions", headers=api["editor2"],
           json={"comment_ids": [cid], "outcome": "not_adopted", "reason": "改为不采纳。",
                 "expected": {str(cid): proposal["version"]}})
    stale = c.post("/api/v1/office/decisions/approve", headers=api["admin"],
                   json={"comment_ids": [cid], "expected": {str(cid): proposal["version"]}})
    assert stale.status_code == 409
    body = stale.get_json()
    assert body["error"] == "stale" and body["comment_ids"] == [cid]
    assert body["current"][0]["outcome"] == "not_adopted" and body["current"][0]["status"] == "proposed"
    now = body["current"][0]["version"]
    ok = c.post("/api/v1/office/decisions/approve", headers=api["admin"], json={"comment_ids": [cid], "expected": {str(cid): now}})
    assert ok.status_code == 200 and ok.get_json()["approved"] == [cid]


@pytest.mark.parametrize("expected", [None, {}, "other"])
def test_the_api_does_not_approve_another_persons_proposal_unseen(app, office, api, expected):
    """An admin's approval without the proposal's version (no expected, an empty map, or one naming only other
    comments) approved whatever the proposal was by then, perhaps changed by an editor after the admin read it:
    refused 409 with the current proposal, nothing approved; the same request with the version approves."""
    cid, other = _fresh(office), _fresh(office, "art-3", "建议第三条另作规定。")
    c = app.test_client()
    c.post("/api/v1/office/decisions", headers=api["editor"], json={"comment_ids": [cid], "outcome": "adopted"})
    body = {"comment_ids": [cid]}
    if expected is not None:
        body["expected"] = {str(other): None} if expected == "other" else expected
    refused = c.post("/api/v1/office/decisions/approve", headers=api["admin"], json=body)
    if expected == "other":  # naming a comment the request does not approve: refused (attack rounds 10 and 11)
        assert refused.status_code == 409 and refused.get_json()["error"] == "mismatch"
        assert _decision(office, cid).status == "proposed"
        refused = c.post("/api/v1/office/decisions/approve", headers=api["admin"], json={"comment_ids": [cid]})
    assert refused.status_code == 409, refused.get_json()
    answer = refused.get_json()
    assert answer["comment_ids"] == [cid] and answer["current"][0]["status"] == "proposed"
    assert _decision(office, cid).status == "proposed"
    version = answer["current"][0]["version"]
    ok = c.post("/api/v1/office/decisions/approve", headers=api["admin"],
                json={"comment_ids": [cid], "expected": {str(cid): version}})
    assert ok.status_code == 200 and ok.get_json()["approved"] == [cid]


# ------------------------------------------------------------------ F4: the API, stale and concurrent
def test_the_api_refuses_a_decision_on_a_version_no_longer_current(app, office, api):
    cid = _fresh(office)
    c = app.test_client()
    first = c.post("/api/v1/office/decisions", headers=api["editor"],
                   json={"comment_ids": [cid], "outcome": "adopted", "expected": {str(cid): None}})
    assert first.status_code == 200
    again = c.post("/api/v1/office/decisions", headers=api["editor2"],
                   json={"comment_ids": [cid], "outcome": "not_adopted", "reason": "x", "expected": {str(cid): None}})
    assert again.status_code == 409 and again.get_json()["error"] == "stale"
    assert again.get_json()["current"][0]["decided_by"] == "editor"
    version = c.get(f"/api/v1/office/comments/{cid}/decision", headers=api["viewer"]).get_json()["version"]
    assert isinstance(version, int)
    ok = c.post("/api/v1/office/decisions", headers=api["editor2"],
                json={"comment_ids": [cid], "outcome": "not_adopted", "reason": "x", "expected": {str(cid): version}})
    assert ok.status_code == 200 and _decision(office, cid).decided_by == "editor2"
    bad = c.post("/api/v1/office/decisions", headers=api["editor"],
                 json={"comment_ids": [cid], "outcome": "adopted", "expected": {"abc": 1}})
    assert bad.status_code == 400


def test_without_expected_only_undecided_comments_and_ones_own_decisions_are_written(app, office, api):
    """A client that never sends `expected` may decide what nobody has and change its own decisions; another
    clerk's decision it must say it saw (409 stale, their decision kept), as the forms always do."""
    cid = _fresh(office)
    c = app.test_client()
    post = lambda who, outcome, **extra: c.post("/api/v1/office/decisions", headers=api[who], json={
        "comment_ids": [cid], "outcome": outcome, "reason": f"{who} {outcome}", **extra})
    assert post("editor", "not_adopted").status_code == 200
    assert post("editor", "out_of_scope").status_code == 200  # its own, changed
    blind = post("editor2", "adopted")
    assert blind.status_code == 409 and blind.get_json()["error"] == "stale"
    assert blind.get_json()["current"][0]["decided_by"] == "editor"
    assert blind.get_json()["current"][0]["outcome"] == "out_of_scope"
    admin_blind = post("admin", "adopted")
    assert admin_blind.status_code == 409
    d = _decision(office, cid)
    assert (d.decided_by, d.outcome) == ("editor", "out_of_scope")
    # An empty map, or one naming only another comment, says nothing of this one's decision (attack round 9).
    other = _fresh(office, "art-3", "建议第三条再明确一些。")
    partial = c.post("/api/v1/office/decisions", headers=api["editor2"], json={
        "comment_ids": [cid], "outcome": "adopted", "expected": {}})
    assert partial.status_code == 409 and partial.get_json()["error"] == "stale"
    # One naming only another comment is refused outright (attack round 10, F11): the client mixed up ids.
    stray = c.post("/api/v1/office/decisions", headers=api["editor2"], json={
        "comment_ids": [cid], "outcome": "adopted", "expected": {str(other): None}})
    assert stray.status_code == 409 and stray.get_json()["error"] == "mismatch"
    both = c.post("/api/v1/office/decisions", headers=api["editor2"], json={
        "comment_ids": [cid, other], "outcome": "adopted", "expected": {str(other): None}})
    assert both.status_code == 409 and both.get_json()["comment_ids"] == [cid]
    assert _decision(office, other) is None  # nothing of the refused request written
    assert (_decision(office, cid).decided_by, _decision(office, cid).outcome) == ("editor", "out_of_scope")
    seen = post("editor2", "adopted", expected={str(cid): d.version})
    assert seen.status_code == 200 and _decision(office, cid).decided_by == "editor2"


@pytest.fixture
def all_read_first(monkeypatch):
    """Three decisions each wait, once they have read the comment's (absent) decision, for the others."""
    decisions_meet(monkeypatch, 3)


def _three_at_once(app, api, cid, expected=True):
    bodies = [("editor", {"outcome": "not_adopted", "reason": "red"}),
              ("editor2", {"outcome": "out_of_scope", "reason": "red2"}),
              ("admin", {"outcome": "already_provided", "reason": "rchief"})]
    answers = [None] * 3

    def go(i):
        who, body = bodies[i]
        seen = {"expected": {str(cid): None}} if expected else {}
        answers[i] = app.test_client().post("/api/v1/office/decisions", headers=api[who], json={
            "comment_ids": [cid], **seen, **body})

    threads = [threading.Thread(target=go, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers


@pytest.mark.parametrize("expected", [True, False], ids=["expected_null", "no_expected"])
@pytest.mark.parametrize("interleaving", ["as_they_come", "all_read_first"])
def test_three_first_decisions_at_once_one_wins(app, office, api, request, interleaving, expected):
    """Sent with expected null, or without expected at all (the attacker's exact requests): one wins."""
    if interleaving == "all_read_first":
        request.getfixturevalue("all_read_first")
    cid = _fresh(office)
    answers = _three_at_once(app, api, cid, expected)
    assert sorted(r.status_code for r in answers) == [200, 409, 409], [r.status_code for r in answers]
    for r in answers:
        if r.status_code == 409:
            assert r.get_json()["error"] in ("stale", "refused") and r.get_json()["comment_ids"] == [cid]
    assert _set_entries(office, cid) == 1


def test_two_changes_of_one_version_at_once_one_wins(app, office, api, monkeypatch):
    """Both read version n of a proposal and write: the version counter lets only one UPDATE through."""
    cid = _fresh(office)
    c = app.test_client()
    c.post("/api/v1/office/decisions", headers=api["editor"], json={"comment_ids": [cid], "outcome": "adopted"})
    version = _decision(office, cid).version
    decisions_meet(monkeypatch, 2)
    answers = [None, None]

    def go(i, who):
        answers[i] = app.test_client().post("/api/v1/office/decisions", headers=api[who], json={
            "comment_ids": [cid], "outcome": "not_adopted", "reason": who, "expected": {str(cid): version}})

    threads = [threading.Thread(target=go, args=(i, w)) for i, w in enumerate(("editor", "editor2"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(r.status_code for r in answers) == [200, 409]
    assert _set_entries(office, cid) == 2  # the first decision and one change


# ------------------------------------------------------------------ F5: withdrawn (t_wddecide.py)
def test_no_decision_or_approval_on_a_withdrawn_comment(app, office, api, clients):
    cid = _fresh(office)
    other = _fresh(office, "art-3", "建议第三条另作规定。")
    c = app.test_client()
    # A proposal made before the sender withdrew: it is never approved.
    c.post("/api/v1/office/decisions", headers=api["editor"], json={"comment_ids": [other], "outcome": "adopted"})
    _withdraw(office, cid)
    _withdraw(office, other)
    for who in ("editor", "admin"):
        r = c.post("/api/v1/office/decisions", headers=api[who],
                   json={"comment_ids": [cid], "outcome": "not_adopted", "reason": "x"})
        assert r.status_code == 409 and r.get_json()["error"] == "withdrawn" and r.get_json()["comment_ids"] == [cid]
    approve = c.post("/api/v1/office/decisions/approve", headers=api["admin"],
                     json={"comment_ids": [other], "expected": {str(other): 1}})
    assert approve.status_code == 409 and approve.get_json()["error"] == "withdrawn"
    assert _decision(office, other).status == "proposed"
    assert other not in [p["comment_id"] for p in
                         c.get("/api/v1/office/proposals", headers=api["admin"]).get_json()["proposals"]]
    form = clients["editor"].post("/office/decide", data={"comment_id": cid, "outcome": "out_of_scope", "reason": "x",
                                                          f"version-{cid}": "none"})
    assert form.status_code == 409 and "撤回" in form.get_data(as_text=True)
    review = clients["admin"].post("/office/review", data={"comment_id": [other], f"version-{other}": "1"})
    assert review.status_code == 409 and _decision(office, other).status == "proposed"
    assert _decision(office, cid) is None and _set_entries(office, cid) == 0
    assert _set_entries(office, other, "decision.approve") == 0
    node = clients["editor"].get("/office/node/art-2").get_data(as_text=True)
    assert f'name="version-{cid}"' not in node  # no decision form for it


def test_a_group_decision_skips_withdrawn_members_and_says_so(app, office, api, clients):
    text = "建议第三条增加省级以上各类开发区和高新技术产业园区。"
    ids = [_fresh(office, "art-3", text) for _ in range(3)]
    with office.session() as s:
        regroup(s, office.consultation.id, actor="editor")
        s.commit()
        group_id = group_of(s, ids[0]).id
    _withdraw(office, ids[2])
    r = app.test_client().post("/api/v1/office/decisions", headers=api["editor"],
                               json={"group_id": group_id, "outcome": "not_adopted", "reason": "另行研究。"})
    assert r.status_code == 200
    assert r.get_json()["decided"] == ids[:2] and r.get_json()["withdrawn"] == [ids[2]]
    assert _decision(office, ids[2]) is None
    # The form says so too.
    page = clients["editor"].get(f"/office/group/{group_id}").get_data(as_text=True)
    versions = dict(re.findall(r'name="(version-\d+)" value="([^"]*)"', page))
    done = clients["editor"].post("/office/decide", follow_redirects=True, data={
        "group_id": group_id, "outcome": "adopted", "override": ids[:2], **versions})
    assert "撤回" in done.get_data(as_text=True) and _decision(office, ids[2]) is None


# ------------------------------------------------------------------ the observation: approved decisions
def test_an_editor_cannot_turn_an_approved_decision_back_into_a_proposal(app, office, api, clients):
    cid = _fresh(office)
    c = app.test_client()
    c.post("/api/v1/office/decisions", headers=api["editor"],
           json={"comment_ids": [cid], "outcome": "not_adopted", "reason": "不采纳。"})
    assert c.post("/api/v1/office/decisions/approve", headers=api["admin"],
                  json={"comment_ids": [cid], "expected": {str(cid): _decision(office, cid).version}}
                  ).get_json()["approved"] == [cid]
    r = c.post("/api/v1/office/decisions", headers=api["editor2"], json={"comment_ids": [cid], "outcome": "adopted"})
    assert r.status_code == 409 and r.get_json()["error"] == "approved"
    assert r.get_json()["current"][0]["status"] == "approved"
    d = _decision(office, cid)
    assert (d.outcome, d.status, d.approved_by) == ("not_adopted", "approved", "admin")
    form = clients["editor"].post("/office/decide", data={
        "comment_id": cid, "outcome": "adopted", **shown_versions(clients["admin"], "/office/node/art-2", [cid])})
    assert form.status_code == 409 and "管理员" in form.get_data(as_text=True)
    assert _decision(office, cid).status == "approved"
    assert "只有管理员" in clients["editor"].get("/office/node/art-2").get_data(as_text=True)
    # An administrator may change it (a proposal again, to be approved by another administrator).
    ok = c.post("/api/v1/office/decisions", headers=api["admin"],
                json={"comment_ids": [cid], "outcome": "adopted", "expected": {str(cid): d.version}})
    assert ok.status_code == 200 and _decision(office, cid).outcome == "adopted"


def test_the_document_describes_expected_and_the_conflict(app):
    doc = app.test_client().get("/api/v1/openapi.json").get_json()
    schemas = doc["components"]["schemas"]
    assert "expected" in schemas["DecisionsIn"]["properties"] and "expected" in schemas["ApproveIn"]["properties"]
    assert "version" in schemas["DecisionOut"]["properties"] and "version" in schemas["Proposal"]["properties"]
    for path in ("/api/v1/office/decisions", "/api/v1/office/decisions/approve"):
        conflict = doc["paths"][path]["post"]["responses"]["409"]
        assert conflict["content"]["application/json"]["schema"]["$ref"].endswith("/ConflictOut")
