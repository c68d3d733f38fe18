"""Details the draft only names, and schemes that are not the draft's (issue 15, batch MM).

Whether a named place already holds the title, the standard an indicator's data must meet, how the experts
are chosen, how much of an indicator counts as meeting it, what a site visit looks at: the draft names the
thing but not the detail, so the answer says so and quotes the related provision. Another province's scheme
asked to be applied for with this one, a zone's upgrade to national level asked how, an investment fund, and
another programme's call date are not the draft's. The unit a row's money is counted in is the row's.
"""
from __future__ import annotations

import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", [
    "蚌埠经开区是否已经被评为示范区",
    "滁州是不是已经认定过示范区了",
    "Has Bengbu's high-tech zone already been designated as a demonstration zone?",
    "工业软件这项要符合什么标准,有没有统一的行业标准",
    "专家组是怎么挑的,能不能自己推荐专家",
    "智能工厂要有几个才算达标",
    "现场考察一般查哪些材料",
    "总分要拿多少分才能评上",
    "马鞍山经开区已经是示范区了没有",
    "人工智能核心产业规模要达到多少亿才够",
    "两化融合水平要达到百分之多少才合格",
    "What will the field visit focus on?",
    "How were the expert reviewers chosen?",
])
def test_a_detail_the_draft_only_names_is_declined(q):
    assert answer(q).declined


@pytest.mark.parametrize("q", [
    "江苏的智能工厂认定和安徽的示范区能同时申报吗",
    "我们这种省级高新区如何才能升级为国家级",
    "省里的人工智能引导基金能不能投我们的项目",
    "国家智能制造揭榜挂帅项目今年什么时候申报",
    "评上示范区之后还能评为国家人工智能创新应用先导区吗",
])
def test_another_scheme_an_upgrade_or_a_fund_is_declined(q):
    a = answer(q)
    assert a.declined and a.verdict is None


@pytest.mark.parametrize("q", [
    "专家评审之后怎么确定名单",  # article 10 answers it
    "认定以后要做什么",
    "申报要准备多少材料才行",  # article 9 lists the materials
    "我们是江苏的开发区,能报吗",  # the asker's own body keeps its verdict
])
def test_what_the_draft_answers_is_not_declined(q):
    assert not answer(q).declined


def test_the_unit_of_a_rows_money_is_the_rows():
    a = answer("规上企业营收这项的 money 按什么单位填")
    assert not a.declined and "亿元" in a.answer


def test_an_amount_of_money_is_still_declined():
    assert answer("评上优秀能拿多少 money").declined
