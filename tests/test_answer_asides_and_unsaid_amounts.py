"""Patterns behind the misses of outsider batch I (issue 15), each tested on wordings of its own.

A place said to be beside the province (就在安徽边上) is not where the body is; the municipal bureau named
as where the papers go (报给六安市工信局) is no second level of the body; colloquial consent (点头) is
article 8's consent; and details the draft leaves open (an amount or a share of funds, comments sent after
the period, the mark that passes, two bodies for one area, a form's columns) are declined."""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "我们是江苏盱眙县，就在安徽边上，能不能申报？",
    "我们是湖北英山县的，在安徽附近，可以报吗",
])
def test_a_province_the_body_is_beside_is_not_where_it_is(q):
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q", [
    "明光是县级市，我们要报的话是先交给滁州市工信局吧",
    "我们是桐城市，县级市，材料报给安庆市工信局对吗",
])
def test_the_municipal_bureau_named_as_destination_gives_the_verdict_and_route(q):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.verdict == "eligible", a.answer
    assert "市工信局" in a.answer


def test_colloquial_consent_is_article_8s_consent():
    a = answer("区工信局申报前，需不需要区政府点头？")
    assert not a.declined, a.answer
    assert a.citations[0]["ref"] == "art-8"
    assert "本级政府或管委会同意" in a.answer


@pytest.mark.parametrize("q", [
    "评上优秀，资金倾斜具体能有多少？",  # an amount of support
    "评估优秀的政策倾斜，有没有个比例？",  # a share of it
    "过了征求意见截止那天，还能再发意见吗",  # comments after the period
    "附件2的总分拿到多少分算过关？",  # the mark that passes
    "县和县里开发区的四至范围重叠了，这种情况怎么处理？",  # two bodies for one area
    "反馈信息表在哪儿下？需要填哪些栏目？",  # the form's columns, and where to get it
])
def test_details_the_draft_leaves_open_are_declined(q):
    a = answer(q)
    assert a.declined, a.answer
    assert a.verdict is None


@pytest.mark.parametrize("q", [
    "评审结果有了之后就直接认定了吗 中间还有什么环节",  # parts split by a space, as typed in chat
    "专家评审结果出来以后直接就认定吗，中间还有啥步骤",
])
def test_what_lies_between_two_steps_quotes_each_step_on_the_way(q):
    a = answer(q)
    assert a.citations[0]["ref"] == "art-10", a.citations
    assert "集体决策" in a.answer and "公示无异议" in a.answer, a.answer


@pytest.mark.parametrize("q, facts", [
    ("这个导则有效期到什么时候，最终由谁解释？", ["2027年12月31日", "安徽省工业和信息化厅负责解释"]),
    ("Who interprets the guideline, and until when is it valid?", ["2027", "Department of Industry"]),
])
def test_each_part_of_a_two_part_question_is_answered_not_only_cited(q, facts):
    a = answer(q)
    assert not a.declined
    for fact in facts:
        assert fact in a.answer, a.answer


def test_another_articles_sentence_does_not_answer_a_detail_the_first_part_lacks():
    """每年组织一次 (article 7's call) is no frequency of the evaluation (article 11: 定期)."""
    assert answer("综合评估隔多久搞一回？是不是每三年一次").declined


@pytest.mark.parametrize("q, ref, word", [
    ("我们是肥西县，能报技术赋能类吗", "art-3.3", "技术赋能"),
    ("Wuhu ETDZ is national-level, can we apply for the product-innovation type?", "art-3.2", "产品创新"),
])
def test_may_we_apply_for_a_named_type_cites_that_types_definition(q, ref, word):
    a = answer(q)
    assert a.verdict == "eligible", a.answer
    assert [c["ref"] for c in a.citations][:2] == ["art-3", ref]
    assert word in a.answer


def test_a_body_that_may_not_apply_is_not_told_about_the_type():
    a = answer("我们是浙江德清县，能报技术赋能类吗")
    assert a.verdict == "not_eligible"
    assert "art-3.3" not in [c["ref"] for c in a.citations]
