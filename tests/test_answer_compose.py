"""Answers state the fact asked (issue 15): the most specific part named wins, comparisons are composed
from the draft's structure, English keywords do not collide, quotes are whole passages, not headings."""
import pytest

from consultation.document import get_consultation
from guidance.answer import answer


def quotes_are_exact(a):
    c = get_consultation()
    return all(cite["quote"] and cite["quote"] in c.quote(cite["ref"]) for cite in a.citations)


@pytest.mark.parametrize("q, ref, facts", [
    ("附件1里'区域智能算力供给能力'这一项几分,定量还是定性?单位是什么", "annex-1/16", ["4", "定量", "PFLOPS"]),
    ("PFLOPS 那个指标 in 附件1 is how many 分?", "annex-1/16", ["4"]),
    ("使用工业大模型的企业数量几分", "annex-1/8", ["6"]),
    ("In annex 3, how many points is 'number of platform service enterprises' worth, and is it quantitative?",
     "annex-3/9", ["10", "quantitative"]),
])
def test_a_row_named_wins_over_its_table_and_its_facts_are_stated(q, ref, facts):
    a = answer(q)
    assert a.citations[0]["ref"] == ref, a.answer
    assert all(f in a.answer for f in facts), a.answer
    assert quotes_are_exact(a)


def test_an_item_named_wins_over_its_article():
    a = answer("第六条第(二)项第3点说的是什么")
    assert a.citations[0]["ref"] == "art-6.2.3"


@pytest.mark.parametrize("q, names", [
    ("技术赋能和产品创新有啥区别", ["人工智能技术赋能示范区", "人工智能产品创新示范区"]),
    ("What is the difference between a deep application zone and a product innovation zone?",
     ["AI deep-application demonstration zone", "AI product-innovation demonstration zone"]),
])
def test_comparisons_of_zone_types_are_composed_in_both_languages(q, names):
    a = answer(q)
    refs = [c["ref"] for c in a.citations]
    assert {"art-3.1", "art-3.2", "art-3.3"} & set(refs[:2]) and len(set(refs[:2])) == 2
    assert all(n in a.answer for n in names)
    assert any(r.startswith("art-6.") for r in refs)
    assert quotes_are_exact(a)


def test_english_keywords_do_not_collide():
    a = answer("If we skip the evaluation without a valid reason, what happens?")
    assert a.citations[0]["ref"] == "art-12" and "fail" in a.answer
    b = answer("When I send feedback, what should the email subject be?")
    assert "关于安徽省人工智能赋能新型工业化示范区建设导则的意见建议" in b.answer


def test_an_item_is_quoted_whole_not_its_heading():
    a = answer("什么是人工智能深度应用示范区")
    assert a.citations[0]["ref"] == "art-3.1"
    assert "区域内企业" in a.citations[0]["quote"] and "区域内企业" in a.answer


def test_definitions_in_table_notes_are_stated_in_the_answer():
    a = answer("技术赋能示范区说的人工智能企业是指哪些企业?")
    # A row that uses the term comes first, then the table whose note defines it.
    assert a.citations[0]["ref"].startswith("annex-3/") and "算法开发" in a.answer
    assert any(c["ref"] == "annex-3" and "算法开发" in c["quote"] for c in a.citations)


def test_a_note_is_cited_after_the_row_that_uses_its_term():
    a = answer("产品创新类的营收数据统计范围包括规下企业吗")
    assert a.citations[0]["ref"] == "annex-2/2" and "只限定规上企业" in a.answer  # 智能产品产业营业收入
    b = answer("工业大模型开发数量这一项,什么样的企业算开发者?")
    assert b.citations[0]["ref"] == "annex-1/10" and "均为工业大模型开发者" in b.answer


def test_rows_picked_by_a_property_of_the_table():
    a = answer("技术赋能类哪些指标是纯定性的?")
    assert [c["ref"] for c in a.citations] == ["annex-3/20", "annex-3/21"]
    b = answer("产品创新类研发投入这个二级指标一共几分")
    assert "合计9分" in b.answer and b.citations[0]["ref"] == "annex-2/7"
    c = answer("附件1里分值最高的指标是哪几项?")
    assert all("8分" in answer_part for answer_part in c.answer.split("。") if "分值" in answer_part)


