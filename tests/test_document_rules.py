"""The loader's rules, each pinned by a case that breaks it: the points rule (every problem listed, the first
one refused with its message), what a citation quotes, which files are read and which consultation is served.
Everything is loaded afresh here: the consultation the rest of the suite shares is built once, before a
mutation run's mutants (see [tool.mutmut] in pyproject.toml), so it could not show them.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from consultation import document
from consultation.document import DATA_DIR, DataError, UnknownReference, build, load_file, points_problems
from consultation.schema import Annex, ConsultationFile

SEED = DATA_DIR / "anhui-ai-2025.yaml"
SEED_ID = "anhui-ai-industrialization-2025"
MINI = Path(__file__).parent / "fixtures" / "mini" / "consultation.yaml"  # opens 2026-03-01, after the seed
MINI_ID = "jiangxi-smart-farming-test"


@pytest.fixture
def fresh():
    return load_file(SEED)


def _source(consultation) -> dict:
    return consultation.source.model_dump(mode="json", by_alias=True)


def _annex(categories: dict[str, int], rows: list[tuple[str, int]], number: int = 9) -> Annex:
    return Annex.model_validate({
        "number": number, "label": f"附件{number}", "title": "指标表", "zone_type": "deep_application",
        "categories": [{"name": n, "heading": f"{n}({p}分)", "points": p} for n, p in categories.items()],
        "rows": [{"number": i, "category": c, "group": "组", "indicator": f"指标{i}", "method": "定量", "points": p}
                 for i, (c, p) in enumerate(rows, start=1)]})


# --- the points rule ----------------------------------------------------------------------------------------

def test_the_seed_tables_keep_the_points_rule(fresh):
    assert [points_problems(annex) for annex in fresh.source.annexes] == [[], [], []]


def test_a_table_that_keeps_the_rule_has_no_problem():
    assert points_problems(_annex({"甲": 60, "乙": 40}, [("甲", 50), ("甲", 10), ("乙", 40)])) == []


def test_every_way_a_table_breaks_the_rule_is_listed_in_order():
    annex = _annex({"甲": 60, "乙": 30}, [("甲", 50), ("乙", 30), ("丙", 15)])
    assert points_problems(annex) == [
        ("categories-total", {"annex": 9, "total": 90}),
        ("rows-total", {"annex": 9, "total": 95}),
        ("category-sum", {"annex": 9, "category": "甲", "total": 50, "heading": 60}),
        ("unknown-category", {"annex": 9, "row": 3, "category": "丙"}),
    ]


def test_points_moved_between_categories_break_only_the_per_category_sums():
    """Both totals stay at 100; only the per-category check sees it, once for each category."""
    annex = _annex({"甲": 60, "乙": 40}, [("甲", 55), ("乙", 45)])
    assert points_problems(annex) == [
        ("category-sum", {"annex": 9, "category": "甲", "total": 55, "heading": 60}),
        ("category-sum", {"annex": 9, "category": "乙", "total": 45, "heading": 40}),
    ]


def _refused(data: dict, message: str) -> None:
    with pytest.raises(DataError, match=f"^{re.escape(message)}$"):
        build(ConsultationFile.model_validate(data))


def test_the_loader_refuses_the_first_problem_with_its_message(fresh):
    data = _source(fresh)
    data["annexes"][1]["categories"][0]["points"] += 5  # categories 105, and 产业基础's rows no longer match
    _refused(data, "annex 2: categories sum to 105, not 100")
    data = _source(fresh)
    data["annexes"][0]["rows"][0]["points"] += 1
    _refused(data, "annex 1: rows sum to 101, not 100")
    data = _source(fresh)
    rows = data["annexes"][2]["rows"]  # row 2 is in 产业基础 (25 points), the table's first category
    moved = next(r for r in rows if r["category"] != "产业基础")
    rows[0]["points"] += 1
    moved["points"] -= 1  # both totals still 100
    _refused(data, "annex 3: category 产业基础 rows sum to 26, heading says 25")
    data = _source(fresh)
    data["annexes"][0]["rows"][-1]["category"] = "其他"  # row 23 (5 points) leaves 支撑保障 (15)
    _refused(data, "annex 1: category 支撑保障 rows sum to 10, heading says 15")


def test_a_draft_revision_may_be_shown_with_its_sums_broken(fresh):
    data = _source(fresh)
    data["annexes"][0]["rows"][0]["points"] += 1
    shown = build(ConsultationFile.model_validate(data), check_points=False)
    assert shown.node("annex-1").points == 101


# --- what a citation quotes -------------------------------------------------------------------------------

def test_the_whole_text_is_quoted_by_its_title(fresh):
    assert fresh.quote("general") == "安徽省人工智能赋能新型工业化示范区建设导则(征求意见稿)"


def test_an_article_is_quoted_from_its_own_text_without_a_label(fresh):
    article = fresh.node("art-3")
    quote = fresh.quote("art-3")
    assert quote.startswith(article.text + "\n(一)")
    assert quote.split("\n") == [article.text] + [fresh.quote(child) for child in article.children]


def test_an_article_without_text_of_its_own_starts_with_its_first_item(fresh):
    assert fresh.node("art-6").text == ""
    assert fresh.quote("art-6").startswith("(一)人工智能深度应用示范区\n1.")


def test_a_subitem_is_quoted_with_its_marker(fresh):
    sub = fresh.node("art-6.1.2")
    assert fresh.quote("art-6.1.2") == "2." + sub.text


def test_a_marker_is_what_the_part_adds_to_its_parent_label(fresh):
    """Any marker, brackets included: 第六条(一)(1) quotes its subitem as (1)…, not as what follows its last bracket."""
    data = _source(fresh)
    data["document"]["chapters"][1]["articles"][1]["items"][0]["items"][0]["label"] = "(1)"
    text = build(ConsultationFile.model_validate(data))
    assert text.node("art-6.1.1").label == "第六条(一)(1)"
    assert text.quote("art-6.1.1").startswith("(1)在工业领域人工智能技术应用成效显著")


def test_a_row_is_quoted_as_its_indicator_alone(fresh):
    assert fresh.quote("annex-1/16") == "区域智能算力供给能力(PFLOPS )"


def test_an_annex_is_quoted_by_its_title_and_notes(fresh):
    assert fresh.quote("annex-1") == "人工智能深度应用示范区创建指标表\n注:通过开源参与研发或者拥有相关产权的企业 ,均为工业大模型开发者。"
    data = _source(fresh)
    data["annexes"][0]["title"] = ""
    data["annexes"][0]["notes"] = ["注一", "注二"]
    text = build(ConsultationFile.model_validate(data))
    assert text.node("annex-1").text == "注一\n注二"
    assert text.quote("annex-1") == "注一\n注二"


def test_the_notice_is_its_paragraphs_one_a_line(fresh):
    lines = fresh.node("notice").text.split("\n")
    assert lines == list(fresh.source.notice.paragraphs) and len(lines) > 1
    assert lines[0].startswith("为贯彻落实")


def test_an_unknown_reference_names_itself(fresh):
    with pytest.raises(UnknownReference) as refused:
        fresh.quote("art-99")
    assert refused.value.args == ("art-99",)


def test_the_draft_maps_each_of_its_references_to_itself(fresh):
    assert fresh.successor("art-6.1.2") == "art-6.1.2" and fresh.successor("art-99") is None
    assert fresh.consulted() is fresh


def test_the_data_file_findings_are_kept_as_written(fresh):
    mailbox = next(f for f in fresh.findings if f.ref == "notice")
    assert mailbox.code == "mailbox-space"
    assert mailbox.zh.startswith("通知中印刷的邮箱地址") and mailbox.en.startswith("The mailbox printed in the notice")


# --- which files are read, which consultation is served ------------------------------------------------

def test_a_file_the_loader_refuses_is_named_in_the_error(tmp_path):
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(SEED.read_text(encoding="utf-8").replace("\ntitle:", "\ntitel:", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"(?s)^wrong\.yaml: .*titel"):
        load_file(wrong)
    sums = tmp_path / "sums.yaml"
    sums.write_text(SEED.read_text(encoding="utf-8").replace("points: 20\n", "points: 21\n", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"^sums\.yaml: annex 1: categories sum to 101, not 100$"):
        load_file(sums)


@pytest.fixture
def registry_unset(monkeypatch):
    """The registry as at start-up: not read yet (the suite's copy was built by the unmutated loader)."""
    monkeypatch.setattr(document, "_registry", None)


def test_the_data_folder_is_read_once(registry_unset):
    first = document.all_consultations()
    assert list(first) == [SEED_ID] and first[SEED_ID].node("art-3").label == "第三条"
    assert document.all_consultations() is first


def test_another_folder_is_read_as_it_is_and_not_kept(registry_unset, tmp_path):
    served = document.all_consultations()
    shutil.copy(SEED, tmp_path / "a.yaml")
    shutil.copy(MINI, tmp_path / "b.yaml")
    (tmp_path / "c.yml").write_text("not: read", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not read either", encoding="utf-8")
    found = document.all_consultations(tmp_path)
    assert list(found) == [SEED_ID, MINI_ID]
    assert [c.id for c in found.values()] == [SEED_ID, MINI_ID]
    assert document.all_consultations() is served and list(served) == [SEED_ID]


def test_an_id_used_twice_is_refused_naming_the_second_file(registry_unset, tmp_path):
    shutil.copy(SEED, tmp_path / "a.yaml")
    shutil.copy(SEED, tmp_path / "b.yaml")
    with pytest.raises(DataError, match=f"^b\\.yaml: consultation id {SEED_ID} used twice$"):
        document.all_consultations(tmp_path)


@pytest.fixture
def two_served(monkeypatch):
    """Two consultations served, the later-opening one listed first."""
    mini, seed = load_file(MINI), load_file(SEED)
    monkeypatch.setattr(document, "_registry", {seed.id: seed, mini.id: mini})
    return seed, mini


def test_by_default_the_consultation_that_opened_last_is_served(two_served):
    seed, mini = two_served
    assert document.get_consultation() is mini
    assert document.get_consultation("") is mini
    assert document.get_consultation(SEED_ID) is seed


def test_an_unknown_consultation_is_refused_naming_the_known_ones(two_served):
    with pytest.raises(DataError, match=re.escape(f"no consultation 'x-2024'; known: {SEED_ID}, {MINI_ID}") + "$"):
        document.get_consultation("x-2024")
