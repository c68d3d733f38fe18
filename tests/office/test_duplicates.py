"""Near-duplicates in Chinese: a 30-copy campaign among 200 distinct comments, and a comment sent twice."""
from __future__ import annotations

import random

from sqlalchemy import select

from consultation.models import Comment
from consultation.office.decisions import decide, decision_for_comment
from consultation.office.duplicates import get_threshold, group_of, regroup, set_threshold
from consultation.office.neardup import find_groups, normalise
from consultation.office.models import AuditEntry
from consultation.submissions import submit
from tests.conftest import sample_payload

from .corpus import campaign_copies, distinct_comments

ARTICLES = ["art-3", "art-5", "art-6", "art-9", "art-12", "annex-1/7", "annex-2/16"]


def _store(office, texts: list[str], targets: list[str] | None = None) -> list[int]:
    """Stored comments; on random articles unless `targets` says (groups form per target)."""
    rnd = random.Random(3)
    ids = []
    with office.session() as s:
        for i, t in enumerate(texts):
            target = targets[i] if targets else rnd.choice(ARTICLES[:5])
            payload = sample_payload(comments=[{"target": target, "kind": "amend", "proposal": t,
                                                "reason": "", "proposed_points": None}])
            payload["submitter"] = {"category": "individual", "name": f"市民{i}", "organisation": "", "phone": "",
                                    "email": f"p{i}@example.com"}
            submit(s, office.consultation, payload, channel="web", locale="zh_CN", now=office.now(),
                   secret_key=office.settings.secret_key, office_mailbox=office.office_mailbox)
        s.commit()
        ids = list(s.scalars(select(Comment.id).order_by(Comment.id)))
    return ids


def test_normalise_folds_width_punctuation_and_space():
    assert normalise("建议 增加,ＡＩ。") == normalise("建议增加,AI!") == "建议增加ai"



def test_campaign_of_30_among_200_distinct(office):
    distinct, campaign = distinct_comments(200), campaign_copies(30)
    assert len(set(campaign)) > 10  # the copies really are edited
    texts = distinct[:100] + campaign + distinct[100:]
    ids = _store(office, texts, ["art-3"] * len(texts))
    campaign_ids = set(ids[100:130])
    with office.session() as s:
        groups = regroup(s, office.consultation.id, actor="editor")
        s.commit()
    assert [set(g) for g in groups] == [campaign_ids]
    with office.session() as s:
        # One decision on the group applies to every member.
        group = group_of(s, ids[100])
        assert group.size == 30
        decide(s, group_id=group.id, outcome="not_adopted", reason="创建主体范围已有明确规定", actor="editor",
               now=office.now())
        s.commit()
        assert {decision_for_comment(s, i).outcome for i in campaign_ids} == {"not_adopted"}
        assert decision_for_comment(s, ids[0]).outcome is None
        assert decision_for_comment(s, ids[130]).group_id is None


def test_same_comment_sent_twice_is_grouped():
    text = "建议第十二条明确整改期限为六个月,整改期间保留示范区称号。"
    others = {i: t for i, t in enumerate(distinct_comments(20))}
    others.update({100: text, 101: text})
    assert find_groups(others, 0.7) == [[100, 101]]


def test_threshold_is_a_stored_setting_and_audited(office):
    with office.session() as s:
        assert get_threshold(s, office.consultation.id) == 0.7
        set_threshold(s, office.consultation.id, 0.85, actor="editor")
        s.commit()
        assert get_threshold(s, office.consultation.id) == 0.85
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "duplicates.threshold")).one()
        assert entry.before == {"threshold": 0.7} and entry.after == {"threshold": 0.85}


def test_stricter_threshold_splits_loosely_edited_copies():
    texts = {i: t for i, t in enumerate(campaign_copies(30))}
    assert len(find_groups(texts, 0.7)) == 1
    assert sum(len(g) for g in find_groups(texts, 0.99)) < 30


def test_json_archive_round_trip_keeps_groups_and_decisions(office):
    import io

    from consultation.exports import archive
    from consultation.models import Submission

    ids = _store(office, campaign_copies(5) + distinct_comments(3), ["art-5"] * 8)
    with office.session() as s:
        groups = regroup(s, office.consultation.id, actor="editor")
        decide(s, group_id=group_of(s, ids[0]).id,
               outcome="already_provided", reason="第三条已有规定", actor="editor", now=office.now())
        s.commit()
        buf = io.StringIO()
        archive.export_json(s, office.consultation, buf, now=office.now())
    assert [len(g) for g in groups] == [5]
    with office.engine.begin() as conn:
        from consultation.db import Base

        for table in reversed(Base.metadata.sorted_tables):
            if table.name != "office_audit":
                conn.execute(table.delete())
    with office.session() as s:
        result = archive.import_json(s, buf.getvalue())
        assert result.comments == 8
        assert decision_for_comment(s, ids[4]).outcome == "already_provided"
        assert decision_for_comment(s, ids[4]).group_size == 5
        assert s.query(Submission).count() == 8
