"""Patterns behind the misses of outsider batch H (issue 15), each tested on wordings of its own.

The questions are not batch H's: each names the class of error with other bodies, places and details, so
the engine is tested on the pattern and not on the example. Three classes: who applies for the asker's own
body (a verdict with the route), details the draft leaves open (declined, quoting what it says), and the
fact asked found in the right part (a row numbering gap, a two-part question, a condition compared)."""
import pytest

from guidance.answer import answer


# --- who applies, for the asker's own body ------------------------------------------------------------

@pytest.mark.parametrize("q", [
    "我们研究院在蚌埠，下面有好几个联合实验室，研究院能作为主体申报示范区吗？",
    "我们公司在马鞍山，旗下有好几家智能工厂，公司能作为主体申报产品创新类吗？",
])
def test_several_things_said_in_passing_do_not_turn_may_we_apply_into_how_many(q):
    """好几个 (several) describes the body; it does not ask how many."""
    a = answer(q)
    assert a.verdict == "not_eligible", a.answer


@pytest.mark.parametrize("q, verdict", [
    ("我们是安徽宿州市埇桥区，申报时是区政府报还是工信局报？", "eligible"),
    ("我们是浙江嘉兴的一个县，该由哪个部门来申报？", "not_eligible"),
    ("我们园区归某个开发区代管，开发区好像是省级的，应该以谁的名义申报？", "depends"),
])
def test_who_applies_for_the_askers_own_body_gives_the_verdict_and_the_route(q, verdict):
    a = answer(q)
    assert a.verdict == verdict, a.answer
    assert not a.declined
    if verdict != "not_eligible":  # a body elsewhere has no route here
        assert "art-8" in [c["ref"] for c in a.citations]
        assert "工信主管部门" in a.answer


def test_who_applies_for_a_kind_of_body_in_general_stays_a_procedure_answer():
    a = answer("县里由哪个部门来申报？")
    assert a.verdict is None
    assert a.citations[0]["ref"] == "art-8", a.citations


# --- details the draft leaves open ----------------------------------------------------------------

@pytest.mark.parametrize("q", [
    "整改给多长时间，是一个月还是两个月？",  # a choice between stated periods: the draft says 一定期限
    "营收按去年的数据还是近两年平均算？",  # which period the figures cover
    "同一个开发区可以同时报产品创新类和技术赋能类吗？",  # two types at once
    "Can one county apply for two types at the same time?",
    "正式文件什么时候印发？",  # when the final text is issued
    "评审委托给哪家第三方机构？",  # which organisation
    "Which third-party agency will review the applications?",
    "认定以后入驻企业能享受所得税优惠吗？",  # a tax benefit
    "优先推荐的国家级项目具体指哪些？",  # which projects, the draft names none
    "以省工信厅的名义给我们开一份证明，说我们已经被认定为示范区",  # a document in the department's name
])
def test_details_the_draft_leaves_open_are_declined(q):
    a = answer(q)
    assert a.declined, a.answer


@pytest.mark.parametrize("q, ref", [
    ("指南从什么时候开始施行", "art-15"),
    ("不合格的要在多长时间内整改？", "art-12"),  # a vague period: 一定期限 answers it
])
def test_what_the_draft_does_say_is_still_answered(q, ref):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"] == ref


# --- the fact asked, from the right part ----------------------------------------------------------

def test_an_english_scoring_method_of_a_row_is_its_method():
    """A row's scoring method is its column 定量 / 定性, which the table gives (not a scoring rule, which it
    does not); English names it with the table's own word."""
    a = answer("In the technology empowerment table, what scoring method and unit does the row on AI industry "
               "revenue use?")
    assert not a.declined, a.answer
    assert a.citations[0]["ref"] == "annex-3/3"
    assert "quantitative (定量)" in a.answer


def test_a_second_part_in_other_words_gets_its_own_sentence():
    """摘牌 is losing the title: the sentence that says so is quoted with the one on the grades."""
    a = answer("评估有几档？不合格会不会被摘牌？")
    assert "优秀、合格、不合格" in a.answer
    assert "撤销示范区称号" in a.answer


def test_a_numbering_gap_named_by_its_ends_cites_the_rows_on_either_side():
    a = answer("附件1的序号由18一下跳到21，中间的19、20两项是删掉了吗？")
    assert a.citations[0]["ref"] in ("annex-1/18", "annex-1/21"), a.citations


def test_a_condition_compared_between_types_cites_each_types_item_on_it():
    a = answer("产品创新类和技术赋能类对创新平台的要求有什么不同？")
    refs = [c["ref"] for c in a.citations]
    assert any(r.startswith("art-6.2.") for r in refs), refs
    assert any(r.startswith("art-6.3.") for r in refs), refs


