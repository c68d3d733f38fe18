"""The self-check question graph, node by node (no assertions on wording)."""
from __future__ import annotations

import pytest

from consultation.document import get_consultation
from guidance.selfcheck import flow
from guidance.selfcheck.validation import validate_node

from tests.selfcheck_support import eligible_kind, full_answers, not_eligible_kind

ZONE_TYPES = ("deep_application", "product_innovation", "tech_empowerment")


def test_every_node_is_reachable():
    seen = set()
    for zone_type in ZONE_TYPES:
        seen.update(flow.path(full_answers([zone_type])))
    seen.update(flow.path({"zone_types": ["deep_application"], "entity_kind": not_eligible_kind()}))
    assert seen == set(flow.all_nodes())


def test_route_for_one_type():
    answers = full_answers(["product_innovation"])
    assert flow.path(answers) == [
        "zone_types", "entity", "general", "conditions/product_innovation",
        "indicators/product_innovation/1", "indicators/product_innovation/2",
        "indicators/product_innovation/3", "indicators/product_innovation/4", "result"]


def test_route_for_two_types_keeps_the_drafts_order():
    answers = full_answers(["tech_empowerment", "deep_application"])
    visited = flow.path(answers)
    assert visited.index("conditions/deep_application") < visited.index("conditions/tech_empowerment")
    assert "conditions/product_innovation" not in visited
    assert visited[-1] == "result"


def test_not_eligible_body_goes_to_its_outcome():
    answers = {"zone_types": ["deep_application"], "entity_kind": not_eligible_kind()}
    assert flow.next_node("entity", answers) == "not_eligible"
    assert flow.current_node(answers) == "not_eligible"


def test_eligible_body_goes_on_to_article_5():
    assert flow.next_node("entity", {"zone_types": ["deep_application"], "entity_kind": eligible_kind()}) == "general"


def test_path_stops_at_first_unanswered_or_invalid_node():
    answers = full_answers(["deep_application"])
    del answers["annex-1/13"]
    assert flow.current_node(answers) == "indicators/deep_application/3"
    answers["annex-1/13"] = "superb"
    assert flow.current_node(answers) == "indicators/deep_application/3"
    assert not flow.reachable("indicators/deep_application/4", answers)
    assert flow.previous_node("indicators/deep_application/3", answers) == "indicators/deep_application/2"


def test_answers_are_stored_by_name_so_other_keys_do_not_move_the_route():
    answers = full_answers(["deep_application"])
    answers.update({"annex-2/1": 5, "art-6.3.1": "no"})  # left from another type: ignored by the route
    assert flow.current_node(answers) == "result"


def test_conditions_cite_article_5_and_the_types_item_of_article_6():
    nodes = flow.all_nodes()
    assert [q.ref for q in nodes["general"].questions] == ["art-5.1", "art-5.2", "art-5.3"]
    assert [q.ref for q in nodes["conditions/tech_empowerment"].questions] == ["art-6.3.1", "art-6.3.2", "art-6.3.3"]


@pytest.mark.parametrize("zone_type", ZONE_TYPES)
def test_indicator_pages_cover_the_whole_table_once(zone_type):
    c = get_consultation()
    number = flow.annex_number(c, zone_type)
    asked = [q.ref for n in flow.all_nodes().values() if n.zone_type == zone_type and n.name.startswith("indicators/")
             for q in n.questions]
    assert asked == [r.ref for r in c.annex_rows(number)]


@pytest.mark.parametrize("node_name,raw", [
    ("zone_types", {"zone_types": []}),
    ("zone_types", {"zone_types": ["smart_city"]}),
    ("entity", {"entity_kind": "galaxy"}),
    ("general", {"art-5.1": "yes", "art-5.2": "sometimes", "art-5.3": "no"}),
    ("conditions/deep_application", {"art-6.1.1": "yes", "art-6.1.2": "yes"}),
    ("indicators/deep_application/1", {"annex-1/1": "-1", "annex-1/2": "1", "annex-1/3": "1", "annex-1/4": "1",
                                       "annex-1/5": "1"}),
    ("indicators/deep_application/2", {"annex-1/6": "101", "annex-1/7": "1", "annex-1/8": "1", "annex-1/9": "1",
                                       "annex-1/10": "1", "annex-1/11": "1"}),
])
def test_invalid_answers_are_refused_at_each_node(node_name, raw):
    clean, errors = validate_node(node_name, raw)
    assert errors
    assert all(e.field in {q.name for q in flow.all_nodes()[node_name].questions} for e in errors)


@pytest.mark.parametrize("node_name", [n for n, node in flow.all_nodes().items() if node.kind == "question"])
def test_valid_answers_are_accepted_at_each_node(node_name):
    answers = full_answers(list(ZONE_TYPES))
    questions = flow.all_nodes()[node_name].questions
    clean, errors = validate_node(node_name, {q.name: answers[q.name] for q in questions})
    assert errors == [] and set(clean) == {q.name for q in questions}


def test_questions_for_lists_every_question_in_order():
    names = [q.name for q in flow.questions_for(["deep_application"])]
    assert names[:5] == ["zone_types", "entity_kind", "art-5.1", "art-5.2", "art-5.3"]
    assert len(names) == 2 + 3 + 3 + 21
    assert [q.name for q in flow.questions_for(["deep_application"], entity_kind=not_eligible_kind())] == [
        "zone_types", "entity_kind"]


def test_a_body_whose_eligibility_depends_goes_on_with_the_verdict_kept():
    depends = [k for k in flow.entity_kinds() if flow.assess_entity(k).verdict == "depends"]
    assert depends
    answers = full_answers(["deep_application"], entity=depends[0])
    assert flow.next_node("entity", answers) == "general"
    assert flow.current_node(answers) == "result"
