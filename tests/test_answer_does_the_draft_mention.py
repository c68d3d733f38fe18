"""Whether the draft speaks of a thing at all, asked in the asker's words (outsider batch JJ's pattern, tested
on wordings of its own): the part that names the thing, by its word or the draft's word for it (电动车 is
among the 智能网联汽车 of article 6, software among the 软硬件产品 of table 2's note, cybersecurity under the
安全可控 principle of article 2), is cited, not declined nor answered with an unrelated part."""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q, refs, fact", [
    ("做电动车整车的企业跟这个示范区沾边吗?", {"art-6.2.1"}, "智能网联汽车"),
    ("我们厂生产医疗设备,和导则扯得上关系吗", {"art-6.2.1"}, "智能医疗设备"),
    ("减碳这块导则里有没有提到?", {"art-3.1"}, "节能降碳"),
    ("Does the draft mention cybersecurity anywhere?", {"art-2"}, "安全可控"),
    ("Is supply chain management mentioned at all?", {"art-3.1", "art-6.1.1"}, "供应链管理"),
    ("Does it say anything about training workers?", {"annex-1/18", "annex-3/11"}, "培训"),
    ("和高校共建实习基地,对评分有用吗?", {"annex-2/13"}, "产学研合作基地"),
])
def test_the_part_that_names_the_thing_is_cited(q, refs, fact):
    a = answer(q)
    assert not a.declined, a.answer
    assert a.citations[0]["ref"] in refs, a.citations
    assert fact in a.answer


def test_software_only_products_are_answered_from_the_note_on_intelligent_products():
    a = answer("只做软件产品、不做硬件,算不算智能产品?")
    assert not a.declined, a.answer
    assert a.citations[0]["ref"].startswith("annex-2"), a.citations
    assert "软硬件产品" in a.answer


def test_the_document_asked_of_is_not_a_material_to_submit():
    a = answer("信息安全的事,这个文件里有没有提?")
    assert a.citations[0]["ref"] == "art-2", a.citations
    assert all(c["ref"] != "art-9" for c in a.citations), a.citations
