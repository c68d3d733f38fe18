"""The asker marks where the question begins after a story (issue 15, batch JJJ): 我想问的其实很简单 —, 我就想确认:,
my question is: what comes before names parts of the draft only as the story (评估、撤销称号), and the part that
answers what follows is cited first."""
from __future__ import annotations

import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "我在车间干了一辈子,最近翻这个导则,看了评估优秀、不合格要整改、撤销称号那几条,我想问的其实很简单:这份导则有效期到哪一年?",
    "I read the parts on evaluation, rectification and revoking the title. My question is: until when is the guideline valid?",
])
def test_what_follows_the_marker_is_asked(q):
    a = answer(q)
    assert a.citations[0]["ref"] == "art-15", [c["ref"] for c in a.citations]
    assert "2027" in a.answer


def test_a_story_without_the_marker_keeps_its_parts():
    a = answer("评估不合格的示范区整改后还不合格会怎样?")
    assert a.citations[0]["ref"] == "art-12", [c["ref"] for c in a.citations]
