"""Issue 15, batch KKK's fact questions in other words: a pass mark asked with 以上 is not in the draft; what a zone
must have built (要建有哪些平台) is its condition (article 6), not the rows that score it; which first-level
indicator a row described in other words falls under is that row's fact, also with its table named; the proposed
list "posted publicly" is article 10's 公示 on the department's website."""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "专家打分几分及以上就能评上？",
    "总分拿多少分以上才能通过评审？",
])
def test_a_pass_mark_with_above_is_declined(q):
    assert answer(q).declined


@pytest.mark.parametrize("q, ref", [
    ("产品创新类示范区必须建有哪些省级以上创新平台？", "art-6.2.3"),
    ("产品创新类要建有哪些省级以上的研发平台？", "art-6.2.3"),
    ("技术赋能示范区需要建成哪些平台？", "art-6.3.2"),
])
def test_what_a_zone_must_have_built_is_its_condition(q, ref):
    assert answer(q).citations[0]["ref"] == ref


@pytest.mark.parametrize("q, ref, fact", [
    ("In annex 2, what category is the count of provincial key laboratories in?", "annex-2/12", "Innovation capacity"),
    ("In table 1, which first-level indicator do provincial-level industrial internet platforms come under?",
     "annex-1/12", "Ecosystem building"),
    ("附件1里工业互联网平台那一项属于哪个一级指标？", "annex-1/12", "生态建设"),
])
def test_the_category_a_row_falls_under(q, ref, fact):
    a = answer(q)
    assert a.citations[0]["ref"] == ref and fact in a.answer, a.answer


def test_the_list_posted_publicly_is_the_websites_notice():
    a = answer("On which site is the list of candidate zones posted publicly?")
    assert a.citations[0]["ref"] == "art-10" and "厅门户网站" in a.answer
