"""Patterns from batch UU in other words (issue 15, fourteenth session): the annex tables compared as such,
a first-level indicator in the lexicon's other English words across the tables, a row number with its table
named by zone type in any language, who files (county government or park) answered from article 8 beside
the verdict, licences and permits as no part of the draft, the province itself as the body, a long English
story asking whether the county could become one of the zones, and a town's wording.
"""
import pytest

from guidance.answer import answer


def _refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize("q", [
    "这三张附件表之间有啥差别?",
    "附件里的三个指标表有什么不一样",
    "What are the differences between these three scoring tables?",
    "How do the three annex tables differ from one another?",
])
def test_the_tables_compared_give_each_tables_summary(q):
    a = answer(q)
    assert {r.split("/")[0] for r in _refs(a)} == {"annex-1", "annex-2", "annex-3"}
    assert a.answer.count("100") >= 3 and not a.declined


def test_a_row_compared_across_tables_is_not_the_tables_compared():
    a = answer("Is the standards row in the technology-empowerment table weighted the same as the standards row "
               "in the product-innovation table, compared side by side?")
    assert "100 points in all" not in a.answer


@pytest.mark.parametrize("q", [
    "What weight does the industrial foundation category carry in each of the three indicator tables?",
    "Across the three zone types, how many points go to industrial foundation?",
])
def test_a_category_in_other_english_words_across_the_tables(q):
    a = answer(q)
    assert _refs(a)[:3] == ["annex-1/1", "annex-2/1", "annex-3/2"]
    assert all(f"{n} points" in a.answer for n in (20, 30, 25))


@pytest.mark.parametrize("q, ref", [
    ("技术赋能 table 的 row 4 是定量还是定性?", "annex-3/4"),
    ("For the product innovation sheet, what unit does item 12 use?", "annex-2/12"),
    ("In the deep application scoring table, how many points does row 9 carry?", "annex-1/9"),
    ("深度应用类的指标表,我想问序号11的分值", "annex-1/11"),
])
def test_a_row_number_with_its_table_named_by_type(q, ref):
    assert _refs(answer(q))[0] == ref


def test_a_row_number_with_two_tables_named_is_not_guessed():
    a = answer("产品创新表和技术赋能表的第3项分别是什么")
    assert _refs(a)[0] != "annex-2/3" or "annex-3/3" in _refs(a)


@pytest.mark.parametrize("q", [
    "我们区打算申报,区政府报还是高新区报?",
    "霍山县想报这个示范区,县里报还是开发区报",
    "咱们县打算报深度应用类,到时候是县政府报还是经开区报",
])
def test_who_files_cites_the_route(q):
    a = answer(q)
    assert "art-8" in _refs(a) and "art-3" in _refs(a)
    assert a.verdict != "eligible" or "霍山县" in q


def test_who_files_in_english_cites_the_route():
    a = answer("Should our district government submit it, or the high-tech zone?")
    assert _refs(a)[0] in ("art-8", "art-3") and "art-8" in _refs(a)


@pytest.mark.parametrize("q", [
    "无人驾驶出租车的测试牌照去哪里申请?",
    "机器人企业办生产许可证需要什么条件",
    "How does a drone maker get an operating licence in Anhui?",
])
def test_licences_and_permits_are_no_part_of_the_draft(q):
    a = answer(q)
    assert a.declined and a.verdict is None


@pytest.mark.parametrize("q", [
    "安徽省自己能不能作为创建主体报一个示范区?",
    "省政府想申报示范区,可以吗",
    "Could the province as a whole be designated a demonstration zone?",
])
def test_the_province_itself_is_no_creation_subject(q):
    a = answer(q)
    assert a.verdict == "not_eligible"
    assert "art-3" in _refs(a)


def test_a_body_in_the_province_is_still_its_kind():
    assert answer("安徽省的县级市可以作为创建主体吗").verdict == "eligible"
    assert answer("Can a county in the province apply?").verdict == "eligible"


@pytest.mark.parametrize("q, verdict", [
    ("Hi there. I'm with the industry bureau of Huoshan County, Lu'an, Anhui. We have been upgrading our "
     "factories for years and the county head asked me to check whether Huoshan could become one of these "
     "AI demonstration zones.", "eligible"),
    ("Hello, I'm in Wuxi, Jiangsu. Our district supplies many Anhui firms and we wonder whether our district "
     "could be one of the demonstration zones.", "not_eligible"),
])
def test_a_story_asking_to_become_one_of_the_zones(q, verdict):
    assert answer(q).verdict == verdict


def test_a_town_is_not_called_a_township():
    a = answer("我们是个特色小镇,能不能申报示范区?")
    assert a.verdict == "not_eligible"
    assert "乡镇" not in a.answer and "镇" in a.answer
