"""Patterns behind the misses of outsider batch Y (issue 15), each tested on wordings of its own.

Other regulations an AI firm meets are not the draft's subject; the procedure of another programme's title is
not either; the city bureau's duties are article 4's and its first review article 8's, even where the question
says 评审; a table's number is no word of its note; 公式 typed for 公示 before 没问题 is still the public notice;
"what is meant by" asks a definition."""
import pytest

from guidance.answer import answer


def _refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize("q", [
    "我们的工业软件要把数据传到国外总部,数据出境怎么评估?",
    "算法备案需要准备哪些东西?",
    "Is there a negative list for foreign investment in AI manufacturing?",
    "Do we need a cross-border data transfer assessment for our plant data?",
])
def test_other_regulations_are_declined(q):
    a = answer(q)
    assert a.declined, a.answer


@pytest.mark.parametrize("q", ["Would a county with lots of foreign-investment companies be favoured?"])
def test_foreign_invested_firms_as_such_are_no_regulation_asked(q):
    a = answer(q)
    assert not a.declined, a.answer


def test_a_regulation_word_inside_a_question_on_the_draft_keeps_it_in_scope():
    a = answer("附件1里工业大模型开发数量这一项,大模型要不要先备案才算?")
    assert not a.declined or "annex-1" in " ".join(_refs(a)), a.answer


@pytest.mark.parametrize("q", [
    "我们企业打算申报单项冠军,手续是怎样的?",
    "高新技术企业认定的办理流程有哪些步骤?",
])
def test_the_procedure_of_another_programmes_title_is_declined(q):
    a = answer(q)
    assert a.declined, a.answer


@pytest.mark.parametrize("q", [
    "各市工信局平时都负责什么,评审也归它管吗?",
    "市里面的工信部门职责是什么?评审是不是也由它来做",
])
def test_the_city_bureau_duties_lead_and_its_first_review_follows(q):
    a = answer(q)
    refs = _refs(a)
    assert refs[0] == "art-4", refs
    assert "art-8" in refs[:3], refs


@pytest.mark.parametrize("q, heading", [
    ("附件2里头一个一级指标是什么?", "产业基础(30分)"),
    ("附件2的一级指标都是什么", "创新能力(35分)"),
])
def test_a_tables_number_is_not_a_word_of_its_note(q, heading):
    a = answer(q)
    assert heading in a.answer, a.answer
    assert "注:" not in a.answer, a.answer


@pytest.mark.parametrize("q", ["拟认定名单公式无异议以后,是不是就正式认定了?", "名单出来后公式完了就算认定了吗"])
def test_publicity_mistyped_as_formula_before_no_objection_is_the_public_notice(q):
    a = answer(q)
    assert not a.declined, a.answer
    assert _refs(a)[0] == "art-10"


def test_what_is_meant_by_a_zone_type_is_its_definition():
    a = answer("What is meant by a 'product-innovation' zone here?")
    assert not a.declined, a.answer
    assert _refs(a)[0] == "art-3.2"


@pytest.mark.parametrize("q, said", [
    ("Which policy levers does article 2 name to push this forward?", "政策引导、场景开放、标杆遴选、平台搭建"),
    ("Per the drafting explanation, which stages does the chapter on applications go through?", "发布通知、组织申报"),
])
def test_english_words_for_the_drafts_lists_quote_the_sentence_with_the_list(q, said):
    a = answer(q)
    assert said in a.answer, a.answer
