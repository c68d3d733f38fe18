"""Links from changes to the comments and groups whose decisions they answer, and the two review lists."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from consultation.office.duplicates import regroup
from consultation.office.models import AuditEntry
from consultation.revisions import editing, links
from consultation.revisions.comparison import changes_of, table
from consultation.revisions.models import TextRevision
from tests.revisions.conftest import comment_on, rows_of


def _edit_row_and_article(s, draft, rev, now):
    rows = rows_of(rev, 1)
    rows[6]["indicator"] = "应用人工智能技术的规上工业企业占比(%)"
    editing.save_rows(s, draft, rev, 1, categories=[], rows=rows, actor="editor", now=now)
    editing.save_article(s, draft, rev, 4, title=None, text="省工业和信息化厅负责示范区的管理。", items=[],
                         actor="editor", now=now)


def test_link_comments_and_a_group_and_the_review_lists(after, revision):
    draft = after.consultation
    adopted = comment_on(after, "annex-1/7", "建议将“规模以上”改为“规上”并统一口径。", outcome="adopted")
    partly = comment_on(after, "art-4", "建议明确省工信厅职责范围。", outcome="partly_adopted")
    twins = [comment_on(after, "art-4", "建议删除市级初审环节以减轻基层负担，提高效率。"),
             comment_on(after, "art-4", "建议删除市级初审环节以减轻基层负担,提高效率!")]
    not_adopted = comment_on(after, "art-5", "不同意。", outcome="not_adopted")
    with after.session() as s:
        rev = s.get(TextRevision, revision)
        _edit_row_and_article(s, draft, rev, after.now())
        s.commit()
        changes = changes_of(draft, rev)
        assert {c.origin for c in changes} == {"annex-1/7", "art-4"}

        # before any link: both decisions need a change, both changes need a comment
        assert [u.comment_id for u in links.decisions_without_change(s, draft.id)] == [adopted, partly]
        assert {c.origin for c in links.changes_without_comment(s, draft.id, changes)} == {"annex-1/7", "art-4"}

        assert links.link(s, draft.id, "annex-1/7", comment_ids=[adopted], changes=changes, actor="editor",
                          now=after.now()) == [adopted]
        group = next(g for g in regroup(s, draft.id, actor="editor") if set(twins) <= set(g))
        from consultation.office.models import GroupMember

        group_id = s.scalars(select(GroupMember.group_id).where(GroupMember.comment_id == twins[0])).one()
        assert sorted(links.link(s, draft.id, "art-4", group_id=group_id, changes=changes, actor="editor",
                                 now=after.now())) == sorted(group)
        links.set_reason(s, draft.id, "art-4", "根据意见简化表述。", changes=changes, actor="editor", now=after.now())
        s.commit()

        assert [u.comment_id for u in links.decisions_without_change(s, draft.id)] == [partly]
        assert links.changes_without_comment(s, draft.id, changes) == []
        rows = {r.change.origin: r for r in table(s, draft, rev)}
        assert rows["art-4"].comments == 2 and rows["art-4"].reason == "根据意见简化表述。"
        assert rows["annex-1/7"].comment_ids == [adopted]
        assert not_adopted not in rows["art-4"].comment_ids

        # linking again adds nothing; unknown comments, other parts, and a change that does not exist are refused
        assert links.link(s, draft.id, "annex-1/7", comment_ids=[adopted], changes=changes, actor="editor",
                          now=after.now()) == []
        with pytest.raises(editing.EditRefused):
            links.link(s, draft.id, "annex-1/7", comment_ids=[999999], changes=changes, actor="e", now=after.now())
        with pytest.raises(editing.EditRefused):
            links.link(s, draft.id, "art-9", comment_ids=[partly], changes=changes, actor="e", now=after.now())
        s.rollback()

        assert links.unlink(s, draft.id, "annex-1/7", adopted, actor="editor", now=after.now())
        s.commit()
        assert [u.comment_id for u in links.decisions_without_change(s, draft.id)] == [adopted, partly]
        audited = s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("revision.%"))).all()
        assert audited.count("revision.link") == 3 and "revision.unlink" in audited and "revision.reason" in audited


def test_links_follow_a_change_into_the_next_revision(after, revision):
    draft = after.consultation
    cid = comment_on(after, "art-4", "建议简化。", outcome="adopted")
    with after.session() as s:
        rev = s.get(TextRevision, revision)
        _edit_row_and_article(s, draft, rev, after.now())
        links.link(s, draft.id, "art-4", comment_ids=[cid], changes=changes_of(draft, rev), actor="e",
                   now=after.now())
        s.commit()
        rev2 = editing.start(s, draft, actor="editor", now=after.now())
        s.commit()
        assert s.get(TextRevision, revision).status == "closed"
        rows = {r.change.origin: r for r in table(s, draft, rev2)}
        assert rows["art-4"].comment_ids == [cid]


def test_office_pages_link_and_list_for_review(after, revision, clients):
    draft = after.consultation
    cid = comment_on(after, "art-4", "建议简化。", outcome="adopted")
    with after.session() as s:
        _edit_row_and_article(s, draft, s.get(TextRevision, revision), after.now())
        s.commit()
    review = clients["viewer"].get("/office/revisions/review").get_data(as_text=True)
    assert f"意见{cid}" in review and "未关联任何意见的修改：2处" in review
    assert clients["viewer"].post("/office/revisions/change/link", data={"origin": "art-4", "comment_id": cid}).status_code == 403
    r = clients["editor"].post("/office/revisions/change/link", data={"origin": "art-4", "comment_id": "abc"})
    assert r.status_code == 422 and "请填写意见编号或意见组编号。" in r.get_data(as_text=True)  # nothing linked
    with after.session() as s:
        assert links.linked(s, draft.id) == {}
    r = clients["editor"].post("/office/revisions/change/link", data={"origin": "art-4", "comment_id": cid})
    assert r.status_code == 303
    review = clients["viewer"].get("/office/revisions/review").get_data(as_text=True)
    assert "已采纳或部分采纳、但未关联修改的意见：0条" in review and "未关联任何意见的修改：1处" in review
    page = clients["viewer"].get("/office/revisions/comparison").get_data(as_text=True)
    assert "相关意见：1条" in page and "<del>" in page and "<ins>" in page
