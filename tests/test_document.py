"""The draft as data: structure, references, point sums, findings."""
import copy

import pytest
import yaml

from consultation.document import DATA_DIR, DataError, build, get_consultation
from consultation.references import parse_reference
from consultation.schema import ConsultationFile


@pytest.fixture(scope="module")
def c():
    return get_consultation()


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load((DATA_DIR / "anhui-ai-2025.yaml").read_text(encoding="utf-8"))


def test_fifteen_articles_in_five_chapters(c):
    articles = [n for n in c.nodes.values() if n.kind == "article"]
    chapters = [n for n in c.nodes.values() if n.kind == "chapter"]
    assert [a.ref for a in articles] == [f"art-{i}" for i in range(1, 16)]
    assert [ch.title for ch in chapters] == ["总则", "创建条件", "申报程序", "评估管理", "附则"]


def test_items_and_subitems_have_stable_refs(c):
    assert c.node("art-6.1").text == "人工智能深度应用示范区"
    assert c.node("art-6.1.2").text.startswith("拥有或正在建设面向工业应用的人工智能算法平台")
    assert c.node("art-6.3.3").label == "第六条(三)3."
    assert c.node("art-5.3").text.startswith("所在地政府或管委会高度重视示范区建设")
    # The sentence the seed breaks across two lines is joined.
    assert "工业研发设计、中试验证" in c.node("art-3.1").text


def test_row_16_of_table_1(c):
    row = c.node("annex-1/16")
    assert (row.text, row.method, row.points, row.category, row.group) == (
        "区域智能算力供给能力(PFLOPS )", "定量", 4, "生态建设", "算力基础设施")


@pytest.mark.parametrize("number,categories", [
    (1, {"产业基础": 20, "应用水平": 40, "生态建设": 25, "支撑保障": 15}),
    (2, {"产业基础": 30, "创新能力": 35, "产业生态": 20, "支撑保障": 15}),
    (3, {"产业基础": 25, "服务输出能力": 30, "创新支撑": 30, "支撑保障": 15}),
])
def test_tables_sum_to_100_by_category(c, number, categories):
    rows = c.annex_rows(number)
    assert sum(r.points for r in rows) == 100
    for name, points in categories.items():
        assert sum(r.points for r in rows if r.category == name) == points


def test_numbering_kept_as_printed_and_gaps_reported(c):
    assert [r.row for r in c.annex_rows(1)][17:19] == [18, 21]
    assert c.annex_rows(3)[0].row == 2
    gaps = {(f.ref, f.en) for f in c.findings if f.code == "numbering-gap"}
    assert any(ref == "annex-1" and "19, 20" in en for ref, en in gaps)
    assert any(ref == "annex-3" and "starts at row 2" in en for ref, en in gaps)
    assert "annex-1/19" not in c.nodes


def test_window_in_beijing_time(c):
    assert c.opens_at.isoformat() == "2025-11-18T00:00:00+08:00"
    assert c.closes_at.isoformat() == "2025-12-18T00:00:00+08:00"


def test_notice_facts(c):
    s = c.source
    assert s.email_subject == "关于安徽省人工智能赋能新型工业化示范区建设导则的意见建议"
    assert s.mailbox == "chenwubiao@ahjxw.gov.cn"
    assert "征求意见反馈信息表" in c.quote("notice")


def test_loader_refuses_a_wrong_sum(raw):
    broken = copy.deepcopy(raw)
    broken["annexes"][0]["rows"][0]["points"] = 5
    with pytest.raises(DataError, match="sum"):
        build(ConsultationFile.model_validate(broken))


def test_loader_refuses_category_sums_that_disagree_with_their_heading(raw):
    """Points moved between two categories keep both totals at 100: only the per-category check sees it."""
    broken = copy.deepcopy(raw)
    rows = broken["annexes"][0]["rows"]
    a = rows[0]
    b = next(r for r in rows if r["category"] != a["category"] and r["points"] != a["points"])
    a["points"], b["points"] = b["points"], a["points"]
    assert sum(r["points"] for r in rows) == 100
    with pytest.raises(DataError, match="category"):
        build(ConsultationFile.model_validate(broken))


def test_loader_refuses_unknown_keys(raw):
    broken = copy.deepcopy(raw)
    broken["document"]["chapters"][0]["articles"][0]["txet"] = "typo"
    with pytest.raises(Exception, match="txet"):
        ConsultationFile.model_validate(broken)


def test_loader_refuses_articles_out_of_order(raw):
    broken = copy.deepcopy(raw)
    broken["document"]["chapters"][0]["articles"][1]["number"] = 7
    with pytest.raises(DataError, match="out of order"):
        build(ConsultationFile.model_validate(broken))


@pytest.mark.parametrize("typed,ref", [
    ("art-3", "art-3"), ("第三条", "art-3"), ("第 3 条", "art-3"), ("第十五条", "art-15"),
    ("第六条(一)2", "art-6.1.2"), ("第六条(二)", "art-6.2"), ("附件1第16项", "annex-1/16"),
    ("附件一第16项", "annex-1/16"), ("annex 1 row 16", "annex-1/16"), ("Article 12", "art-12"),
    ("附件3", "annex-3"), ("notice", "notice"), ("ANNEX-2/29", "annex-2/29"),
    ("附件1第19项", None), ("第十六条", None), ("art-6.1.9", None), ("chapter-1", None), ("", None),
])
def test_typed_references(c, typed, ref):
    assert parse_reference(typed, c) == ref
