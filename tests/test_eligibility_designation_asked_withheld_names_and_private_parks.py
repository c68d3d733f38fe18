"""Who is asking, read past words that only look like the body's (issue 15, batch JJJ).

Being designated asked of a named body (蜀山区能不能被评为示范区) is a may-we-apply; a place said only to exist
(There is a Guangde City in Anhui, Anhui has Huoshan County) is not where the asker is; a park a firm owns
(开发商建的产业园, privately owned) is a firm's park whichever of the two asks; a body the question places in the
province, only its name withheld (名字不方便说), is placed; English words in a Chinese question read as Chinese
leave no pause behind (一个 industrial park → 一个园区); and a table's note is what a question naming the table asks
when it asks what the note defines. A level the asker only believes (据我所知, 我猜) is hedged; bodies applying
together in other words (合起来, 打包联合起来) are several bodies; a clause going on about the asker (…,是省级经开区)
says what the body is.
"""
from __future__ import annotations

import pytest

from guidance.answer import answer
from guidance.index import get_index
from guidance.pinyin_reading import _english_words_read


@pytest.mark.parametrize("q, verdict", [
    ("蜀山区能不能被评为人工智能深度应用示范区?", "eligible"),
    ("庐阳区有没有可能被认定为技术赋能示范区?", "eligible"),
    ("芜湖市弋江区能争取成为产品创新示范区吗?", "eligible"),
    ("合肥市能不能被认定为示范区?", "not_eligible"),
])
def test_being_designated_asked_of_a_named_body_is_a_may_we_apply(q, verdict):
    assert answer(q).verdict == verdict


def test_what_designation_needs_asks_nothing_of_a_body():
    assert answer("满足什么条件才能被认定为示范区").verdict is None


@pytest.mark.parametrize("q", [
    "We're from Changxing County, Zhejiang. There is a Guangde City in Anhui next door. Can Changxing apply?",
    "We're in Kunshan, Jiangsu. Anhui has Huoshan County, a similar name — can Kunshan apply?",
])
def test_a_place_said_only_to_exist_is_not_where_the_asker_is(q):
    assert answer(q).verdict == "not_eligible"


def test_a_place_elsewhere_said_only_to_exist_leaves_the_askers_own_county():
    assert answer("We're Feixi County in Hefei. There's a Fei County in Shandong too — can we apply?").verdict == "eligible"


@pytest.mark.parametrize("q", [
    "我们是地产公司投资打造的科技园,在芜湖,园区能报吗",
    "Our tech park in Bengbu is run by a real estate company. Can the park apply?",
    "A privately owned smart manufacturing park in Lu'an — may the park apply?",
])
def test_a_park_a_firm_owns_is_a_firms_park(q):
    assert answer(q).verdict == "not_eligible"


def test_a_park_of_no_stated_owner_still_depends_on_its_level():
    assert answer("我们是芜湖的一个产业园,能报吗").verdict == "depends"


@pytest.mark.parametrize("q", [
    "我们是安徽的一个区,名字不方便说,能报吗",
    "我们是安徽某县,具体名称保密,能申报吗",
    "We're a district in Anhui; I'd rather not say our name. Can we apply?",
])
def test_only_the_name_withheld_of_a_body_placed_in_the_province_is_placed(q):
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q", [
    "我们是国家级经开区,名字先不说,能报吗",  # no province said
    "我们是某省的一个区,名字保密,能报吗",
    "We're a district; I'd rather not say which province or our name. Can we apply?",
])
def test_a_name_withheld_without_the_province_stays_unplaced(q):
    assert answer(q).verdict == "depends"


def test_english_words_read_as_chinese_leave_no_pause():
    assert _english_words_read("我们是滁州的一个 industrial park, 能 apply 吗") == "我们是滁州的一个园区, 能申报吗"


@pytest.mark.parametrize("q", [
    "我们是滁州的一个 industrial park, 能报吗",
    "我们是六安的一个 park, eligible?",
])
def test_a_park_in_english_words_is_the_park_not_its_city(q):
    assert answer(q).verdict == "depends"


@pytest.mark.parametrize("q", [
    "附件1里什么企业算工业大模型开发者?",
    "In annex 1, which firms count as industrial large-model developers?",
])
def test_what_a_named_tables_note_defines_is_the_note(q):
    a = answer(q)
    assert "通过开源参与研发" in a.answer, a.answer
    assert a.citations[0]["ref"].startswith("annex-1"), a.citations


def test_a_rows_points_in_a_named_table_stay_the_rows():
    a = answer("附件1里工业大模型开发数量几分")
    assert a.citations[0]["ref"] == "annex-1/10" and "6分" in a.answer, a.answer


def test_the_index_reads_the_private_park_group():
    assert get_index().rules.hit("private_park", "开发商投资建设的产业园")


@pytest.mark.parametrize("q", [
    "Our county is Xuyi, Jiangsu — Mingguang, Anhui is next door. Can Xuyi apply?",
    "Can Qianjiang City in Hubei apply? It sounds like Qianshan in Anhui.",
])
def test_a_neighbour_or_a_name_alike_in_english_is_not_where_the_body_is(q):
    assert answer(q).verdict == "not_eligible"


def test_a_joint_application_in_english_is_several_bodies():
    a = answer("Could Huoqiu County and Shou County make a joint application?")
    assert a.verdict == "depends" and "several bodies" in a.answer, a.answer


def test_together_said_of_something_else_is_not_a_joint_application():
    assert answer("We are Feixi County, can we apply? Together with our firms we have a plan.").verdict == "eligible"


@pytest.mark.parametrize("q", ["省级以上开发区能不能报", "省级及以上的经开区可以申报吗"])
def test_zones_at_provincial_level_and_above_asked_as_a_class_are_eligible(q):
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q", [
    "我们是淮北的经开区,据我所知是省级,能申报吗",
    "我们是铜陵的高新区,国家级的(我猜),能报吗",
    "我觉得我们是省级开发区,在池州,能报吗",
])
def test_a_level_the_asker_only_believes_is_hedged(q):
    assert answer(q).verdict == "depends"


def test_a_belief_about_applying_hedges_nothing_about_the_body():
    assert answer("我们是肥西县,我觉得应该能报吧?").verdict == "eligible"


@pytest.mark.parametrize("q", [
    "我们是怀宁县,想跟潜山市合起来申报,行吗",
    "能不能几个区打包联合起来报一个示范区",
])
def test_bodies_applying_together_in_other_words_depend(q):
    a = answer(q)
    assert a.verdict == "depends" and not a.declined, a.answer


def test_a_clause_going_on_about_the_asker_says_what_the_body_is():
    assert answer("我们在亳州,是省级经开区,够格吗").verdict == "eligible"


def test_a_prefecture_named_in_english_in_a_chinese_question_places_its_district():
    assert answer("我们是安徽 Bengbu 的一个 district,能申报吗").verdict == "eligible"


def test_designation_hoped_for_is_a_may_we_apply():
    assert answer("霍山县有希望评上示范区吗").verdict == "eligible"


def test_townships_asked_in_the_plural_are_not_eligible():
    assert answer("Are townships and sub-districts eligible?").verdict == "not_eligible"


def test_we_asking_to_apply_without_saying_who_depends():
    assert answer("我们打算申报,可以吗").verdict == "depends"
