"""Questions across the indicator tables (issue 15, batch F's patterns in other words): the rows of one
method with their sum, the full marks of every table, a first-level indicator only one table has, and the
three types named as a group (三类) asking across them.
"""
from guidance.answer import answer


def test_rows_of_one_method_with_their_sum():
    a = answer("附件3中标注为纯“定量”的指标有几项,合计多少分?")
    assert a.citations and all(c["ref"].startswith("annex-3/") for c in a.citations)
    assert "定量：共" in a.answer and "合计" in a.answer
    quals = answer("附件1里仅标注“定性”的指标(定性+定量的不算)一共几分")
    assert [c["ref"] for c in quals.citations] == ["annex-1/17", "annex-1/22", "annex-1/23"]
    assert "合计14分" in quals.answer


def test_full_marks_of_every_table():
    a = answer("三种类型的指标表总分一样吗?")
    assert [c["ref"] for c in a.citations] == ["annex-1/1", "annex-2/1", "annex-3/2"]
    assert a.answer.count("满分100分") == 3


def test_a_category_only_one_table_has():
    a = answer("创新支撑这个一级指标,深度应用表里有没有?")
    assert a.citations[0]["ref"].startswith("annex-3/")
    assert "只是附件3的一级指标" in a.answer
    en = answer("Is there a service output capacity category in the product-innovation table too?")
    assert en.citations[0]["ref"].startswith("annex-3/") and "Annex table 3 only" in en.answer


def test_three_types_as_a_group_compare_a_category():
    a = answer("三类示范区里哪一类的支撑保障分值最高?")
    assert {c["ref"].split("/")[0] for c in a.citations} == {"annex-1", "annex-2", "annex-3"}


def test_rows_named_in_chinese_numerals_or_as_the_last():
    assert answer("附件一第二项是什么").citations[0]["ref"] == "annex-1/2"
    assert answer("附件二第十项几分").citations[0]["ref"] == "annex-2/10"
    assert answer("附件2最后一项是什么指标").citations[0]["ref"] == "annex-2/29"


def test_a_first_level_indicator_asked_with_what_it_holds_lists_its_rows():
    """产业基础下面有哪些 / 支撑保障都考哪些: that section's rows and their sum, not the table's totals."""
    a = answer("深度应用类的“生态建设”总共几分?包括哪些二级指标?")
    assert [c["ref"] for c in a.citations][:1] == ["annex-1/12"]
    assert all(c["ref"].startswith("annex-1/") for c in a.citations)
    assert "25" in a.answer and "公共平台建设" in a.answer and "算力基础设施" in a.answer
    b = answer("产品创新类的创新能力那一块都考什么?")
    assert b.citations[0]["ref"] == "annex-2/7" and "研发投入" in b.answer and "知识产权" in b.answer
    c = answer("技术赋能类里“创新支撑”下面有哪几项?")
    assert c.citations[0]["ref"] == "annex-3/12" and "优质项目" in c.answer


def test_two_rows_asked_in_one_question_are_both_answered():
    """Two indicators named in two parts of one question (…?还有“…”那项呢,两项各几分): each row, not only one."""
    a = answer("“工业大模型开发数量”是定量吗?还有“使用工业大模型应用的企业数量”那项呢,两项各几分?")
    assert {c["ref"] for c in a.citations} >= {"annex-1/10", "annex-1/8"}, a.citations
    b = answer("PFLOPS那个指标几分?另外“企业获取算力服务的便利性与成本”是定性吗?两条分别说一下")
    assert [c["ref"] for c in b.citations][:2] == ["annex-1/16", "annex-1/17"], b.citations
    assert "定量" in b.answer and "定性" in b.answer


def test_which_table_a_row_is_in_is_said_by_its_title():
    """在哪张表里: the row's label gives its annex number only; the answer names the table (its zone type)."""
    a = answer("知识产权那块,发明专利拥有量这个指标在哪张表里?几分?")
    assert a.citations[0]["ref"].startswith("annex-2/") and "产品创新" in a.answer, a.answer
    b = answer("“工业大模型开发数量”属于哪个附件,几分?")
    assert b.citations[0]["ref"] == "annex-1/10" and "深度应用" in b.answer, b.answer
