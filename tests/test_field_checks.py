"""The one-field checks the bots call (consultation.feedback_checks): the asked field's rule and format
errors, on the same paths and with the same messages as the whole-body validation, nothing else."""
from __future__ import annotations

from consultation.feedback_checks import (
    MSG_CONTACT, MSG_EMPTY_COMMENT, MSG_NEEDS_PROPOSAL, MSG_ORGANISATION, MSG_POINTS_NOT_ROW, MSG_POINTS_OVER_TOTAL,
    MSG_UNKNOWN_TARGET, FieldError, comment_field_errors, email_value, phone_value, points_errors,
    submitter_field_errors, target_errors,
)
from consultation.intake import fields
from consultation.intake.payload import LIMITS

P = "comments.0"


def test_wording_is_checked_for_the_asked_field_only(services):
    c = services.consultation
    assert comment_field_errors(c, {"kind": "amend", "proposal": ""}, "proposal") == [
        FieldError(f"{P}.proposal", MSG_NEEDS_PROPOSAL)]
    assert comment_field_errors(c, {"kind": "add", "proposal": "  "}, "proposal") == [
        FieldError(f"{P}.proposal", MSG_NEEDS_PROPOSAL)]
    assert comment_field_errors(c, {"kind": "amend", "proposal": "改为“每年评估一次”。"}, "proposal") == []
    assert comment_field_errors(c, {"kind": "amend", "proposal": "", "reason": ""}, "reason") == []
    assert comment_field_errors(c, {"kind": "other", "proposal": "", "reason": ""}, "reason") == [
        FieldError(f"{P}.reason", MSG_EMPTY_COMMENT)]
    assert comment_field_errors(c, {"kind": "other", "proposal": "", "reason": "基层难以把握尺度。"}, "reason") == []
    assert comment_field_errors(c, {"kind": "other", "proposal": "建议删去。", "reason": ""}, "reason") == []
    # The reason asked before any proposal: an absent proposal is no proposal.
    assert comment_field_errors(c, {"kind": "other", "reason": ""}, "reason") == [
        FieldError(f"{P}.reason", MSG_EMPTY_COMMENT)]


def test_a_comment_is_on_a_commentable_part_of_the_draft(services):
    c = services.consultation
    article = next(n for n in c.nodes.values() if n.kind == "article" and n.commentable)
    chapter = next(n for n in c.nodes.values() if not n.commentable)
    assert target_errors(c, article.ref, P) == [] and target_errors(c, "", P) == []
    assert target_errors(c, "art-99", P) == [FieldError(f"{P}.target", MSG_UNKNOWN_TARGET, {"ref": "art-99"})]
    assert target_errors(c, chapter.ref, P) == [FieldError(f"{P}.target", MSG_UNKNOWN_TARGET, {"ref": chapter.ref})]
    assert target_errors(c, "x" * 60, P)[0].params == {"ref": "x" * 40}


def test_a_too_long_field_gets_the_models_error_on_its_path(services):
    errors = comment_field_errors(services.consultation, {"kind": "amend", "proposal": "字" * (LIMITS["proposal"] + 1)},
                                  "proposal")
    assert [e.field for e in errors] == [f"{P}.proposal"] and errors[0].message != MSG_NEEDS_PROPOSAL
    errors = submitter_field_errors({"name": "名" * (LIMITS["name"] + 1)}, ("name",))
    assert [e.field for e in errors] == ["submitter.name"]


def test_points_only_for_a_row_and_at_most_its_tables_total(services):
    c = services.consultation
    row = next(n for n in c.nodes.values() if n.kind == "row" and n.commentable)
    other = next(n for n in c.nodes.values() if n.kind == "article" and n.commentable)
    total = c.node(row.parent).points
    assert comment_field_errors(c, {"target": row.ref, "proposed_points": total + 1}, "proposed_points") == [
        FieldError(f"{P}.proposed_points", MSG_POINTS_OVER_TOTAL, {"max": total})]
    assert comment_field_errors(c, {"target": row.ref, "proposed_points": total}, "proposed_points") == []
    assert comment_field_errors(c, {"target": row.ref, "proposed_points": 0}, "proposed_points") == []
    assert comment_field_errors(c, {"target": other.ref, "proposed_points": 1}, "proposed_points") == [
        FieldError(f"{P}.proposed_points", MSG_POINTS_NOT_ROW)]
    assert comment_field_errors(c, {"target": row.ref}, "proposed_points") == []


def test_submitter_fields_one_at_a_time():
    assert submitter_field_errors({"category": "enterprise", "organisation": ""}, ("organisation",)) == [
        FieldError("submitter.organisation", MSG_ORGANISATION)]
    assert submitter_field_errors({"category": "enterprise", "organisation": "某公司"}, ("organisation",)) == []
    assert submitter_field_errors({"category": "individual", "organisation": ""}, ("organisation",)) == []
    assert submitter_field_errors({"phone": "", "email": ""}, ("contact",)) == [
        FieldError("submitter.contact", MSG_CONTACT)]
    assert submitter_field_errors({"phone": "", "email": "wang@example.cn"}, ("contact",)) == []
    assert submitter_field_errors({"phone": "13800138000", "email": ""}, ("contact",)) == []
    assert [e.field for e in submitter_field_errors({"phone": "12"}, ("phone",))] == ["submitter.phone"]
    assert submitter_field_errors({"phone": "13800138000"}, ("phone",)) == []
    assert [e.field for e in submitter_field_errors({"email": "not-an-address"}, ("email",))] == ["submitter.email"]
    assert submitter_field_errors({"email": "wang@example.cn"}, ("email",)) == []
    # Only the asked fields: a missing contact or organisation is not reported when the name is asked.
    assert submitter_field_errors({"name": "张三", "category": "enterprise", "organisation": "", "phone": "",
                                   "email": ""}, ("name",)) == []
    assert [e.field for e in submitter_field_errors({"name": "张三", "phone": "12", "email": ""},
                                                    ("name", "phone", "contact"))] == ["submitter.phone"]


def test_the_points_rule_itself(services):
    """Every table totals 100, the payload model's own maximum, so through the one-field check the model
    answers first: the domain rule is pinned here directly."""
    c = services.consultation
    row = next(n for n in c.nodes.values() if n.kind == "row" and n.commentable)
    total = c.node(row.parent).points
    assert points_errors(c, row.ref, total + 1, P) == (
        total + 1, [FieldError(f"{P}.proposed_points", MSG_POINTS_OVER_TOTAL, {"max": total})])
    assert points_errors(c, row.ref, total, P) == (total, [])
    assert points_errors(c, "", 5, P) == (5, [])
    assert points_errors(c, row.ref, True, P) == (None, [])


def test_phone_and_email_are_normalised_or_refused():
    assert phone_value("138 0013 8000") == ("+8613800138000", [])
    assert phone_value("") == ("", [])
    assert phone_value("12") == ("12", [FieldError("submitter.phone", fields.MSG_PHONE)])
    assert email_value(" Wang@Example.CN ") == ("Wang@example.cn", [])
    assert email_value("") == ("", [])
    assert email_value("x") == ("x", [FieldError("submitter.email", fields.MSG_EMAIL)])
