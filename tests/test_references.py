"""The one reference parser: every usual way of naming an article, item, sub-item, row and chapter."""
from __future__ import annotations

import pytest

from consultation.document import Node, get_consultation
from consultation.references import _cn_to_int, english_label, label, parse_reference, references_quoting


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


@pytest.mark.parametrize("text,number", [
    ("1", 1), ("16", 16), ("一", 1), ("五", 5), ("九", 9), ("十", 10), ("十一", 11), ("十九", 19), ("二十", 20),
    ("九十", 90), ("二十一", 21), ("二十九", 29), ("三十八", 38), ("九十九", 99),
    ("", None), ("百", None), ("一二", None), ("一二三", None), ("一二三四", None), ("十一百", None),
])
def test_chinese_numerals_are_read_as_the_numbers_they_write(text, number):
    assert _cn_to_int(text) == number


@pytest.mark.parametrize("typed,ref", [
    ("第十条", "art-10"), ("第十一条", "art-11"), ("第十五条", "art-15"), ("第十六条", None),
    ("第六条(三)第3项", "art-6.3.3"), ("第三条第二款", "art-3.2"),
    ("附件三第二十项", "annex-3/20"), ("附表2第二十九项", "annex-2/29"), ("附件2第三十项", None),
    ("附件1", "annex-1"), ("附件三", "annex-3"), ("annex 1", "annex-1"), ("Appendix 2", "annex-2"),
    ("附件4", None), ("annex 4", None),
    ("Notice", "notice"), ("NOTICE", "notice"), ("通知", "notice"), ("征求意见通知", "notice"),
    ("General", "general"), ("Whole draft", "general"), ("全文", "general"), ("总体意见", "general"),
    ("Explanation", "explanation"), ("起草说明", "explanation"), ("编制说明", "explanation"),
    ("ART-6.1.2", "art-6.1.2"), ("Annex-1/16", "annex-1/16"),
    ("hello", None), ("第一二三条", None), ("article 6(1)(2)(3)", None), ("", None), ("   ", None), (None, None),
])
def test_numbers_past_ten_annexes_and_the_named_parts(c, typed, ref):
    assert parse_reference(typed, c) == ref


@pytest.mark.parametrize("typed,ref", [("第五章", "chapter-5"), ("chapter-4", "chapter-4"), ("CH. 2", "chapter-2"),
                                       ("第三条", "art-3")])
def test_any_node_adds_chapters_to_what_can_be_commented_on(c, typed, ref):
    assert parse_reference(typed, c, any_node=True) == ref
    assert parse_reference(typed, c) == (ref if ref.startswith("art-") else None)


@pytest.mark.parametrize("ref,english", [
    ("art-3", "Article 3"), ("art-12", "Article 12"), ("art-6.1", "Article 6 (一)"), ("art-6.3", "Article 6 (三)"),
    ("art-6.1.2", "Article 6 (一) 2."), ("art-6.3.3", "Article 6 (三) 3."), ("annex-1", "Annex table 1"),
    ("annex-3", "Annex table 3"), ("annex-1/16", "Annex table 1, row 16"), ("annex-3/20", "Annex table 3, row 20"),
    ("chapter-3", "Chapter 3"), ("notice", "Consultation notice"), ("general", "The draft as a whole"),
    ("explanation", "Drafting explanation"),
])
def test_every_kind_of_node_has_its_english_name(c, ref, english):
    node = c.nodes[ref]
    assert english_label(node) == english
    assert label(node, "en") == english
    assert label(node, "zh_CN") == label(node, "zh") == node.label != english


def test_an_item_past_the_fifth_and_a_node_of_no_known_kind_are_named_too():
    tenth = Node(ref="art-12.10.4", kind="subitem", label="第十二条(十)4.", text="")
    assert english_label(tenth) == "Article 12 (十) 4."
    assert english_label(Node(ref="art-12.7", kind="item", label="第十二条(七)", text="")) == "Article 12 (七)"
    assert english_label(Node(ref="annex-9", kind="appendix", label="附", text="")) == "annex-9"


@pytest.mark.parametrize("phrase,refs", [
    ("示范区创建主体为县", ["art-3"]),
    ("创建主体为", ["art-3"]),  # five characters
    ("示范区 创建\n主体为县", ["art-3"]),  # the sender's line breaks do not count
    ("“示范区创建主体为县”", ["art-3"]), ("「示范区创建主体为县」", ["art-3"]),
    ("供给能力（PFLOPS）", ["annex-1/16"]),  # full-width brackets and the draft's own space
    ("人工智能算法平台", ["art-6.1.2"]),
    ("主体为", []), ("“主体”", []), ("", []), (None, []), ("这句话不在草案里出现", []),
    ("X人工智能算法平台X", []),  # only quotation marks are taken off the ends
])
def test_a_quoted_passage_names_the_nodes_that_contain_it(c, phrase, refs):
    assert references_quoting(phrase, c) == refs


def test_a_four_character_passage_is_enough():
    found = references_quoting("创建主体", get_consultation())
    assert "art-3" in found
    assert references_quoting("创建主", get_consultation()) == []
