"""Decisions are made on purpose: no preselected outcome, group decisions spare decided members,
groups per target, groups split and renumbered without reuse, decisions stay with comments."""
from __future__ import annotations

import itertools
import re

from sqlalchemy import select

from consultation.models import Comment
from consultation.office import decision_for_comment
from consultation.office import duplicates
from consultation.office.decisions import decide
from consultation.office.models import AuditEntry, DuplicateGroup
from consultation.submissions import submit
from tests.conftest import sample_payload

CAMPAIGN = "建议将示范区申报主体扩大到省级以上各类开发区和产业园区，以便覆盖更多制造业集聚区域。"
REASON = "制造业企业多数位于省级开发区，应纳入申报范围。"


_senders = itertools.count(1)


def send(office, comments, organisation="合肥某科技有限公司", category="enterprise", email=None):
    """One submission; each call is a distinct sender unless `email` names the same one again (an identical
    repeat from one contact within minutes is not stored twice)."""
    n = next(_senders)
    email = f"sender{n}@example.com" if email is None else email
    payload = sample_payload(comments=[{"target": t, "kind": "amend", "proposal": p, "reason": REASON,
                                        "proposed_points": None} for t, p in comments],
                             submitter={"category": category, "name": "张三", "organisation": organisation,
                                        "phone": f"1380013{n:04d}", "email": email})
    with office.session() as s:
        receipt = submit(s, office.consultation, payload, channel="web", locale="zh_CN", now=office.now(),
                         secret_key=office.settings.secret_key, office_mailbox=office.office_mailbox)
        s.commit()
    return receipt


def campaign(office, n=3, target="art-3"):
    for i in range(n):
        send(office, [(target, CAMPAIGN + "谢谢" * (i % 2))], organisation=f"单位{i}")
    with office.session() as s:
        duplicates.regroup(s, office.consultation.id, actor="test", now=office.now())
        s.commit()
        return sorted(s.scalars(select(Comment.id).where(Comment.target_ref == target)))


def group_id(office, cid):
    with office.session() as s:
        return duplicates.group_of(s, cid).id


def test_no_outcome_is_preselected_and_an_empty_choice_is_refused(clients, office, accounts):
    ids = campaign(office)
    for path in ("/office/node/art-3", f"/office/group/{group_id(office, ids[0])}"):
        body = clients["editor"].get(path).get_data(as_text=True)
        selects = re.findall(r'<select[^>]*name="outcome"[^>]*>(.*?)</select>', body, re.S)
        assert selects, path
        for options in selects:
            first = re.findall(r"<option[^>]*>", options)
            assert 'value=""' in first[0]
            assert all("selected" not in o for o in first[1:]), path
        assert re.search(r'<textarea[^>]*name="reason"', body), path
    response = clients["editor"].post("/office/decide", data={"comment_id": ids[0], "reason": ""})
    assert response.status_code == 303
    response = clients["editor"].post("/office/decide", data={"group_id": group_id(office, ids[0]), "reason": ""},
                                      follow_redirects=True)
    assert "请选择处理结果" in response.get_data(as_text=True) or "Choose an outcome" in response.get_data(as_text=True)
    with office.session() as s:
        assert all(decision_for_comment(s, c).outcome is None for c in ids)


def test_group_decision_applies_to_undecided_members_only(clients, office, accounts):
    ids = campaign(office, 4)
    gid = group_id(office, ids[0])
    clients["editor"].post("/office/decide", data={"comment_id": ids[1], "outcome": "not_adopted",
                                                   "reason": "与上位文件不一致。"})
    page = clients["viewer"].get(f"/office/group/{gid}").get_data(as_text=True)
    row = re.search(rf'<tr id="c{ids[1]}".*?</tr>', page, re.S).group(0)
    assert "与上位文件不一致" in row and "editor" in row  # who decided, on the group page
    clients["editor"].post("/office/decide", data={"group_id": gid, "outcome": "adopted", "reason": ""})
    with office.session() as s:
        outcomes = [decision_for_comment(s, c).outcome for c in ids]
    assert outcomes == ["adopted", "not_adopted", "adopted", "adopted"]
    # Overriding an individual decision needs that member ticked.
    clients["editor"].post("/office/decide", data={"group_id": gid, "outcome": "partly_adopted",
                                                   "reason": "部分采纳。", "override": [str(ids[1])]})
    with office.session() as s:
        outcomes = [decision_for_comment(s, c).outcome for c in ids]
    assert outcomes == ["adopted", "partly_adopted", "adopted", "adopted"]


def test_groups_are_per_target_and_linked_as_same_sender_same_text(clients, office, accounts):
    send(office, [("annex-1/16", CAMPAIGN), ("annex-1/7", CAMPAIGN), ("art-3", CAMPAIGN)], organisation="某县经信局")
    send(office, [("annex-1/16", CAMPAIGN)], organisation="某市经信局")
    with office.session() as s:
        groups = duplicates.regroup(s, office.consultation.id, actor="test", now=office.now())
        s.commit()
        targets = [{s.get(Comment, c).target_ref for c in g} for g in groups]
    assert targets == [{"annex-1/16"}]
    body = clients["editor"].get("/office/node/annex-1/7").get_data(as_text=True)
    assert body.count("same-text") == 2  # the same sender's text on annex-1/16 and art-3


