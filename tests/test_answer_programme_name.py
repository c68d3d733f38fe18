"""The programme's full name (安徽省人工智能赋能新型工业化示范区, AI赋能新型工业化示范区) is what the whole draft is
about: said in a question it names the zones, not the article that happens to repeat the name most (article 10
names it three times). The rest of the question decides the part, as it does when people just say 示范区."""
from __future__ import annotations

import pytest

from guidance.answer import answer


@pytest.mark.parametrize(("q", "ref"), [
    ("人工智能赋能新型工业化示范区要怎么申报？", "art-8"),
    ("申报安徽省人工智能赋能新型工业化示范区要走什么程序", "art-8"),
    ("AI赋能新型工业化示范区的申报条件有哪些", ("art-5", "art-6", "art-7")),
    ("人工智能赋能新型工业化示范区分哪几种类型？", "art-3"),
    ("安徽省人工智能赋能新型工业化示范区每年什么时候开始申报", "art-7"),
])
def test_the_programmes_name_does_not_choose_the_article(q, ref):
    a = answer(q)
    assert a.citations and a.citations[0]["ref"].split(".")[0] in (ref if isinstance(ref, tuple) else (ref,)), [
        c["ref"] for c in a.citations]


@pytest.mark.parametrize("q", ["什么是人工智能赋能新型工业化示范区？", "人工智能赋能新型工业化示范区是干什么的"])
def test_asking_what_the_programme_is_still_gets_its_purpose_or_definition(q):
    a = answer(q)
    assert a.citations and a.citations[0]["ref"].split(".")[0] in ("art-1", "art-2", "art-3"), a.citations
