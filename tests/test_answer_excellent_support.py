"""What an excellent zone gets, money included, is article 12's support (issue 15); only an amount, which
the draft never sets, is declined.
"""
import pytest

from guidance.answer import answer


@pytest.mark.parametrize("q", ["If a zone is graded excellent, is there any funding for it?",
                               "Do zones rated excellent receive money or other support?"])
def test_what_an_excellent_zone_gets_is_answered(q):
    a = answer(q)
    assert not a.declined and a.citations[0]["ref"] == "art-12" and "倾斜支持" in a.answer, a.answer


@pytest.mark.parametrize("q", ["How much money does an excellent zone receive?", "评估优秀能拿到多少万元"])
def test_an_amount_is_still_declined(q):
    a = answer(q)
    assert a.declined and a.citations[0]["ref"] == "art-12", a.answer
