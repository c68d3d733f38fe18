"""Regroupings at the same moment (attack 5, N2: four POST /api/v1/office/regroup at once after new similar
comments arrived). Each read the same groups, retired them and inserted the same comments into new ones;
the second INSERT broke the one group per comment (office_group_members' key), an IntegrityError answered
500. Now regroupings of a consultation queue (duplicates.one_regrouping): every one answers 200, and the
grouping left is whole, each comment in one active group, the later runs keeping the first's groups.

Real threads against the app, each request on its own session and connection, on SQLite and PostgreSQL
alike. A barrier holds each regrouping, once it has read the comments and the current groups, until the
others have too (or 3 s have passed): without the queue the losing interleaving runs every time; with it the first waits
out the barrier alone and the others follow it.
"""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from consultation.office import duplicates
from consultation.office.accounts import issue_token
from consultation.office.models import AuditEntry, DuplicateGroup, GroupMember, StaffAccount

from .test_concurrent_decisions import _at_once
from .test_duplicates import _store

SIMILAR = ["建议将省级以上园区纳入创建主体范围，覆盖更多企业。", "建议将省级以上园区纳入创建主体范围，以覆盖更多企业。",
           "建议把省级以上园区纳入创建主体范围，覆盖更多企业。"]


def read_together(monkeypatch, parties: int) -> None:
    """Every regrouping that makes a group waits, once it has read the comments and the current groups,
    until `parties` have (or 3 s have passed)."""
    barrier = threading.Barrier(parties, timeout=3)
    original = duplicates._new_group

    def new_group(*args, **kwargs):
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass  # queued: nobody else reads at the same moment
        return original(*args, **kwargs)

    monkeypatch.setattr(duplicates, "_new_group", new_group)


def test_four_regroups_at_once_after_new_comments_all_200_one_grouping(app, office, accounts, monkeypatch):
    _store(office, SIMILAR[:2], ["art-3"] * 2)
    with office.session() as s:
        with duplicates.one_regrouping(s, office.consultation.id):
            first = duplicates.regroup(s, office.consultation.id, actor="editor")
            s.commit()
        token = issue_token(s, s.scalar(select(StaffAccount).where(StaffAccount.username == "editor")), actor="t")
        s.commit()
    assert len(first) == 1
    read_together(monkeypatch, 4)
    _store(office, SIMILAR[2:], ["art-3"])  # a new similar comment: the group changes
    clients = [app.test_client() for _ in range(4)]
    answers = _at_once(*[(lambda c=c: c.post("/api/v1/office/regroup", headers={"Authorization": "Bearer " + token}))
                         for c in clients])
    assert [r.status_code for r in answers] == [200] * 4, [(r.status_code, r.get_data(as_text=True)[:200])
                                                           for r in answers]

    assert all(r.get_json() == {"groups": 1, "grouped_comments": 3} for r in answers)
    with office.session() as s:
        active = s.scalars(select(DuplicateGroup).where(DuplicateGroup.dissolved_at.is_(None))).all()
        assert len(active) == 1 and active[0].size == 3
        members = s.scalars(select(GroupMember.group_id)).all()
        assert members == [active[0].id] * 3
        assert s.scalar(select(func.count()).select_from(DuplicateGroup)) == 2  # the first retired, one new
        regroups = s.scalars(select(AuditEntry).where(AuditEntry.action == "duplicates.regroup")
                             .order_by(AuditEntry.id)).all()
        assert [e.after["retired"] for e in regroups] == [0, 1, 0, 0, 0]  # the later three kept it


def test_regroups_on_the_form_at_once_all_told_the_groups(clients, office, monkeypatch):
    _store(office, SIMILAR, ["art-3"] * 3)
    read_together(monkeypatch, 2)
    answers = _at_once(*[(lambda c=c: clients[c].post("/office/regroup", data={"threshold": "0.7"}))
                         for c in ("editor", "admin")])
    assert [r.status_code for r in answers] == [303, 303]
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(DuplicateGroup)) == 1
        assert len(s.scalars(select(GroupMember.comment_id)).all()) == 3
