"""The eligibility loader and the verdicts of situations, each rule on its own.

`guidance.eligibility.rules()` is built once, at import; these tests load the data again, so a change to
the loader (or a mutation of it: [tool.mutmut] in pyproject.toml) is seen by the rules it builds.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from consultation.document import load_file
from guidance import eligibility, eligibility_data
from guidance.eligibility import JURISDICTION_KINDS, KIND_LABELS

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def fresh():
    return eligibility.load()


def _write(tmp_path, name: str, data) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _default() -> dict:
    return yaml.safe_load(eligibility.DATA_FILE.read_text(encoding="utf-8"))


# --- the service's own data, loaded again ----------------------------------------------------------------

def test_the_zones_on_the_offices_list_are_known_by_name_and_alias(fresh):
    assert fresh.zones is not None and fresh.zones.zones
    assert fresh.recognise("合肥经开区能申报吗") == "national_etdz"
    assert fresh.recognise("Hefei High-tech Zone") == "national_high_tech_zone"
    assert fresh.recognise("铜陵狮子山高新技术产业开发区") == "national_high_tech_zone"
    assert fresh.known_zone("合肥高新区能申报吗")
    assert fresh.known_zone("Wuhu ETDZ")


@pytest.mark.parametrize("text", ["肥西县", "巢湖市", "合肥市", "某某高新区", ""])
def test_a_division_or_a_zone_not_on_the_list_is_not_a_known_zone(fresh, text):
    assert not fresh.known_zone(text)


def test_the_kinds_are_those_of_the_rules_in_their_order(fresh):
    assert fresh.kinds[:3] == ["county", "county_level_city", "city_district"]
    assert sorted(fresh.kinds) == sorted(KIND_LABELS)
    assert fresh.kinds == eligibility.ENTITY_KINDS


def test_longer_names_are_tried_first(fresh):
    """合肥经开区 must be read before 合肥 could be: names are matched longest first."""
    lengths = [len(name) for name, _kind in fresh.known]
    assert lengths == sorted(lengths, reverse=True)
    assert ("合肥经开区", "national_etdz") in fresh.known and ("合肥市", "prefecture_city") in fresh.known


def test_without_the_zone_list_a_zone_of_unstated_level_is_of_unknown_level(tmp_path):
    rules = eligibility.load(zones_path=tmp_path / "none.yaml")
    assert rules.zones is None
    assert rules.recognise("合肥经开区") == "dev_zone_level_unknown"
    assert not rules.known_zone("合肥经开区")


# --- what the loader refuses ---------------------------------------------------------------------------

def test_a_file_that_is_not_a_mapping_is_refused_by_name(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- county\n- township\n", encoding="utf-8")
    with pytest.raises(ValueError, match="list.yaml"):
        eligibility.load(path)


def test_a_field_the_model_does_not_know_is_refused_by_file_name(tmp_path):
    data = _default()
    data["rules"][0]["colour"] = "red"
    with pytest.raises(ValueError, match=r"^e\.yaml: (.|\n)*colour"):
        eligibility.load(_write(tmp_path, "e.yaml", data))


def test_a_zone_of_an_unknown_kind_is_refused_with_its_name(tmp_path):
    zones = yaml.safe_load(eligibility.ZONES_FILE.read_text(encoding="utf-8"))
    zones["zones"].append({"name": "某某太空港", "kind": "spaceport"})
    with pytest.raises(ValueError, match=r"z\.yaml: 某某太空港: unknown kind 'spaceport'"):
        eligibility.load(zones_path=_write(tmp_path, "z.yaml", zones))


def test_a_pattern_that_is_not_a_regular_expression_is_refused_with_its_group(tmp_path):
    data = _default()
    data["patterns"]["hedge"].append({"pattern": "(好像", "regex": True})
    with pytest.raises(ValueError, match=r"e\.yaml: bad pattern in hedge"):
        eligibility.load(_write(tmp_path, "e.yaml", data))


def test_a_regular_expression_matches_whatever_the_case(tmp_path):
    data = _default()
    data["patterns"]["high_tech_zone"].append({"pattern": r"Tech\s+PARK", "regex": True})
    rules = eligibility.load(_write(tmp_path, "e.yaml", data))
    assert rules.zone_type("Sunrise tech park") == "high_tech"
    assert rules.hit("high_tech_zone", "Sunrise TECH Park")
    assert rules.hit("hedge", "好像") and rules.hit("hedge", "MAYBE") == rules.hit("hedge", "maybe")


# --- another consultation's file: what it leaves out is read as the service does --------------------------

def _mini() -> dict:
    return yaml.safe_load((MINI / "guidance" / "eligibility.yaml").read_text(encoding="utf-8"))


def _consultation():
    return load_file(MINI / "consultation.yaml")


def test_situations_left_out_rest_on_the_articles_of_its_own_other_rule(tmp_path):
    data = _mini()
    del data["situations"]
    data["rules"][0]["refs"] = ["art-2", "art-3"]  # so the first rule's refs differ from `other`'s
    other = next(r for r in data["rules"] if r["kind"] == "other")
    rules = eligibility.load(_write(tmp_path, "mini.yaml", data), _consultation(), zones_path=None)
    assert rules.zones is None
    assert set(rules.data.situations) == set(eligibility_data.SITUATIONS)
    assert {name: s.refs for name, s in rules.data.situations.items()} == {
        name: other["refs"] for name in eligibility_data.SITUATIONS}
    assert set(rules.data.patterns) == set(eligibility_data.PATTERN_GROUPS)
    assert rules.hit("hedge", "好像")  # the service's words


def test_its_own_wording_of_a_situation_is_kept(tmp_path):
    data = _mini()
    rules = eligibility.load(_write(tmp_path, "mini.yaml", data), _consultation(), zones_path=None)
    own = rules.data.situations["other_province"]
    assert own.reason.zh == data["situations"]["other_province"]["reason"]["zh"]
    assert rules.data.situations["hedged"].refs == ["art-2"]


@pytest.mark.parametrize("change", ["no rules", "no other rule"])
def test_a_file_without_rules_or_without_the_other_rule_is_refused(tmp_path, change):
    data = _mini()
    del data["situations"]
    if change == "no rules":
        del data["rules"]
    else:
        data["rules"] = [r for r in data["rules"] if r["kind"] != "other"]
    with pytest.raises(ValueError, match="mini.yaml"):
        eligibility.load(_write(tmp_path, "mini.yaml", data), _consultation(), zones_path=None)


# --- situations: decided before the kind, each with its own verdict, route and place ----------------------

def test_a_body_in_another_province_is_named_with_its_whole_place(fresh):
    verdict, _body = fresh.assess_question("我们是江苏省苏州市吴中区的,能申报吗")
    assert (verdict.kind, verdict.verdict, verdict.situation) == ("city_district", "not_eligible", "other_province")
    assert verdict.params["place"] == ("江苏省苏州市吴中区", "Wuzhong District, Suzhou, Jiangsu")
    assert verdict.refs == ["art-3", "art-1"]
    assert verdict.reason_text("zh_CN").startswith("江苏省苏州市吴中区不在安徽省")
    assert verdict.path_text("en").startswith("The guideline does not cover other provinces")
    assert verdict.path_text("zh_CN").startswith("本导则不涉及其他省份")


def test_a_hedged_body_depends_and_says_what_decides_it(fresh):
    verdict, _body = fresh.assess_question("我们好像是县,能申报吗")
    assert (verdict.kind, verdict.verdict, verdict.situation) == ("county", "depends", "hedged")
    assert verdict.path_text("en").startswith("Once the level and place are known")
    assert "of Anhui" in verdict.path_text("en") and "%(" not in verdict.path_text("en")
    assert "安徽省" in verdict.path_text("zh_CN") and "%(" not in verdict.path_text("zh_CN")
    assert verdict.params == {"province": ("安徽省", "Anhui")}


def test_a_plain_kind_has_no_situation(fresh):
    verdict, _body = fresh.assess_question("肥西县能申报吗")
    assert (verdict.kind, verdict.verdict, verdict.situation, verdict.params) == ("county", "eligible", None, {})


@pytest.mark.parametrize("kind", sorted(JURISDICTION_KINDS))
def test_a_situation_keeps_the_kind_it_was_asked_for(fresh, kind):
    verdict = fresh.situation("level_conflict", kind)
    assert (verdict.kind, verdict.situation) == (kind, "level_conflict")
    assert verdict.reason and verdict.path and verdict.reason != verdict.path


def test_the_askers_own_zone_is_placed_by_the_offices_list(fresh):
    """"Our zone, Wuhu ETDZ": no province is named, but the zone is on the list, so it is identified."""
    verdict, body = fresh.assess_question("Can our zone, Wuhu ETDZ, apply?")
    assert not fresh._placed_home(body)
    assert (verdict.kind, verdict.verdict) == ("national_etdz", "eligible")


@pytest.mark.parametrize("zones", ["listed", "no list"])
def test_the_askers_own_body_without_a_place_depends(fresh, tmp_path, zones):
    rules = fresh if zones == "listed" else eligibility.load(zones_path=tmp_path / "none.yaml")
    verdict, _body = rules.assess_question("我们县能申报吗")
    assert (verdict.kind, verdict.verdict, verdict.situation) == ("county", "depends", "not_identified")


def test_a_place_is_given_in_the_language_of_the_answer(fresh):
    verdict, _body = fresh.assess_question("我们是江苏省苏州市吴中区的,能申报吗")
    assert verdict.reason_text("en").startswith("Wuzhong District, Suzhou, Jiangsu is not in Anhui")
    assert "江苏" not in verdict.reason_text("en")


@pytest.mark.parametrize("locale,said", [("en", "12 rows of Jiangxi"), ("zh_CN", "江西省的12行")])
def test_a_consultations_own_wording_takes_its_values_in_each_language(locale, said):
    text = eligibility.Text(en="%(n)s rows of %(province)s", zh="%(province)s的%(n)s行")
    assert eligibility.say(locale, text, {"n": 12, "province": ("江西省", "Jiangxi")}) == said


def test_a_consultations_own_wording_without_values_is_said_as_written():
    text = eligibility.Text(en="Up to 50% of the points", zh="最多50%的分值")
    assert eligibility.say("en", text) == "Up to 50% of the points"
    assert eligibility.say("zh_CN", text, {}) == "最多50%的分值"


def test_a_place_name_of_two_provinces_alone_depends_on_which_is_meant(fresh):
    """"Suzhou" is 苏州 (Jiangsu) or 宿州 (Anhui); questions reach the engine in lower case."""
    verdict, _body = fresh.assess_question("can suzhou apply?")
    assert (verdict.kind, verdict.verdict, verdict.situation) == ("other", "depends", "ambiguous_place")
    assert verdict.params["place"] == ("suzhou", "suzhou")
    assert verdict.reason_text("en").startswith("suzhou is the name of places in more than one province")


@pytest.mark.parametrize("q", ["我们能申报吗", "能申报吗", "can we apply?"])
def test_a_question_naming_no_body_and_no_place_gets_no_verdict(fresh, q):
    assert fresh.assess_question(q) is None


@pytest.mark.parametrize("q", ["我们是外省的一个县,能申报吗", "we are a county in another province, can we apply?"])
def test_a_body_of_another_province_not_named_is_called_the_body(fresh, q):
    verdict, _body = fresh.assess_question(q)
    assert (verdict.kind, verdict.verdict, verdict.situation) == ("county", "not_eligible", "other_province")
    assert verdict.reason_text("en").startswith("The body is not in Anhui:")
    assert verdict.reason_text("zh_CN").startswith("该主体不在安徽省")


def test_a_place_in_the_province_without_a_body_is_judged_as_another_kind(fresh):
    verdict, body = fresh.assess_question("我们在安徽省,能申报吗")
    assert body.kind is None and body.places
    assert (verdict.kind, verdict.verdict, verdict.situation) == ("other", "depends", None)


def test_a_body_placed_in_two_provinces_depends_and_names_the_other_place(fresh):
    verdict, _body = fresh.assess_question("我们是安徽省合肥市的一个县,也在江苏省南京市,能申报吗")
    assert (verdict.kind, verdict.verdict, verdict.situation) == ("county", "depends", "place_conflict")
    assert verdict.params["place"] == ("南京市", "Nanjing")


def test_a_zone_of_a_type_not_stated_keeps_its_kind(fresh):
    verdict, _body = fresh.assess_question("can a zone in suzhou apply?")
    assert (verdict.kind, verdict.verdict, verdict.situation) == ("dev_zone_level_unknown", "depends", "zone_type")


def test_a_zone_described_at_two_levels_depends_on_its_level(fresh):
    verdict, body = fresh.assess_question("我们是市级开发区,也算省级开发区,能申报吗")
    assert body.conflict == "level"
    assert (verdict.kind, verdict.verdict, verdict.situation) == ("municipal_dev_zone", "depends", "level_conflict")


@pytest.mark.parametrize("q, kind", [("我们是一家企业,是市级的也是省级的,能申报吗", "enterprise"),
                                     ("我们协会是市级协会也是省级协会,能申报吗", "association")])
def test_an_organisation_described_at_two_levels_is_still_not_a_creation_subject(fresh, q, kind):
    verdict, body = fresh.assess_question(q)
    assert body.conflict == "level"
    assert (verdict.kind, verdict.verdict, verdict.situation) == (kind, "not_eligible", None)


def test_an_eligible_kind_that_names_only_a_place_elsewhere_depends_on_where_it_is(fresh):
    verdict, body = fresh.assess_question("我们县去年去上海考察过,能申报吗")
    assert not body.places and body.elsewhere
    assert (verdict.kind, verdict.verdict, verdict.situation) == ("county", "depends", "unplaced")
    assert verdict.params["place"] == ("上海市", "Shanghai")


@pytest.mark.parametrize("q, kind, verdict", [
    ("我们企业去年去上海考察过,能申报吗", "enterprise", "not_eligible"),
    ("我们市去年去上海考察过,能申报吗", "city_level_unknown", "depends"),
])
def test_a_kind_not_eligible_as_such_keeps_its_own_verdict_wherever_it_went(fresh, q, kind, verdict):
    found, body = fresh.assess_question(q)
    assert not body.places and body.elsewhere
    assert (found.kind, found.verdict, found.situation) == (kind, verdict, None)


@pytest.mark.parametrize("q, kind", [("can a county in suzhou apply?", "county"),
                                     ("can a district of suzhou apply?", "city_district")])
def test_an_eligible_kind_in_a_place_of_two_provinces_depends_on_which(fresh, q, kind):
    verdict, _body = fresh.assess_question(q)
    assert (verdict.kind, verdict.verdict, verdict.situation) == (kind, "depends", "ambiguous_place")
    assert verdict.params["place"] == ("suzhou", "suzhou")


def test_a_kind_that_depends_in_a_place_of_two_provinces_keeps_its_own_reason(fresh):
    # Wuwei: 无为市 (a county-level city at home) or 武威市 (a prefecture elsewhere): the city's level decides
    verdict, body = fresh.assess_question("can the city of wuwei apply?")
    assert body.ambiguous and not body.places
    assert (verdict.kind, verdict.verdict, verdict.situation) == ("city_level_unknown", "depends", None)


def test_a_city_that_is_no_creation_subject_in_either_province_is_not_eligible(fresh):
    # Suzhou: 宿州市 (a prefecture-level city at home) or a place elsewhere: not eligible whichever is meant
    verdict, body = fresh.assess_question("can the city of suzhou apply?")
    assert body.ambiguous and not body.places
    assert (verdict.kind, verdict.verdict) == ("prefecture_city", "not_eligible")


@pytest.mark.parametrize("q", ["肥西县和长丰县可以联合申报吗", "两个县能一起申报吗"])
def test_a_joint_bid_of_eligible_bodies_depends(fresh, q):
    verdict, _body = fresh.assess_question(q)
    assert (verdict.kind, verdict.verdict, verdict.situation) == ("county", "depends", "several_bodies")


@pytest.mark.parametrize("kind, locale, label", [("county", "zh_CN", "县"), ("county", "en", "County"),
                                                 ("spaceship", "en", "Other body"), ("spaceship", "zh_CN", "其他主体")])
def test_a_kind_is_labelled_in_the_language_asked(kind, locale, label):
    assert eligibility.kind_label(kind, locale) == label


@pytest.mark.parametrize("text, kind", [
    ("我们开发区不是省级的", "municipal_dev_zone"),  # provincial level denied, none stated: below provincial
    ("我们开发区不是国家级的", "dev_zone_level_unknown"),  # national denied: provincial or below, not known
    ("我们不是国家级的,是省级开发区", "provincial_dev_zone"),  # one level denied, another stated
    ("不是国家级高新区,是省级高新区", "provincial_high_tech_zone"),
])
def test_a_level_denied_is_not_the_zones_level(fresh, text, kind):
    assert fresh.recognise(text) == kind


@pytest.mark.parametrize("q", ["江苏省能申报吗", "我们在江苏省,能申报吗"])
def test_a_place_in_another_province_without_a_body_is_judged_as_another_kind(fresh, q):
    verdict, body = fresh.assess_question(q)
    assert body.kind is None
    assert (verdict.kind, verdict.verdict, verdict.situation) == ("other", "not_eligible", "other_province")
