"""A form field sent twice is refused, never read as its first value (attack round 10, F9).

One rule for every form, public and office (web/params.refuse_ambiguous_fields): a POST repeating a field
its view reads once is a localized 400 and records nothing; fields a view reads as a list (ticked
checkboxes) are declared with `multi_valued` and may repeat.
"""
from __future__ import annotations

from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from consultation.models import Comment, FeedbackDraft, Submission
from consultation.office import decision_for_comment
from tests.conftest import csrf_token_from
from tests.test_feedback_form import COMMENTS, DETAILS

FORM = "application/x-www-form-urlencoded"


def _comment_ids(office):
    with office.session() as s:
        return s.scalars(select(Comment.id).order_by(Comment.id)).all()


def _post(client, path, pairs):
    return client.post(path, data=urlencode(pairs), content_type=FORM)


def test_a_decision_with_two_outcomes_is_refused_and_records_nothing(clients, office, submission):
    cid = _comment_ids(office)[0]
    response = _post(clients["editor"], "/office/decide", [
        ("comment_id", cid), (f"version-{cid}", "none"), ("outcome", "adopted"), ("outcome", "not_adopted"),
        ("reason", "r"), ("back", "/office/node/art-3")])
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "outcome" in page and "不止一次" in page
    with office.session() as s:
        assert decision_for_comment(s, cid).outcome is None


@pytest.mark.parametrize("field, value", [("reason", "b"), ("back", "/office/"), (None, "")])
def test_every_single_valued_office_field_is_refused_when_repeated(clients, office, submission, field, value):
    cid = _comment_ids(office)[0]
    pairs = [("comment_id", cid), (f"version-{cid}", "none"), ("outcome", "not_adopted"), ("reason", "a"),
             ("back", "/office/node/art-3")]
    if field is None:  # a version repeated: which decision did the clerk see?
        pairs.append((f"version-{cid}", "1"))
    else:
        pairs.append((field, value))
    assert _post(clients["editor"], "/office/decide", pairs).status_code == 400
    with office.session() as s:
        assert decision_for_comment(s, cid).outcome is None


def test_declared_lists_still_repeat(clients, office, submission):
    """comment_id is a list on the decision form (the review and bulk forms tick several)."""
    ids = _comment_ids(office)
    pairs = [("outcome", "adopted"), ("back", "/office/")]
    for cid in ids:
        pairs += [("comment_id", cid), (f"version-{cid}", "none")]
    assert _post(clients["editor"], "/office/decide", pairs).status_code == 303
    with office.session() as s:
        assert {decision_for_comment(s, cid).outcome for cid in ids} == {"adopted"}


def test_the_public_form_refuses_a_repeated_field_and_keeps_no_draft(client, services):
    token = csrf_token_from(client.get("/feedback").get_data(as_text=True))
    with services.session() as s:
        drafts = s.scalar(select(func.count()).select_from(FeedbackDraft))
    pairs = [("csrf_token", token), *COMMENTS.items(), ("comments-0-proposal", "另一段文字"), ("action", "continue")]
    response = _post(client, "/feedback", pairs)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "comments-0-proposal" in page
    with services.session() as s:
        assert s.scalar(select(func.count()).select_from(FeedbackDraft)) == drafts


def test_the_about_you_step_refuses_a_repeated_contact(client, services):
    token = csrf_token_from(client.get("/feedback").get_data(as_text=True))
    first = client.post("/feedback", data={"csrf_token": token, **COMMENTS, "action": "continue"})
    assert first.status_code == 302
    pairs = [("csrf_token", token), *DETAILS.items(), ("submitter-email", "other@example.com"), ("action", "continue")]
    response = _post(client, "/feedback/about-you", pairs)
    assert response.status_code == 400 and "submitter-email" in response.get_data(as_text=True)
    with services.session() as s:
        assert s.scalar(select(func.count()).select_from(Submission)) == 0


@pytest.mark.parametrize("query", ["outcome=pending&outcome=adopted", "outcome=adopted&outcome=pending",
                                   "kind=amend&kind=other", "page=1&page=2", "search=a&search=b"])
def test_a_search_parameter_sent_twice_is_refused_not_read_as_its_first(clients, submission, query):
    """Attack round 11, F7: the search's selection (which feeds the bulk decision) took whichever came first."""
    response = clients["viewer"].get("/office/search?" + query)
    assert response.status_code == 400 and "不止一次" in response.get_data(as_text=True)


def test_an_api_filter_sent_twice_is_refused(api, client, submission):
    for query in ("page=1&page=2", "outcome=pending&outcome=adopted"):
        response = client.get("/api/v1/office/nodes/art-3/comments?" + query, headers=api["viewer"])
        assert response.status_code == 400, query


@pytest.mark.parametrize("query, name", [("outcome=bogus", "outcome"), ("kind=bogus", "kind"),
                                         ("channel=bogus", "channel"), ("category=x", "category"),
                                         ("ref=art-99", "ref"), ("ref=bogus", "ref")])
def test_a_search_filter_with_no_such_option_is_refused(clients, submission, query, name):
    """Attack round 11, F7: an unknown outcome matched nothing and an unknown part everything, silently."""
    response = clients["viewer"].get("/office/search?" + query)
    assert response.status_code == 400 and name in response.get_data(as_text=True)


def test_known_filters_and_a_repeatable_parameter_still_work(clients, client, submission):
    assert clients["viewer"].get("/office/search?outcome=pending&kind=amend&ref=art-3").status_code == 200
    answer = client.get("/api/v1/self-check/questions?zone_type=deep_application&zone_type=product_innovation")
    assert answer.status_code == 200 and len(answer.get_json()["zone_types"]) == 2
