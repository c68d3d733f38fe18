"""The eligibility rules of article 3, pinned by the office-readable cases in tests/cases/eligibility.yaml."""
from pathlib import Path

import pytest
import yaml

from consultation.document import get_consultation
from guidance import eligibility
from guidance.eligibility import ENTITY_KINDS, assess_kind, kind_label, recognise_entity

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "eligibility.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["input"] for c in CASES])
def test_case(case):
    kind = recognise_entity(case["input"])
    if "kind" in case:
        assert kind == case["kind"]
    verdict = assess_kind(kind)
    assert verdict.verdict == case["verdict"]
    assert case["ref"] in verdict.refs


def test_every_kind_has_a_rule_with_known_refs_and_translations():
    nodes = get_consultation().nodes
    assert ENTITY_KINDS[:3] == ["county", "county_level_city", "city_district"]
    for kind in ENTITY_KINDS:
        v = assess_kind(kind)
        assert v.verdict in ("eligible", "not_eligible", "depends")
        assert v.refs and all(r in nodes for r in v.refs)
        assert v.reason and v.path
        assert kind_label(kind, "en") and kind_label(kind, "zh_CN")


def test_article_3_subjects_are_exactly_the_eligible_kinds():
    eligible = {k for k in ENTITY_KINDS if assess_kind(k).verdict == "eligible"}
    assert eligible == {"county", "county_level_city", "city_district", "national_dev_zone", "provincial_dev_zone",
                        "national_high_tech_zone", "provincial_high_tech_zone", "national_etdz", "provincial_etdz"}


def test_not_an_entity():
    assert recognise_entity("明天天气怎么样") is None
    assert recognise_entity("") is None


def test_unknown_kind_is_assessed_as_other():
    assert assess_kind("spaceship").kind == "other"
    assert assess_kind("spaceship").verdict == "depends"


def test_loader_refuses_unknown_keys_and_references(tmp_path):
    bad = yaml.safe_load(eligibility.DATA_FILE.read_text(encoding="utf-8"))
    bad["rules"][0]["colour"] = "red"
    path = tmp_path / "e.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError):
        eligibility.load(path)
    bad["rules"][0].pop("colour")
    bad["rules"][0]["refs"] = ["art-99"]
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="art-99"):
        eligibility.load(path)


def test_verdict_labels_in_both_languages():
    from guidance.eligibility import verdict_label

    assert verdict_label("eligible", "en") == "Eligible to apply"
    assert verdict_label("eligible", "zh_CN") == "可以申报"
    assert verdict_label("depends", "zh_CN") == "视情况而定"
