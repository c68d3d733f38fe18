"""Retest round 12, N1: text of only invisible characters is empty in the revision editor too (the one rule
for typed text, fields.clean): a required item refuses it with "Enter the text.", a title of it is no title."""
from __future__ import annotations

import pytest

from consultation.revisions import editing
from consultation.revisions.comparison import text_of
from consultation.revisions.models import TextRevision

INVISIBLE_ONLY = ["\u200b", "\U000e0041", "\U000e0041\U000e0042", "\ue000", "\U000e0100", "\u0301", " \u3164 "]


@pytest.mark.parametrize("value", INVISIBLE_ONLY)
def test_an_item_of_only_invisible_characters_is_refused_as_empty(after, revision, value):
    draft = after.consultation
    with after.session() as s:
        rev = s.get(TextRevision, revision)
        items = [{"from": "art-3.1", "text": value}]
        with pytest.raises(editing.EditRefused) as refused:
            editing.save_article(s, draft, rev, 3, title=None, text=draft.node("art-3").text, items=items,
                                 actor="editor", now=after.now(), version=rev.version)
        assert refused.value.errors == [("items-1", "Enter the text.", {})]


@pytest.mark.parametrize("value", INVISIBLE_ONLY)
def test_a_title_of_only_invisible_characters_is_no_title(after, revision, value):
    draft = after.consultation
    with after.session() as s:
        rev = s.get(TextRevision, revision)
        editing.save_article(s, draft, rev, 4, title=value, text="省工业和信息化厅负责示范区的管理。", items=[],
                             actor="editor", now=after.now(), version=rev.version)
        s.commit()
        assert text_of(draft, s.get(TextRevision, revision)).node("art-4").title is None


def test_visible_text_with_a_mark_is_kept(after, revision):
    draft = after.consultation
    with after.session() as s:
        rev = s.get(TextRevision, revision)
        editing.save_article(s, draft, rev, 4, title=None, text="管理e\u0301。", items=[],
                             actor="editor", now=after.now(), version=rev.version)
        s.commit()
        assert text_of(draft, s.get(TextRevision, revision)).node("art-4").text == "管理e\u0301。"
