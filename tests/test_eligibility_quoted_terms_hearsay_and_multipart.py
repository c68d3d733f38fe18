"""Issue 15, batch KKK's patterns in other words: no false "eligible" from the draft's own words quoted, from
hearsay, a guess or a likeness said of the body's level; the verdict in a message of several questions, each
other question answered beside it.

- The draft's kind words quoted as words (条文写的是“县（市、区）”) describe no body: a prefecture-level city that
  reads its 市 into them is still a prefecture-level city.
- A blanket rule someone claims (只要是园区就能报) is the rule told, not the body; the body is the asker's own words.
- A branch office the body keeps in the province (在芜湖设了联络处) does not place the body there.
- What someone else says or believes the body is, a guess, an impression, a likeness, a sign or a lapsed approval
  (有人跟我说我们是省级的, someone told me, 相当于省级, 网上写的是省级, approval expired) is no level held: it depends.
- One sentence of a longer message asking plainly whether the body may apply (…能不能作为创建主体?第二,材料交给谁?)
  gets the verdict, and the message's other questions (每年都有吗, 在哪公示, 会来现场看吗) are answered beside it.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "地级市能不能当创建主体？条文写的是“县（市、区）”。",
    "看第三条原文“县(市、区)”里那个“市”，是不是说设区的市也能当创建主体？",
    "Can a prefecture-level city be a creation subject? Article 3 says “县(市、区)” after all.",
])
def test_the_drafts_words_quoted_name_no_body(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "有人说只要是园区就能报，我们是个乡镇工业园，能报吗",
    "同事说凡是开发区都可以，我们是镇里办的产业园，可以报吧？",
])
def test_a_blanket_rule_claimed_is_not_the_body(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们是浙江嘉兴的经开区，在芜湖设了联络处，能报吗",
    "我们是江苏无锡的县级市，在芜湖也有个办公室，能报吗",
])
def test_an_office_in_the_province_does_not_place_the_body_there(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "我们是肥东县的一个开发区，有人跟我说我们是省级的。能报吗？",
    "We are a development zone in Feidong County. Someone told me we're provincial-level. Can we apply? Who do we send it to?",
    "We run the Taohua development zone in Feidong County. Our director believes the province approved us years ago, "
    "but nobody can find the paperwork. Can we apply? What do we need to submit?",
    "我们是肥东县的一个开发区，省级的，但批文找不到了。能报吗？",
    "我们是肥东县的一个开发区，相当于省级。能报吗？要交什么？",
    "我们是肥东县的一个开发区，网上写的是省级。能报吗？要交什么？",
    "我们是肥东县的一个开发区，八成是省级的。能报吗？要交什么？",
    "我们是肥东县的一个开发区，省级的吧。能报吗？要交什么？",
    "我们是肥东县的一个开发区，省级，我印象里是。能报吗？要交什么？",
    "我们是肥东县的省级开发区，不过批文去年到期了，能报吗？",
    "我们是肥西的开发区，据我所知是省级。能报吗？",
    "We are a development zone in Feidong County and I suspect we are provincial-level. Can we apply? What do we submit?",
    "We are a development zone in Feidong County, provincial-level if I'm not mistaken. Can we apply? How do we submit?",
    "We are a development zone in Feidong County; we have been operating like a provincial zone. Can we apply?",
    "We are a provincial development zone in Anhui whose approval expired last year. Can we apply? What do we need?",
    "We're a development zone in Feixi with provincial status (to be confirmed). Are we eligible? What should we submit?",
    "We're a development zone in Feixi whose provincial status is disputed. Are we eligible?",
])
def test_hearsay_a_guess_or_a_likeness_of_the_level_is_no_level_held(q):
    a = answer(q)
    assert a.verdict == "depends", a.answer


@pytest.mark.parametrize("q", [
    "我们是肥东县的省级开发区，能报吗？要交什么？",
    "We are a provincial-level development zone in Feidong County. Can we apply? What do we submit?",
    "我们是肥东县，领导说我们县要报这个，能报吗",
    "Tongcheng is a county-level city in Anqing. Since it has 市 in its name, is it excluded, or can it apply like a county?",
])
def test_a_level_or_kind_said_plainly_keeps_its_verdict(q):
    assert answer(q).verdict == "eligible"


@pytest.mark.parametrize("q, refs, fact", [
    ("你好，我们是凤台县发改委转过来的。领导想报技术赋能类。先问一下：我们县能不能当创建主体？另外材料要先交给淮南市还是直接给省厅？",
     ["art-3", "art-8"], "所在市工信局"),
    ("我们是天长市，能申报吧？这个示范区是每年都组织吗？", ["art-3", "art-7"], "每年组织一次"),
    ("我们是蒙城县的，可以报吧？拟认定名单会在哪里公示？", ["art-3", "art-10"], "厅门户网站"),
    ("我们是宿松县，可以作为创建主体吧？另外评审的时候专家会不会到现场考察？", ["art-3", "art-10"], "现场考察"),
    ("我们是郎溪县经信局。我们县应该能报吧？还有，评估不合格以后怎么处理？", ["art-3", "art-12"], "整改"),
])
def test_the_verdict_and_each_other_question_of_a_message(q, refs, fact):
    a = answer(q)
    cited = [c["ref"] for c in a.citations]
    assert a.verdict == "eligible", a.answer
    assert all(r in cited for r in refs), cited
    assert fact in a.answer


def test_an_intention_with_a_question_about_materials_still_gets_the_materials():
    """我们想报,需要啥材料: no may-we-apply asked, the materials are the answer (the sets give it no verdict)."""
    a = answer("我们是泗县经信局，县里想报深度应用类，需要准备啥材料？")
    assert a.verdict is None
    assert a.citations[0]["ref"] == "art-9"


def test_who_the_applying_body_is_asked_in_two_sentences_is_no_verdict():
    a = answer("申报主体具体是谁，是区政府还是区经信局？需不需要区政府同意？")
    assert a.verdict is None


@pytest.mark.parametrize("q", [
    "我们是宿州某县下面的一个镇政府，想自己去申报，是不是县里点头就行？",
    "Our 街道 wants to apply for the 产品创新 type on its own. 可以吗?",
    "Our development zone was set up by the county, not on any provincial list, and wants to apply. 行不行?",
])
def test_an_intention_then_a_bare_ask_is_a_may_we_apply(q):
    assert answer(q).verdict == "not_eligible"


@pytest.mark.parametrize("q", [
    "我们是肥东县的开发区，不在省级开发区名单里，但当地都叫省级，能报吗？",
    "我们是肥东县的开发区，不在省级开发区名单里，但我们是省级，能报吗？",
    "We're a development zone in Feidong, not on any provincial list, but provincial-level. Can we apply?",
])
def test_a_level_both_denied_and_claimed_depends(q):
    assert answer(q).verdict == "depends"


def test_one_level_denied_and_another_claimed_is_the_one_claimed():
    assert answer("我们是肥东县的开发区，不是国家级，是省级，能报吗？").verdict == "eligible"
