"""Patterns behind the last misses of outsider batch Y (issue 15), each tested on wordings of its own.

R&D spending is the spending row, not the staff row; "scoring" naming where a term sits asks no points, so the
note that defines the term answers; 公式 typed for 公示 is read as the public notice, whose sentences are quoted;
an English answer on a titled article names its official title."""
import pytest

from guidance.answer import answer


def _refs(a):
    return [c["ref"] for c in a.citations]


@pytest.mark.parametrize("q", [
    "How is R&D expenditure scored for a product-innovation zone?",
    "Product innovation table: what weight does R&D spending get?",
])
def test_rd_spending_is_the_spending_row_not_the_staff_row(q):
    a = answer(q)
    assert _refs(a)[0] == "annex-2/7", _refs(a)


def test_rd_staff_stays_the_staff_row():
    a = answer("How many points does the share of R&D staff carry for product innovation?")
    assert _refs(a)[0] == "annex-2/8", _refs(a)


@pytest.mark.parametrize("q, said", [
    ("In the deep-application scoring, what is meant by an industrial large model developer?", "开源"),
    ("Under the product innovation scoring, what counts as an intelligent product?", "各类软硬件产品"),
])
def test_scoring_naming_where_a_term_sits_lets_the_note_define_it(q, said):
    a = answer(q)
    assert said in a.answer, a.answer


def test_points_asked_in_the_scoring_still_get_the_points():
    a = answer("In the deep-application scoring, how many points does the number of industrial large models developed get?")
    assert "6 points" in a.answer, a.answer


@pytest.mark.parametrize("q", ["名单公式完了没有异议,就正式认定了吗", "公式没问题以后,是不是就算正式认定?"])
def test_publicity_typed_as_formula_quotes_the_public_notice(q):
    a = answer(q)
    assert not a.declined, a.answer
    assert "门户网站" in a.answer and "公示无异议后" in a.answer, a.answer


def test_a_formula_asked_is_still_a_formula():
    a = answer("指标得分有没有统一的计算公式?")
    assert "公示" not in a.answer, a.answer


def test_an_english_answer_on_a_titled_article_names_its_title():
    a = answer("What does article 6 require?")
    assert "分类条件" in a.answer, a.answer
