"""Patterns of batch III that tuning on other batches did not carry (issue 15), each in its own wording:
a table named by its number alone (表二第5项), the province's name slipped by shape (安微), "join" as the
may-we-apply, the issuer of the notice in hand (这个通知是哪个单位发的), and article 3's bracketed wording cited
without quote marks, which describes no body."""

from guidance.answer import answer


def refs(a):
    return [c["ref"] for c in a.citations]


def test_a_table_named_by_its_number_alone_has_its_rows():
    # 表二 / 表1 are the annexes' tables: the row asked is that annex's row, not the table's summary or a decline
    a = answer("表二第5项考核什么")
    assert refs(a)[0] == "annex-2/5" and not a.declined
    assert refs(answer("表1里第4项是什么指标"))[0] == "annex-1/4"


def test_the_province_slipped_by_shape_is_still_anhui():
    a = answer("我们是安微省的一个县级市,能不能申报")
    assert a.verdict == "eligible"
    # the slip does not make another province's body Anhui's
    assert answer("我们是江苏的县级市,听说安微在搞这个,能申报吗").verdict == "not_eligible"


def test_join_the_programme_asks_whether_the_body_may_apply():
    a = answer("We're a provincial high-tech zone in Jiangxi; can we join the Anhui scheme?")
    assert a.verdict == "not_eligible"
    assert answer("We are Feixi County, Anhui. Can we join this programme?").verdict == "eligible"


def test_the_issuer_of_the_notice_in_hand():
    a = answer("本通知是哪个部门发出的")
    assert refs(a)[0] == "notice" and "安徽省工业和信息化厅" in a.answer
    # a call the draft says is issued is not the notice in hand
    assert refs(answer("申报通知由哪个单位发布"))[0] == "art-7"


def test_article_3_wording_cited_without_quote_marks_is_no_body():
    a = answer("导则写的是县(市、区),那芜湖市政府本身可以报吗")
    assert a.verdict == "not_eligible"
    a = answer("the guideline says 县(市、区). We are Wuhu city government itself - may we apply?")
    assert a.verdict == "not_eligible"
    # the same words as the category a body would apply as still say what it is asked to count as
    assert answer("桐城市能不能作为县(市、区)申报").verdict == "eligible"
