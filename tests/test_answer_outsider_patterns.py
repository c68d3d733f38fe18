"""Patterns behind the misses of outsider batch G (issue 15), each tested on wordings of its own.

The questions here are not batch G's: each names the class of error with other places, other details and
other words, so the engine is tested on the pattern and not on the example."""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "浙江宁波高新区是国家级高新区,在安徽也有合作项目,能申报安徽这个示范区吗?",
    "我们是江苏苏州工业园区,在安徽还有分公司和工厂,有资格申报吗?",
    "我们是山东济南高新区的,在安徽有产业布局,可以申报吗",
])
def test_a_body_elsewhere_with_activity_in_the_province_is_not_eligible(q):
    """Having a partner, branch or project in Anhui does not place the body in Anhui."""
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


def test_a_body_in_the_province_with_a_project_there_stays_eligible():
    assert answer("我们是安徽合肥高新区,国家级的,在安徽也有不少合作项目,能申报吗").verdict == "eligible"


@pytest.mark.parametrize("q", [
    "评委都是谁,专家名单会不会公开?",  # who the experts are: the draft names no one
    "认定的成功率有多高?",  # a rate: the draft gives no statistics
    "Roughly what is the success rate of applications?",
    "前年安徽评上了哪些数字化转型示范企业?",  # past results of any programme
    "工业和信息化部的人工智能典型案例什么时候开始征集?",  # another programme's calendar
    "How can I get a residence permit to live in Wuhu?",  # off topic
    "Do I need a work visa to join a robotics firm in Hefei?",
])
def test_details_the_draft_does_not_give_are_declined(q):
    a = answer(q)
    assert a.declined, a.answer


@pytest.mark.parametrize("q, ref", [
    ("这几年我们县引进了不少企业,材料准备好以后交给谁?", "art-8"),  # 这几年 is no question of duration
    ("近几天领导一直在问,申报要交哪些材料", "art-9"),
])
def test_vague_time_words_are_not_asked_durations(q, ref):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"] == ref


@pytest.mark.parametrize("q", [
    "For what valid reasons can a zone be stripped of its title?",
    "Is there a valid cause for revoking a zone's designation?",
])
def test_a_valid_reason_is_not_the_guidelines_validity(q):
    a = answer(q)
    assert a.citations[0]["ref"] == "art-12", a.answer


@pytest.mark.parametrize("q, refs, facts", [
    ("第九条和第十二条分别讲了什么?", ["art-9", "art-12"], ["申报书", "优秀"]),
    ("导则第十三条、第十四条各说了啥", ["art-13", "art-14"], ["定期", "解释"]),
    ("What do Articles 9 and 13 say?", ["art-9", "art-13"], ["申报书", "定期"]),
])
def test_several_articles_named_are_each_answered(q, refs, facts):
    a = answer(q)
    assert [c["ref"] for c in a.citations[:len(refs)]] == refs, a.citations
    for f in facts:
        assert f in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "Can a zone lose its designation if it fails?",
    "Under what circumstances would a zone lose its title?",
])
def test_losing_the_title_in_english_is_article_12(q):
    assert answer(q).citations[0]["ref"] == "art-12"


@pytest.mark.parametrize("q", [
    "Is there any good reason a zone might lose its designation?",
    "Could a demonstration zone ever lose their title?",
])
def test_losing_a_title_is_not_what_happens_after_recognition(q):
    a = answer(q)
    assert a.citations[0]["ref"] == "art-12", a.answer
    assert "撤销示范区称号" in a.answer, a.answer


@pytest.mark.parametrize("q, said, first", [
    ("附件3第1项是什么指标?", "附件3没有第1项", "annex-3/2"),
    ("附件三第一项几分", "附件3没有第1项", "annex-3/2"),
    ("附件1第19项算多少分", "附件1没有第19项", "annex-1/18"),
    ("What is row 1 of annex 3?", "Annex table 3 has no row 1", "annex-3/2"),
])
def test_a_row_number_the_table_lacks_is_said_to_be_missing_before_anything_else(q, said, first):
    """The answer opens by saying the row does not exist and where the numbering runs, then the rows
    around it; the table's summary and its note come after."""
    a = answer(q)
    assert a.answer.startswith(said), a.answer
    assert a.citations[0]["ref"] == first, a.citations


@pytest.mark.parametrize("q", [
    "We are a county in Anhui, not ready yet. Could we apply next year instead?",
    "Our development zone wants to apply next year, is that allowed?",
    "今年来不及了,明年可以再报吗",
    "这次没赶上,明年还能报吗?",
])
def test_applying_next_year_is_the_rhythm_of_article_7(q):
    """Who asks (a county, a zone) frames a timing question; it does not make it a question of article 3."""
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"] == "art-7", a.citations


@pytest.mark.parametrize("q, facts", [
    ("评估分哪几个等次?评为不合格的话会怎样?", ["优秀、合格、不合格", "撤销示范区称号"]),
    ("申报材料包括哪些,建设方案里要写什么内容", ["申报书", "重点项目"]),
    ("评估等次有哪些?不合格了怎么办?", ["优秀、合格、不合格", "整改"]),
    ("评估分几档?不合格会怎么样?", ["优秀、合格、不合格", "撤销示范区称号"]),
])
def test_each_part_of_a_question_in_two_parts_gets_its_sentence(q, facts):
    a = answer(q)
    for f in facts:
        assert f in a.answer, a.answer


@pytest.mark.parametrize("q, ref", [
    ("我们区有三家省级智能工厂,想申报示范区,材料准备好后先交给谁?", "art-8"),
    ("我们开发区有几个工业互联网平台,申报流程是怎样的?", "art-8"),
])
def test_an_indicator_mentioned_in_passing_does_not_answer_a_procedure_question(q, ref):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"] == ref, a.citations


@pytest.mark.parametrize("q, ref", [
    ("我们公司总部在上海,在芜湖经开区有个工厂,经开区让我们帮忙准备材料。请问建设方案一般要写哪些内容?", "art-9"),
    ("我是北京来的,现在在县里挂职分管园区。请问评上以后无故不参加评估会怎样?", "art-12"),
    ("I work for a Shenzhen company with a plant in Hefei. What must the construction plan contain?", "art-9"),
])
def test_where_the_asker_comes_from_does_not_put_a_question_out_of_scope(q, ref):
    """Another region named in the asker's story (总部在上海, 北京来的) is not the question, which asks the draft."""
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"] == ref, a.citations


@pytest.mark.parametrize("q", ["江苏的示范区怎么申报?", "我们在杭州,上海有没有类似的政策?", "浙江有没有类似的示范区政策?申报条件是什么?"])
def test_a_question_about_another_region_is_still_declined(q):
    assert answer(q).declined
