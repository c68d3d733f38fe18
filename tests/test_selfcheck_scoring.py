"""Self-check scoring: office-readable YAML cases, the printed maxima, a hand-computed profile."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from consultation.document import get_consultation
from consultation.submissions import ValidationFailed
from guidance.selfcheck import flow, present, scoring
from guidance.selfcheck.scoring import DISCLAIMER, fmt
from guidance.selfcheck.validation import validate_answers, validate_value

from tests.selfcheck_support import full_answers, indicator_answers, not_eligible_kind

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "selfcheck.yaml").read_text(encoding="utf-8"))
ZONE_TYPES = ("deep_application", "product_innovation", "tech_empowerment")


def exact(value) -> Fraction:
    return Fraction(str(value))


@pytest.mark.parametrize("case", CASES["scoring"], ids=lambda c: c["name"])
def test_scoring_case(case):
    zone_type = case["zone_type"]
    answers = full_answers([zone_type], level=case["others"])
    answers.update(case.get("answers") or {})
    result = scoring.run(answers)
    (scored,) = result.types
    expect = case["expect"]
    assert scored.total == exact(expect["total"])
    got_categories = {c.name: c.points for c in scored.categories}
    for name, points in expect.get("categories", {}).items():
        assert got_categories[name] == exact(points), name
    got_indicators = {s.ref: s.points for s in scored.indicators}
    for ref, points in expect.get("indicators", {}).items():
        assert got_indicators[ref] == exact(points), ref


@pytest.mark.parametrize("case", CASES["refused"], ids=lambda c: c["name"])
def test_refused_answer(case):
    question = flow.all_questions()[case["question"]]
    value, error = validate_value(question, case["answer"])
    assert value is None
    assert error[0] == case["error"]


@pytest.mark.parametrize("zone_type", ZONE_TYPES)
def test_all_maximum_gives_exactly_100_and_each_printed_category_maximum(zone_type):
    result = scoring.run(full_answers([zone_type], "max"))
    (scored,) = result.types
    assert scored.total == 100
    annex = next(a for a in get_consultation().annexes if a.zone_type == zone_type)
    assert [(c.name, c.points) for c in scored.categories] == [(c.name, c.points) for c in annex.categories]
    assert all(s.improvement is None and s.lost == 0 for s in scored.indicators)


@pytest.mark.parametrize("zone_type", ZONE_TYPES)
def test_all_zero_gives_0(zone_type):
    (scored,) = scoring.run(full_answers([zone_type], "zero")).types
    assert scored.total == 0
    assert all(c.points == 0 for c in scored.categories)
    assert all(s.improvement is not None for s in scored.indicators)


def test_mixed_profile_total_computed_by_hand():
    answers = full_answers(["deep_application"], "zero")
    answers.update({
        "annex-1/3": 10,          # linear to 20: 4 × 10/20 = 2
        "annex-1/8": "25",        # text from a form, linear to 50: 6 × 25/50 = 3
        "annex-1/10": 5,          # top step: 6
        "annex-1/11": 4,          # linear to 10: 8 × 4/10 = 3.2
        "annex-1/12": 2,          # step 0.75: 3 × 0.75 = 2.25
        "annex-1/14": "excellent",  # 4
        "annex-1/17": "good",     # 4 × 0.7 = 2.8
        "annex-1/21": "basic",    # 5 × 0.4 = 2
        "annex-1/23": "good",     # 5 × 0.7 = 3.5
    })
    by_hand = Fraction(2) + 3 + 6 + Fraction("3.2") + Fraction("2.25") + 4 + Fraction("2.8") + 2 + Fraction("3.5")
    (scored,) = scoring.run(answers).types
    assert by_hand == Fraction("28.75")
    assert scored.total == by_hand
    assert {c.name: c.points for c in scored.categories} == {
        "产业基础": 2, "应用水平": Fraction("12.2"), "生态建设": Fraction("9.05"), "支撑保障": Fraction("5.5")}


def test_indicators_ranked_by_points_lost_with_what_would_raise_them():
    answers = full_answers(["deep_application"], "max")
    answers.update({"annex-1/7": 10, "annex-1/22": "good", "annex-1/16": 60})
    (scored,) = scoring.run(answers).types
    ranked = [(s.ref, s.lost) for s in scored.indicators[:3]]
    # 8 × (1 − 10/20) = 4 lost; 4 × (1 − 0.5) = 2; 5 × (1 − 0.7) = 1.5
    assert ranked == [("annex-1/7", 4), ("annex-1/16", 2), ("annex-1/22", Fraction("1.5"))]
    d = present.result_dict(scoring.run(answers), "en")
    first = d["types"][0]["indicators"][0]
    assert first["ref"] == "annex-1/7" and "20" in first["improvement"]
    step = next(i for i in d["types"][0]["indicators"] if i["ref"] == "annex-1/16")
    assert "100" in step["improvement"] and "3" in step["improvement"]  # next step: 100 PFLOPS → 3 of 4


def test_unmet_conditions_carry_their_article_and_exact_text():
    answers = full_answers(["product_innovation"], "max")
    answers.update({"art-5.2": "partly", "art-6.2.3": "no"})
    result = scoring.run(answers)
    assert [(c.ref, c.answer) for c in result.unmet] == [("art-5.2", "partly"), ("art-6.2.3", "no")]
    d = present.result_dict(result, "zh_CN")
    c = get_consultation()
    assert d["unmet"][1]["quote"] == c.quote("art-6.2.3")
    assert d["unmet"][1]["label"] == "第六条(二)3."


def test_materials_and_plan_outline_follow_article_9_and_the_type():
    answers = full_answers(["tech_empowerment"], "zero")
    d = present.result_dict(scoring.run(answers), "zh_CN")
    assert d["materials"]["ref"] == "art-9"
    assert [m["key"] for m in d["materials"]["items"]] == [
        "application_form", "construction_plan", "certificates", "evidence"]
    plan = d["types"][0]["plan"]
    assert [p["key"] for p in plan] == ["base_situation", "ideas_and_goals", "key_tasks", "key_projects",
                                        "policy_safeguards", "organisation_and_schedule", "type_feature"]
    assert d["types"][0]["feature"] == "技术赋能"
    key_tasks = next(p for p in plan if p["key"] == "key_tasks")
    assert key_tasks["refs"][0] in ("annex-3/8", "annex-3/9")  # the 10-point rows lose most at zero


def test_every_result_is_labelled_a_self_assessment():
    result = scoring.run(full_answers(["deep_application"], "max"))
    assert result.disclaimer == DISCLAIMER
    assert present.result_dict(result, "zh_CN")["disclaimer"] == "仅供自评参考，不代表正式评估结果。"
    assert present.result_dict(result, "en")["disclaimer"] == "Self-assessment for reference, not the official evaluation."


def test_recommendation_prefers_the_type_whose_article_6_conditions_are_met():
    answers = full_answers(list(ZONE_TYPES), "max")
    answers.update(indicator_answers("tech_empowerment", "zero"))
    answers.update({"art-6.1.1": "no", "art-6.1.2": "partly", "art-6.2.3": "partly"})
    result = scoring.run(answers)
    assert [t.total for t in result.types] == [100, 100, 0]
    assert [t.conditions_met for t in result.types] == [1, 2, 3]
    assert result.recommendation.zone_type == "tech_empowerment"
    reasons = present.result_dict(result, "en")["recommendation"]["reasons"]
    assert len(reasons) == 2
    assert "3 of 3" in reasons[0] and "2 of 3" in reasons[0]


def test_recommendation_by_score_when_conditions_are_equal():
    answers = full_answers(["deep_application", "product_innovation"], "max")
    answers.update({"annex-1/7": 0})
    result = scoring.run(answers)
    assert result.recommendation.zone_type == "product_innovation"
    reasons = present.result_dict(result, "en")["recommendation"]["reasons"]
    assert reasons and "92" in reasons[0]
    assert scoring.run(full_answers(["deep_application"], "max")).recommendation is None


def test_not_eligible_body_stops_before_the_indicators():
    answers = {"zone_types": ["deep_application"], "entity_kind": not_eligible_kind()}
    result = scoring.run(answers)
    assert result.outcome == "not_eligible"
    assert result.types == () and result.verdict.verdict == "not_eligible"


def test_incomplete_answers_are_refused_with_every_missing_field():
    answers = full_answers(["deep_application"], "max")
    del answers["annex-1/16"], answers["art-5.3"]
    answers["annex-1/6"] = 101
    answers["no-such-question"] = 1
    with pytest.raises(ValidationFailed) as exc:
        validate_answers(answers)
    fields = {e.field: e.message for e in exc.value.errors}
    assert fields == {"no-such-question": "There is no such question in the self-check.",
                      "annex-1/16": "Answer this question.", "art-5.3": "Answer this question.",
                      "annex-1/6": "Enter a percentage between 0 and 100."}


@pytest.mark.parametrize("question,raw,clean", [
    ("annex-1/1", "12", 12), ("annex-1/1", "１２", 12), ("annex-1/1", 12.0, 12), ("annex-1/6", "15%", 15),
    ("annex-1/6", "12.5", 12.5), ("annex-1/2", " 3.75 ", 3.75), ("annex-3/4", "-20", -20), ("annex-1/6", 0, 0),
    ("art-5.1", True, "yes"), ("art-6.2.1", False, "no"), ("annex-1/13", "good", "good"),
])
def test_accepted_numbers(question, raw, clean):
    value, error = validate_value(flow.all_questions()[question], raw)
    assert error is None and value == clean


def test_display_rounding():
    assert fmt(Fraction(9, 8)) == "1.13" and fmt(Fraction(100)) == "100" and fmt(Fraction("2.1")) == "2.1"


def test_command_line_scores_a_yaml_file(tmp_path):
    from click.testing import CliRunner

    from commands import main

    answers = full_answers(["tech_empowerment"], "max")
    answers["annex-3/9"] = 250
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers, allow_unicode=True), encoding="utf-8")
    out = CliRunner().invoke(main, ["self-check", "score", str(path), "--json"])
    assert out.exit_code == 0, out.output
    import json

    assert json.loads(out.output)["types"][0]["total"] == 95
    bad = CliRunner().invoke(main, ["self-check", "score", "-", "--lang", "en"],
                             input="{zone_types: [tech_empowerment], entity_kind: county, annex-3/9: -1}")
    assert bad.exit_code == 2 and "annex-3/9: Enter a whole number, 0 or more." in bad.output
    assert CliRunner().invoke(main, ["self-check", "check-data"]).exit_code == 0