def test_split_remove_representative_and_numbers_never_reused(clients, office, accounts):
    ids = campaign(office, 5)
    gid = group_id(office, ids[0])
    decide_ = clients["editor"].post
    decide_("/office/decide", data={"comment_id": ids[4], "outcome": "not_adopted", "reason": "另行研究。"})
    assert decide_(f"/office/group/{gid}/representative", data={"comment_id": ids[2]}).status_code == 303
    with office.session() as s:
        assert s.get(DuplicateGroup, gid).representative_id == ids[2]
    # Take two members out into a new group, then one more out on its own.
    assert decide_(f"/office/group/{gid}/split", data={"member": [str(ids[3]), str(ids[4])]}).status_code == 303
    with office.session() as s:
        new = duplicates.group_of(s, ids[3]).id
        assert new > gid and duplicates.members_of(s, gid) == ids[:3]
    decide_(f"/office/group/{gid}/split", data={"member": [str(ids[0])]})
    with office.session() as s:
        assert duplicates.group_of(s, ids[0]) is None and duplicates.members_of(s, gid) == ids[1:3]
        highest = max(s.scalars(select(DuplicateGroup.id)))
        assert s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("group.%"))
                         .order_by(AuditEntry.id)).all() == [
            "group.representative", "group.split", "group.remove"]
    # Regrouping keeps the office's edits: the member taken out stays out, the split-off pair stays apart,
    # and the numbers of unchanged groups stay; no number is ever reused.
    with office.session() as s:
        duplicates.regroup(s, office.consultation.id, actor="test", now=office.now())
        s.commit()
        assert duplicates.group_of(s, ids[0]) is None
        assert duplicates.group_of(s, ids[1]).id == duplicates.group_of(s, ids[2]).id == gid
        assert duplicates.group_of(s, ids[3]).id == duplicates.group_of(s, ids[4]).id == new
        assert s.get(DuplicateGroup, gid).representative_id == ids[2]
        assert max(s.scalars(select(DuplicateGroup.id))) == highest
        # The decision stayed with its comment.
        assert decision_for_comment(s, ids[4]).outcome == "not_adopted"
    # Even at a looser threshold (everything similar), the sides stay apart.
    with office.session() as s:
        duplicates.regroup(s, office.consultation.id, actor="test", threshold=0.3, now=office.now())
        s.commit()
        assert {tuple(duplicates.members_of(s, g.id)) for g in duplicates.active_groups(s, office.consultation.id)} \
            == {tuple(ids[1:3]), tuple(ids[3:5])}
    assert clients["viewer"].get(f"/office/group/{gid}").status_code == 200


def test_regroup_keeps_the_office_edits_as_new_comments_arrive(clients, office, accounts):
    """A new copy of the campaign joins a side; the sides stay apart, the chosen representative follows
    into the renumbered group, decisions stay with their comments, and numbers only ever grow."""
    ids = campaign(office, 4)
    gid = group_id(office, ids[0])
    post = clients["editor"].post
    post(f"/office/group/{gid}/representative", data={"comment_id": ids[1]})
    post("/office/decide", data={"group_id": gid, "outcome": "not_adopted", "reason": "另行研究。"})
    post(f"/office/group/{gid}/split", data={"member": [str(ids[2]), str(ids[3])]})
    with office.session() as s:
        split_off = duplicates.group_of(s, ids[2]).id
        seen = set(s.scalars(select(DuplicateGroup.id)))
    send(office, [("art-3", CAMPAIGN)], organisation="新单位")
    with office.session() as s:
        newest = max(s.scalars(select(Comment.id)))
        duplicates.regroup(s, office.consultation.id, actor="test", now=office.now())
        s.commit()
        groups = {tuple(duplicates.members_of(s, g.id)): g for g in duplicates.active_groups(s, office.consultation.id)}
        assert set(groups) in ({(ids[0], ids[1], newest), tuple(ids[2:4])},
                               {tuple(ids[:2]), (ids[2], ids[3], newest)})
        holding = duplicates.group_of(s, ids[1])
        assert holding.representative_id == ids[1] and holding.representative_chosen_by == "editor"
        for group in groups.values():
            assert group.id in seen or group.id > max(seen)  # kept, or new above every number used
        assert split_off in {g.id for g in groups.values()} or holding.id in seen
        assert [decision_for_comment(s, c).outcome for c in ids] == ["not_adopted"] * 4
        assert decision_for_comment(s, newest).outcome is None


def test_regroup_keeps_an_unchanged_group_number(office, accounts):
    ids = campaign(office, 3)
    gid = group_id(office, ids[0])
    with office.session() as s:
        decide(s, comment_ids=[ids[0]], outcome="adopted", reason="", actor="test", now=office.now())
        duplicates.regroup(s, office.consultation.id, actor="test", now=office.now())
        s.commit()
    assert group_id(office, ids[0]) == gid
