"""A second, made-up consultation is answered by the same engine with its own data and no code change.

tests/fixtures/mini/: a three-article draft (江西省智慧农业示范基地建设办法) with one indicator table and its
own eligibility rules (townships of Jiangxi create the bases; counties only recommend) — unlike the Anhui
draft, where counties are creation subjects and townships are not.
"""
from pathlib import Path

import pytest

from consultation.document import load_file
from guidance.answer import answer
from guidance.index import build

HERE = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def index():
    return build(load_file(HERE / "consultation.yaml"), HERE / "guidance")


@pytest.mark.parametrize("q, verdict", [
    ("乡镇能申报吗", "eligible"),
    ("Can a township apply?", "eligible"),
    ("县能申报吗", "not_eligible"),
    ("我们是浙江的一个乡镇,能申报吗", "not_eligible"),
    ("我们好像是乡镇,能申报吗", "depends"),
])
def test_its_own_eligibility_rules(index, q, verdict):
    a = answer(q, index)
    assert a.verdict == verdict, a.answer
    assert all(c["ref"] in index.consultation.nodes for c in a.citations)


def test_the_anhui_rules_give_the_opposite_verdicts():
    assert answer("乡镇能申报吗").verdict == "not_eligible"
    assert answer("县能申报吗").verdict == "eligible"


def test_a_row_of_its_table_with_points_method_and_unit(index):
    a = answer("物联网设备覆盖率几分,单位是什么", index)
    assert a.citations[0]["ref"] == "annex-1/1"
    assert "40" in a.answer and "定量" in a.answer and "%" in a.answer
    en = answer("How many points is the IoT device coverage rate worth?", index)
    assert en.citations[0]["ref"] == "annex-1/1" and "40 points" in en.answer


def test_its_articles_and_its_notice(index):
    a = answer("申报材料有哪些", index)
    assert a.citations[0]["ref"] == "art-3" and "申报书" in a.answer
    b = answer("征求意见什么时候截止", index)
    assert b.citations[0]["ref"] == "notice" and "2026年3月31日" in b.answer
    c = answer("意见发到哪个邮箱", index)
    assert "farming@example.org" in c.answer
    d = answer("智慧种植示范基地是什么", index)
    assert d.citations[0]["ref"] == "art-2.1" and "精准种植" in d.answer
    for x in (a, b, c, d):
        for cite in x.citations:
            assert cite["quote"] in index.consultation.quote(cite["ref"])


def test_out_of_scope_is_declined_with_its_own_office(index):
    a = answer("明天天气怎么样", index)
    assert a.declined and "farming@example.org" in a.answer


def test_its_own_zone_type_is_not_another_programmes(index):
    """示范基地 is another programme's title to the Anhui draft, but this consultation's own zone type."""
    a = answer("智慧种植示范基地需要什么条件,怎么申报?", index)
    assert not a.declined, a.answer
    assert answer("国家新型工业化产业示范基地怎么申报?").declined
