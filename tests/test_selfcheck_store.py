"""Saved self-checks: private link, resume, and nothing saved on a wrong answer (real database)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consultation.submissions import ValidationFailed
from guidance.models import SavedSelfCheck
from guidance.selfcheck import flow, store

from tests.selfcheck_support import full_answers


def test_create_then_load_by_private_token(services):
    with services.session() as session:
        record, token = store.create(session, {"zone_types": ["deep_application"]}, now=services.now(), locale="zh_CN")
        assert len(token) >= 40 and token not in record.token_digest
    with services.session() as session:
        loaded = store.load(session, token)
        assert loaded.id == record.id and loaded.answers == {"zone_types": ["deep_application"]}
        assert loaded.created_at.tzinfo is not None
        assert store.load(session, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
        assert store.load(session, "../../etc") is None


def test_nothing_is_saved_when_the_first_page_is_wrong(services):
    with services.session() as session:
        with pytest.raises(ValidationFailed):
            store.create(session, {"zone_types": []}, now=services.now())
        assert session.scalar(select(func.count()).select_from(SavedSelfCheck)) == 0


def test_save_pages_in_order_until_the_result(services):
    answers = full_answers(["tech_empowerment"])
    with services.session() as session:
        record, token = store.create(session, {"zone_types": ["tech_empowerment"]}, now=services.now())
        while (page := flow.current_node(record.answers)) not in ("result", "not_eligible"):
            questions = flow.all_nodes()[page].questions
            record = store.save_node(session, record, page, {q.name: answers[q.name] for q in questions},
                                     now=services.now())
        assert page == "result" and record.completed_at is not None
    with services.session() as session:
        assert flow.current_node(store.load(session, token).answers) == "result"


def test_wrong_answer_on_a_page_saves_nothing_from_that_page(services):
    with services.session() as session:
        record, token = store.create(session, {"zone_types": ["deep_application"]}, now=services.now())
        store.save_node(session, record, "entity", {"entity_kind": full_answers(["deep_application"])["entity_kind"]},
                        now=services.now())
        with pytest.raises(ValidationFailed) as exc:
            store.save_node(session, record, "general", {"art-5.1": "yes", "art-5.2": "yes", "art-5.3": "perhaps"},
                            now=services.now())
        assert [e.field for e in exc.value.errors] == ["art-5.3"]
    with services.session() as session:
        assert "art-5.1" not in store.load(session, token).answers


def test_pages_off_the_path_cannot_be_saved(services):
    with services.session() as session:
        record, _ = store.create(session, {"zone_types": ["deep_application"]}, now=services.now())
        with pytest.raises(store.NotReachable):
            store.save_node(session, record, "indicators/deep_application/1", {}, now=services.now())
        with pytest.raises(store.NotReachable):
            store.save_node(session, record, "conditions/tech_empowerment", {}, now=services.now())


def test_update_merges_by_name_all_or_nothing(services):
    with services.session() as session:
        record, token = store.create(session, {"zone_types": ["deep_application"]}, now=services.now())
        store.update(session, record, {"annex-1/6": "20", "annex-1/13": "good"}, now=services.now())
        with pytest.raises(ValidationFailed) as exc:
            store.update(session, record, {"annex-1/7": 3, "annex-1/6": 130, "nope": 1}, now=services.now())
        assert {e.field for e in exc.value.errors} == {"annex-1/6", "nope"}
    with services.session() as session:
        saved = store.load(session, token).answers
        assert saved["annex-1/6"] == 20 and saved["annex-1/13"] == "good" and "annex-1/7" not in saved