def test_a_category_is_answered_in_the_draft_words_and_cited_by_the_rows_that_carry_it():
    a = answer("深度应用类指标表的一级指标各多少分")
    assert "产业基础(20分)" in a.answer and a.citations[0]["ref"] == "annex-1/1"
    b = answer("技术赋能类的支撑保障分值和产品创新类比哪个高?")
    assert b.citations[0]["ref"].startswith("annex-3/") and b.citations[1]["ref"].startswith("annex-2/")


def test_a_row_number_the_table_skips_is_answered_with_the_rows_around_it():
    a = answer("附件1第20项是什么指标")
    assert [c["ref"] for c in a.citations[:2]] == ["annex-1/18", "annex-1/21"] and "缺少序号19、20" in a.answer


def test_how_to_comment_quotes_the_notice():
    a = answer("意见能不能邮寄或者当面交?")
    assert "通过电子邮件反馈" in a.answer and "征求意见反馈信息表" in a.answer


def test_english_answers_give_english_names_and_quote_the_official_chinese():
    a = answer("How many points is the whole table for product innovation zones, and what are its categories?")
    assert "Industrial base" in a.answer and "产业基础" not in a.answer.split("“")[0]
    b = answer("Who reviews the application materials first?")
    assert b.citations[0]["ref"] == "art-8" and "municipal" in b.answer
    assert "quoted below" not in b.answer and b.citations[0]["quote"] in b.answer


def test_facts_of_articles_are_stated():
    assert "国家级" in answer("评估拿到优秀有什么好处?").answer
    assert "整改" in answer("评估不合格会怎么样").answer
    assert "12月17日" in answer("这个征求意见到哪天截止?").answer
    c = answer("起草说明里讲,这个导则一共分成哪几章?").answer
    assert all(x in c for x in ["总则", "创建条件", "申报程序", "评估管理", "附则"])


def test_an_in_scope_question_in_unfamiliar_words_gets_the_closest_part_with_a_note():
    a = answer("产品创新那张表里营收数据,规下企业的营收能算进去吗?")
    assert not a.declined and a.citations[0]["ref"].startswith("annex-2")


def test_unrelated_requests_are_still_declined():
    for q in ("想注册一家人工智能公司,要准备哪些材料,去哪里办?", "推荐几本人工智能的书"):
        assert answer(q).declined


@pytest.mark.parametrize("q, fact", [
    ("这个征求意见稿是哪个单位发出来的?", "安徽省工业和信息化厅"),
    ("Which department issued this draft?", "Industry and Information Technology"),
    ("通知后面附了几个附件?", "起草情况的说明"),
    ("12月25号再发邮件提意见还来得及吗?", "2025年12月17日"),
    ("Does my comment still count if I send it after the 20th of December?", "17 December 2025"),
])
def test_notice_facts_asked_in_other_words_are_stated(q, fact):
    a = answer(q)
    assert a.citations[0]["ref"] == "notice" and fact in a.answer, a.answer


def test_an_eligibility_question_with_more_parts_answers_each_part():
    a = answer("我是歙县经信局的 县里能不能报 啥时候报")
    assert a.verdict == "eligible"
    assert "每年组织一次" in a.answer and any(c["ref"] == "art-7" for c in a.citations)


def test_each_part_of_a_two_part_question_gets_its_sentence():
    a = answer("示范区会被定期评估吗?评估时要提交什么?")
    assert "自评估报告" in a.answer


def test_an_english_answer_about_the_window_quotes_the_official_chinese():
    a = answer("Until when can I still send comments?")
    assert "17 December 2025" in a.answer and "2025年12月17日" in a.answer, a.answer


def test_what_to_prepare_quotes_the_sentence_that_says_what_is_submitted():
    a = answer("综合评估那时候需要准备哪些?")
    assert a.citations[0]["ref"] == "art-11" and "自评估报告" in a.answer, a.answer


@pytest.mark.parametrize("q, ref", [
    ("深度应用类的特定条件第二条说的是什么", "art-6.1.2"),  # an item of the conditions named, not article 2
    ("技术赋能类的条件里第三条要求有什么企业", "art-6.3.3"),
    ("第三条说了什么", "art-3"),  # no part named before it: the article
])
def test_an_ordinal_after_a_named_part_counts_inside_it(q, ref):
    assert answer(q).citations[0]["ref"] == ref