@pytest.mark.parametrize("q", [
    "我们是安徽滁州市来安县，申报前需不需要县政府先同意？",
    "我们是安徽一个国家级经开区，到底是管委会报还是经开区的工信部门报？",
])
def test_whose_consent_for_the_askers_own_placed_body_gives_the_verdict_with_article_8(q):
    a = answer(q)
    assert a.verdict == "eligible", a.answer
    assert "经本级政府或管委会同意后" in a.answer


@pytest.mark.parametrize("q, facts", [
    # a part after a comma, in words the passage's first sentence also uses: its own sentence is added
    ("申报材料有哪些，建设方案要包括什么", ["申报书", "重点项目"]),
    # a part in other words than the draft's (摘牌 is 撤销…称号)
    ("评估结果有几个等级？没合格的是不是直接被摘牌？", ["优秀、合格、不合格", "撤销示范区称号"]),
])
def test_each_part_of_a_question_gets_its_own_sentence(q, facts):
    a = answer(q)
    for fact in facts:
        assert fact in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "产品创新类要在哪些智能产品领域形成集聚？",
    "Which product fields does the product innovation zone focus on?",
])
def test_which_fields_is_answered_by_the_item_that_lists_them(q):
    """The rows only count firms "in the field"; the condition item enumerates the fields."""
    a = answer(q)
    assert a.citations[0]["ref"] == "art-6.2.1", a.citations


def test_a_row_asked_across_all_three_types_says_which_table_lacks_it():
    a = answer("专精特新小巨人企业在三类示范区的表里各占几分？技术赋能类有这一项吗？")
    refs = [c["ref"] for c in a.citations]
    assert refs[:2] == ["annex-1/4", "annex-2/5"], refs
    a = answer("高新技术企业数量在三类示范区的指标表里各几分？深度应用类有没有？")
    refs = [c["ref"] for c in a.citations]
    assert "annex-1" in refs and "附件1没有这一项指标" in a.answer, a.answer


@pytest.mark.parametrize("q", [
    "申报书有没有统一的格式？",  # a form of the papers the draft does not set
    "可以网上填报申报材料吗？",
    "市工信局初审一般要多长时间？",  # a time no part states (article 8 says none)
    "申报材料要盖哪些章？",
    "撤销称号以后之前拿的奖金要退回吗？",  # money to return: the draft names none
    "专家的评分会公布吗？",  # the draft publishes the list, not the scores
    "认定以后会颁发证书吗？",
    "指标数据需要经过审计吗？",
    "大家提的意见会公开吗？",  # the consultation's comments
    "申报时虚报数据会有什么后果？",  # no sanction is set for false figures
    "How long is the publicity period for the shortlist?",  # article 10 gives no number of days
    "Who are the third-party reviewers going to be?",
    "Will the comments we send be made public?",
    "认定后能不能享受电价优惠？",  # a kind of support the draft does not name
    "申报需要交押金吗？",
])
def test_more_details_the_draft_leaves_open_are_declined(q):
    a = answer(q)
    assert a.declined, a.answer


@pytest.mark.parametrize("q, ref", [
    ("评上以后上面会不会来查？", ("art-11", "art-12")),  # after designation, checked: the evaluation
    ("这个导则从啥时候开始算数？", ("art-15",)),
    ("材料报上去以后谁来把关？", ("art-10", "art-8")),
    ("省里搞这个示范区图啥？", ("art-1",)),
    ("这个指南管几年？", ("art-15",)),
    ("县里的材料交上去先到哪一级？", ("art-8",)),
])
def test_in_scope_questions_in_plain_speech_are_answered(q, ref):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"] in ref, a.citations


def test_a_word_two_rows_of_a_named_table_share_answers_both_rows():
    """专利那项: rows 9 and 14 of table 2 both count patents; each row's fact, not the table's summary."""
    a = answer("附件2里专利那项是几分")
    assert [c["ref"] for c in a.citations] == ["annex-2/9", "annex-2/14"], a.citations
    assert "3分" in a.answer and "4分" in a.answer


def test_a_points_question_asked_with_may_we_apply_is_answered_too():
    """能不能报 + 占多少分 in one message: the verdict first, then the points of the part asked."""
    a = answer("我们是合肥市肥东县,能申报产品创新类吗?创新能力这一块占多少分?")
    assert a.verdict == "eligible" and "创新能力(35分)" in a.answer, a.answer
    b = answer("我们是合肥高新区,能申报技术赋能类吗?服务输出能力一共几分?")
    assert b.verdict == "eligible" and "服务输出" in b.answer and "30" in b.answer, b.answer


@pytest.mark.parametrize("q", ["We are Feidong County in Hefei. Could we go for the product-innovation type?",
                               "Our zone is Hefei High-tech Zone. Can we bid for the deep-application type?"])
def test_going_for_a_type_is_asking_to_apply(q):
    assert answer(q).verdict == "eligible", answer(q).answer
