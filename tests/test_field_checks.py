"""The one-field checks the bots call (consultation.feedback_checks): the asked field's rule and format
errors, on the same paths and with the same messages as the whole-body validation, nothing else."""
from __future__ import annotations

from consultation.feedback_checks import (
    MSG_CONTACT, MSG_EMPTY_COMMENT, MSG_NEEDS_PROPOSAL, MSG_ORGANISATION, MSG_POINTS_NOT_ROW, MSG_POINTS_OVER_TOTAL,
    FieldError, comment_field_errors, submitter_field_errors,
)
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
