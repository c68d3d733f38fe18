"""The draft's tree as the loader builds it, read afresh from the data file (not the cached consultation the
rest of the suite shares, which the mutation run of consultation/document.py cannot see: it is built once
before any mutant runs). Each expectation is a fact of the seed text: chapter 1 总则 holds articles 1–4,
article 6 分类条件 has three items, annex table 1 jumps from row 18 to row 21, annex table 3 starts at row 2.
"""
from __future__ import annotations

import pytest

from consultation.document import DATA_DIR, DataError, Finding, build, load_file
from consultation.schema import ConsultationFile


@pytest.fixture
def fresh():
    """Loaded for each test (a few milliseconds): the mutation run attributes a function to the tests that
    call it, and a module-scoped load would be counted for the first test only."""
    return load_file(DATA_DIR / "anhui-ai-2025.yaml")


def test_nodes_come_in_reading_order(fresh):
    refs = list(fresh.nodes)
    assert refs[:8] == ["general", "notice", "chapter-1", "art-1", "art-2", "art-3", "art-3.1", "art-3.2"]
    assert refs[-3:] == ["annex-3/20", "annex-3/21", "explanation"]
    orders = [n.order for n in fresh.nodes.values()]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)


def test_chapters_articles_items_and_subitems_are_linked_and_labelled(fresh):
    chapter = fresh.node("chapter-1")
    assert (chapter.kind, chapter.label, chapter.title, chapter.commentable) == ("chapter", "第一章", "总则", False)
    assert chapter.children == ("art-1", "art-2", "art-3", "art-4")
    article = fresh.node("art-6")
    assert (article.kind, article.label, article.title, article.parent) == ("article", "第六条", "分类条件", "chapter-2")
    assert article.children == ("art-6.1", "art-6.2", "art-6.3")
    item = fresh.node("art-6.1")
    assert (item.kind, item.label, item.parent) == ("item", "第六条(一)", "art-6")
    assert item.text.startswith("人工智能深度应用示范区")
    assert item.children == ("art-6.1.1", "art-6.1.2", "art-6.1.3")
    sub = fresh.node("art-6.1.2")
    assert (sub.kind, sub.label, sub.parent, sub.children) == ("subitem", "第六条(一)2.", "art-6.1", ())
    assert sub.text.startswith("拥有或正在建设面向工业应用的人工智能算法平台")
    assert "chapter-1" not in fresh.commentable_refs and "art-6.1.2" in fresh.commentable_refs


def test_an_item_is_quoted_with_its_marker_and_its_subitems(fresh):
    quote = fresh.quote("art-6.1")
    assert quote.startswith("(一)人工智能深度应用示范区\n1.在工业领域人工智能技术应用成效显著")
    assert "\n2.拥有或正在建设面向工业应用的人工智能算法平台" in quote and "\n3." in quote


def test_annex_rows_keep_the_printed_numbers_and_their_columns(fresh):
    annex = fresh.node("annex-1")
    assert (annex.kind, annex.label, annex.annex, annex.points) == ("annex", "附件1", 1, 100)
    assert annex.title == "人工智能深度应用示范区创建指标表"
    assert [n.row for n in fresh.annex_rows(1)] == [*range(1, 19), 21, 22, 23]
    assert [n.row for n in fresh.annex_rows(3)][:2] == [2, 3]
    row = fresh.node("annex-1/21")
    assert (row.kind, row.label, row.parent, row.annex, row.row) == ("row", "附件1第21项", "annex-1", 1, 21)
    assert (row.category, row.group, row.method, row.points) == ("支撑保障", "政策支持", "定性+定量", 5)
    assert all(fresh.node(f"annex-{t}").points == 100 for t in (1, 2, 3))


def test_numbering_gaps_are_reported_in_both_languages(fresh):
    gaps = {f.ref: f for f in fresh.findings if f.code == "numbering-gap"}
    assert gaps["annex-1"].zh == "附件1指标表序号由18跳至21,缺少序号19、20。"
    assert gaps["annex-1"].en == "Annex table 1 jumps from row 18 to row 21; row number(s) 19, 20 are missing."
    assert gaps["annex-3"].zh == "附件3指标表序号从2开始,缺少序号1。"
    assert gaps["annex-3"].en == "Annex table 3 starts at row 2; row number(s) 1 are missing."
    assert "annex-2" not in gaps
    assert gaps["annex-3"].text("zh_CN") == gaps["annex-3"].zh and gaps["annex-3"].text("en") == gaps["annex-3"].en
    orders = [fresh.node(f.ref).order for f in fresh.findings]
    assert orders == sorted(orders)


def _source(fresh) -> dict:
    return fresh.source.model_dump(mode="json", by_alias=True)


def _refused(data: dict, message: str) -> None:
    with pytest.raises(DataError, match=message):
        build(ConsultationFile.model_validate(data))


def test_parts_out_of_order_or_doubled_are_refused(fresh):
    data = _source(fresh)
    data["document"]["chapters"][1]["number"] = 3
    _refused(data, "chapter 3 out of order")
    data = _source(fresh)
    data["document"]["chapters"][0]["articles"][1]["number"] = 3
    _refused(data, "article 3 out of order")
    data = _source(fresh)
    data["annexes"][1]["number"] = 3
    _refused(data, "annex 3 out of order")
    data = _source(fresh)
    data["annexes"][1]["zone_type"] = data["annexes"][0]["zone_type"]
    _refused(data, "has two tables")
    data = _source(fresh)
    rows = data["annexes"][0]["rows"]
    rows[1]["number"] = rows[0]["number"]
    _refused(data, "row 1 after row 1")


def test_a_finding_naming_an_unknown_part_is_refused(fresh):
    data = _source(fresh)
    data["findings"][0]["ref"] = "art-99"
    _refused(data, "cites unknown reference art-99")


def test_a_finding_reads_in_the_asked_language():
    finding = Finding("art-3", "x", "中文", "English")
    assert (finding.text("zh_CN"), finding.text("zh"), finding.text("en_GB")) == ("中文", "中文", "English")


def test_the_whole_the_notice_the_tables_and_the_explanation_are_nodes_of_their_own(fresh):
    general = fresh.node("general")
    assert (general.kind, general.label, general.text, general.order) == ("general", "全文", "", 1)
    assert general.title == "安徽省人工智能赋能新型工业化示范区建设导则(征求意见稿)"
    notice = fresh.node("notice")
    assert (notice.kind, notice.label, notice.order) == ("notice", "征求意见通知", 2)
    assert notice.text.startswith("为贯彻落实《国务院关于深入实施“人工智能+”行动的意见》")
    assert fresh.node("chapter-1").text == "" and fresh.node("chapter-1").order == 3
    annex = fresh.node("annex-1")
    assert annex.text == "注:通过开源参与研发或者拥有相关产权的企业 ,均为工业大模型开发者。"
    assert fresh.node("annex-1/1").text == "规模以上制造业企业数量(个)"
    explanation = fresh.node("explanation")
    assert (explanation.kind, explanation.label) == ("explanation", "起草情况的说明")
    assert explanation.title == "关于安徽省人工智能赋能新型工业化示范区建设导则起草情况的说明"
    assert explanation.text.startswith("一、起草背景和过程\n为贯彻落实")

