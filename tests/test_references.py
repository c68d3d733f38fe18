"""The one reference parser: every usual way of naming an article, item, sub-item, row and chapter."""
from __future__ import annotations

import pytest

from consultation.document import get_consultation
from consultation.references import parse_reference


@pytest.fixture(scope="module")
def c():
    return get_consultation()


@pytest.mark.parametrize("typed,ref", [
    ("第六条(一)第2项", "art-6.1.2"), ("第六条第一项第二目", "art-6.1.2"), ("第6条第(一)项第2目", "art-6.1.2"),
    ("第六条（一）2.", "art-6.1.2"), ("第六条 （一）", "art-6.1"), ("第六条第一款", "art-6.1"),
    ("article 6(1)(2)", "art-6.1.2"), ("Article 6 (1) (2)", "art-6.1.2"), ("Art. 6.1.2", "art-6.1.2"),
    ("article 6, item 1, point 2", "art-6.1.2"), ("art 3", "art-3"), ("article 6(1)", "art-6.1"),
    ("附件1 指标16", "annex-1/16"), ("附件1第16项", "annex-1/16"), ("附表1序号16", "annex-1/16"),
    ("附件一 第16行", "annex-1/16"), ("附件1-16", "annex-1/16"), ("annex 1/16", "annex-1/16"),
    ("Annex 1, indicator 16", "annex-1/16"), ("table 2 #29", "annex-2/29"),
    ("article 6(1)(9)", None), ("第六条第四项", None), ("附件1 指标19", None), ("第三章", None),
])
def test_every_usual_way_of_naming_a_node(c, typed, ref):
    assert parse_reference(typed, c) == ref


@pytest.mark.parametrize("typed,ref", [
    ("第三章", "chapter-3"), ("chapter 2", "chapter-2"), ("Chapter-1", "chapter-1"), ("第九章", None),
])
def test_chapters_are_found_when_the_caller_can_offer_their_articles(c, typed, ref):
    assert parse_reference(typed, c, any_node=True) == ref
