"""Retest round 12, N5: office notes follow the one rule for typed text (noncharacters refused, a note of
only invisible characters is no note)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consultation.models import Comment
from consultation.office.models import CommentNote
from tests.conftest import sample_payload


@pytest.fixture
def comment_id(office, clients):
    assert clients["anonymous"].post("/api/v1/feedback", json=sample_payload()).status_code == 201
    with office.session() as s:
        return s.scalar(select(Comment.id))


def _notes(office) -> list[str]:
    with office.session() as s:
        return list(s.scalars(select(CommentNote.body)))


@pytest.mark.parametrize("body", ["备注\ufffe", "\uffff", "\ufdd0", "备注\U0010ffff", "\u202e备注"])
def test_a_note_with_a_noncharacter_or_control_is_refused(office, clients, comment_id, body):
    r = clients["editor"].post(f"/office/comment/{comment_id}/notes", data={"body": body},
                               headers={"Accept-Language": "en"}, follow_redirects=True)
    assert "noncharacters" in r.get_data(as_text=True)
    assert _notes(office) == []


@pytest.mark.parametrize("body", ["\u200b", "\U000e0041\U000e0042", "\ue000", "\U000e0100", "\u0301", " \u3164 "])
def test_a_note_of_only_invisible_characters_is_no_note(office, clients, comment_id, body):
    r = clients["editor"].post(f"/office/comment/{comment_id}/notes", data={"body": body},
                               headers={"Accept-Language": "en"}, follow_redirects=True)
    assert "Write the note first." in r.get_data(as_text=True)
    assert _notes(office) == []


def test_a_visible_note_is_kept_as_typed(office, clients, comment_id):
    clients["editor"].post(f"/office/comment/{comment_id}/notes", data={"body": " 请核实\u200b数据。 "})
    assert _notes(office) == ["请核实\u200b数据。"]
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(CommentNote)) == 1
