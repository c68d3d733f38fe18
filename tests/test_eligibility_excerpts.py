"""A verdict quotes the words it rests on: for a body of another province, article 1's passage naming the
province's demonstration zones (the article is too long to quote whole, so it was not quoted at all), and
only passages that are really in the part cited (checked when the rules are read)."""
from __future__ import annotations

import pytest
import yaml

from guidance import eligibility
from guidance.answer import answer

ZONES = "安徽省人工智能赋能新型工业化示范区"


@pytest.mark.parametrize("q", [
    "我们单位在河南信阳固始县 想打听一下能不能报你们这个示范区",
    "湖南长沙的望城经开区可以参加这个示范区创建吗?",
])
def test_another_provinces_body_is_told_which_provinces_zones_the_guideline_makes(q):
    a = answer(q)
    assert a.verdict == "not_eligible"
    assert f"第一条原文：“……以指导和规范{ZONES}" in a.answer


def test_the_english_answer_quotes_the_same_passage_of_article_1():
    a = answer("We are a district in Hunan province. May we apply for this demonstration zone?")
    assert a.verdict == "not_eligible"
    assert "Official text of Article 1: “…以指导和规范" + ZONES in a.answer


def test_an_excerpt_that_is_not_in_the_part_it_quotes_is_refused(tmp_path):
    data = yaml.safe_load(eligibility.DATA_FILE.read_text(encoding="utf-8"))
    data["situations"]["other_province"]["excerpts"] = {"art-1": "本导则适用于全国"}
    path = tmp_path / "e.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match=r"e\.yaml: other_province's excerpt of art-1"):
        eligibility.load(path)


def test_an_excerpt_of_a_part_the_verdict_does_not_cite_is_refused(tmp_path):
    data = yaml.safe_load(eligibility.DATA_FILE.read_text(encoding="utf-8"))
    data["situations"]["hedged"]["excerpts"] = {"art-1": "以指导和规范"}
    path = tmp_path / "e.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="hedged's excerpt of art-1"):
        eligibility.load(path)
