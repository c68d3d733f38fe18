"""The office JSON API under /api/v1/office: bearer tokens (per account, revocable), same roles as the pages.

Bodies and answers are the pydantic models of consultation/intake/office.py, and the paths below are
described from them in the served OpenAPI document (`OPENAPI` at the end), so that the document
says what the code does.
"""
from __future__ import annotations

from flask import Blueprint, abort, make_response, request
from flask_babel import gettext as _
from pydantic import ValidationError
from sqlalchemy import select

from consultation.document import UnknownReference
from consultation.intake import office as models
from consultation.intake.jsonbody import MSG_NOT_JSON, BadBody, loads
from consultation.intake.payload import MSG_UNKNOWN_FIELD
from consultation.models import Comment, Submission
from consultation.office import dashboard, duplicates, visibility
from consultation.office import decisions as review
from consultation.office.accounts import has_role
from consultation.office.decisions import DecisionRefused, decide, decision_for_comment, decisions_for_comments

from ..api import openapi
from ..api.body import model_errors
from ..context import db, row_or_404, services
from ..errors import json_error
from ..params import DB_INT_MAX, int_arg
from .auth import current_account, require

bp = Blueprint("office_api", __name__, url_prefix="/api/v1/office")


@bp.get("/dashboard")
@require("viewer")
def dashboard_json():
    svc = services()
    s = db()
    counts = dashboard.node_counts(s, svc.consultation.id)
    return models.DashboardOut.model_validate({
        "totals": dashboard.totals(s, svc.consultation.id),
        "per_day": [{"day": d, "submissions": n} for d, n in dashboard.per_day(s, svc.consultation)],
        "nodes": [{"ref": ref, "comments": raw, "merged": merged} for ref, (raw, merged) in
                  sorted(counts.items(), key=lambda kv: svc.consultation.nodes[kv[0]].order
                         if kv[0] in svc.consultation.nodes else 0)]}).model_dump(mode="json")


@bp.get("/nodes/<path:ref>/comments")
@require("viewer")
def node_comments_json(ref):
    svc = services()
    try:
        svc.consultation.node(ref)
    except UnknownReference:
        abort(404)
    try:
        filters = models.NodeCommentsQuery.model_validate(
            {k: request.args[k] for k in models.NodeCommentsQuery.model_fields if k in request.args}).model_dump()
    except ValidationError as exc:
        return _invalid(_model_errors(exc))
    filters["search"] = filters["search"] or None
    rows, total = dashboard.node_comments(db(), svc.consultation.id, ref, page=int_arg("page", 1),
                                          personal=visibility.sees_personal_organisations(current_account()),
                                          **filters)
    return models.NodeCommentsOut.model_validate({
        "ref": ref, "text": svc.consultation.quote(ref), "total": total,
        "comments": [{"id": r["id"], "kind": r["kind"], "proposal": r["proposal"], "reason": r["reason"],
                      "proposed_points": r["proposed_points"], "category": r["category"],
                      "channel": r["channel"], "created_at": r["created_at"].isoformat(),
                      "group": r["group_id"], "outcome": r["outcome"], "status": r["status"],
                      "decision_reason": r["decision_reason"], "organisation": r["organisation"],
                      "version": r["version"],
                      "sender_changed_at": r["sender_changed_at"].isoformat() if r["sender_changed_at"] else None,
                      "withdrawn_at": r["withdrawn_at"].isoformat() if r["withdrawn_at"] else None}
                     for r in rows]}).model_dump(mode="json")


@bp.get("/comments/<dbid:comment_id>/decision")
@require("viewer")
def decision_json(comment_id):
    return _decision_out(decision_for_comment(db(), comment_id)).model_dump(mode="json")


@bp.post("/decisions")
@require("editor")
def decide_json():
    body = _body(models.DecisionsIn)
    account = current_account()
    if body.expected or body.override:
        # A group's members are known only here (none: no such group, the 404 below).
        ids = body.comment_ids if body.group_id is None else duplicates.members_of(db(), body.group_id)
        stray = models.stray_expected(body.expected, ids) if ids else []
        if stray:
            return _mismatch(stray)
        # `override` naming a comment outside the group: the same conflict, not "no such comment" (a
        # 404 for a comment that exists; attack round 11 re-test, N9).
        stray = sorted(set(body.override or ()) - set(ids)) if ids and body.group_id is not None else []
        if stray:
            return _mismatch(stray, models.MSG_OVERRIDE_STRAY, group=body.group_id)
    try:
        if body.group_id is not None:
            result = review.decide_group(
                db(), body.group_id, outcome=body.outcome, reason=body.reason, actor=account.username,
                now=services().now(), override=body.override or (), expected=body.expected,
                approve=review.records_approved(db(), services().consultation.id, account),
                may_change_approved=has_role(account, "admin"))
        else:
            result = review.GroupDecision(decide(
                db(), comment_ids=body.comment_ids, outcome=body.outcome, reason=body.reason,
                actor=account.username, now=services().now(), expected=body.expected,
                approve=review.records_approved(db(), services().consultation.id, account),
                may_change_approved=has_role(account, "admin")), [], [], [])
    except DecisionRefused as exc:
        db().rollback()
        return _refused(exc, body.comment_ids or [])
    db().commit()
    return models.DecidedOut(decided=result.written, withdrawn=result.withdrawn,
                             kept=sorted(result.kept + result.locked)).model_dump(mode="json")


REFUSED_404 = ("No such comment.", "No such group.")
REFUSED_409 = ("Every member is already decided: tick the ones to change.", review.MSG_RACED)
CONFLICT_CODES = ((review.DecisionStale, "stale"), (review.DecisionWithdrawn, "withdrawn"),
                  (review.DecisionLocked, "approved"))


def _refused(exc: DecisionRefused, ids):
    """A refused decision or approval as JSON (the session rolled back): 404 for what does not exist,
    409 with the comments concerned and their current decisions (ConflictOut) when it is about them or a
    concurrent change, 422 otherwise."""
    msgid = exc.args[0]
    code = next((c for cls, c in CONFLICT_CODES if isinstance(exc, cls)), None)
    if code is None and msgid in REFUSED_404:
        return json_error(404, "refused", _(msgid))
    if code is None and msgid not in REFUSED_409:
        return json_error(422, "refused", _(msgid))
    concerned = getattr(exc, "ids", None) or sorted(set(ids))
    current = [_decision_out(v) for v in decisions_for_comments(db(), concerned).values()]
    return models.ConflictOut(error=code or "refused", message=_(msgid), comment_ids=concerned,
                              current=current).model_dump(mode="json"), 409


def _mismatch(stray: list[int], msgid: str = models.MSG_EXPECTED_STRAY, **params):
    """409 `mismatch`: `expected` (or a group decision's `override`) names comments the request does not
    decide or approve (models.stray_expected); nothing written, the comments named and their decisions now
    in the body, as for the other conflicts. `current` lists only comments that exist: an id of no comment
    has no decision to show (a made-up undecided entry said otherwise; attack round 11 re-test, N4)."""
    existing = set()
    for start in range(0, len(stray), 900):
        existing.update(db().scalars(select(Comment.id).where(Comment.id.in_(stray[start:start + 900]))))
    current = [_decision_out(v) for v in decisions_for_comments(db(), sorted(existing)).values()]
    message = _(msgid, ids=", ".join(map(str, stray[:20])) + (" …" if len(stray) > 20 else ""), **params)
    return models.ConflictOut(error="mismatch", message=message, comment_ids=stray,
                              current=current).model_dump(mode="json"), 409


def _decision_out(view) -> models.DecisionOut:
    out = view.as_dict()
    for key in ("decided_at", "approved_at", "sender_changed_at", "withdrawn_at"):
        out[key] = out[key].isoformat() if out[key] else None
    return models.DecisionOut.model_validate(out)


def _model_errors(exc: ValidationError) -> list[dict]:
    """Per-field messages, translated; the model's own error types worded by models.MESSAGES."""
    out = model_errors(exc, {})
    for entry, err in zip(out, exc.errors(include_url=False)):
        if err["type"] in models.MESSAGES:
            entry["message"] = _(models.MESSAGES[err["type"]], **(err.get("ctx") or {}))
        # A rule of the whole body still names a field (attack round 11 re-test, N9: `"field": ""`): the
        # one it is about, and for a body that is no object at all, the body.
        if not entry["field"]:
            entry["field"] = _WHOLE_BODY_FIELDS.get(err["type"], "body")
    return out


_WHOLE_BODY_FIELDS = {"reason": "reason", "nothing": "comment_ids", "both": "group_id"}


def _invalid(errors: list[dict]):
    first = errors[0] if errors else {"field": "body", "message": _(MSG_NOT_JSON)}
    return json_error(400, "invalid", first["message"], errors, field=first["field"])


def _body(model, *, exact: bool = False):
    """The request's JSON body validated by `model`; otherwise the request ends in a 400 with per-field
    messages (abort with a response: no error handler rewrites it). `exact`: fractions read as Decimal, for a
    model that compares them with exact bounds (the regroup threshold)."""
    try:
        return model.model_validate(loads(request.get_data(cache=True), exact=exact))
    except BadBody as exc:
        abort(make_response(_invalid([{"field": "body", "message": _(exc.message, **exc.params)}])))
    except ValidationError as exc:
        abort(make_response(_invalid(_model_errors(exc))))


@bp.get("/proposals")
@require("viewer")
def proposals_json():
    """Decisions awaiting an administrator's approval (the review step), oldest first."""
    svc = services()
    return models.ProposalsOut.model_validate({
        "self_approval": review.self_approval_allowed(db(), svc.consultation.id),
        "proposals": [{"comment_id": d.comment_id, "outcome": d.outcome, "reason": d.reason,
                       "group": d.group_id, "decided_by": d.decided_by, "decided_at": d.decided_at.isoformat(),
                       "version": d.version,
                       "sender_changed_at": d.sender_changed_at.isoformat() if d.sender_changed_at else None}
                      for d in review.proposed(db(), svc.consultation.id)]}).model_dump(mode="json")


@bp.post("/decisions/approve")
@require("admin")
def approve_json():
    """Approve proposed decisions (`{"comment_ids": [..]}`): the same rule as /office/review."""
    svc = services()
    body = _body(models.ApproveIn)
    stray = models.stray_expected(body.expected, body.comment_ids)
    if stray:
        return _mismatch(stray)
    try:
        result = review.approve_as(db(), svc.consultation.id, body.comment_ids, account=current_account(),
                                   now=svc.now(), expected=body.expected)
    except DecisionRefused as exc:
        db().rollback()
        return _refused(exc, body.comment_ids)
    db().commit()
    return models.ApprovedOut(approved=result.approved, refused_own=result.own,
                              not_proposed=result.not_proposed).model_dump(mode="json")


@bp.post("/regroup")
@require("editor")
def regroup_json():
    """Recompute the groups, with the body's threshold stored first if it gives one. A query parameter is a
    400: `?threshold=0.95` was ignored and the groups recomputed at the stored threshold, while the client
    believed it had regrouped at 0.95 (attack round 11)."""
    for name in request.args:
        return json_error(400, "invalid", _(MSG_UNKNOWN_FIELD), [{"field": name, "message": _(MSG_UNKNOWN_FIELD)}],
                          field=name)
    # Only a body of no bytes is "no body": whitespace alone (" ", "\f") is not JSON, so a 400 like any
    # other text (the document says JSON or empty; schemathesis ST201, attack round 11 re-test, N5).
    body = _body(models.RegroupIn, exact=True) if request.get_data(cache=True) else models.RegroupIn()
    cid, actor = services().consultation.id, current_account().username
    with duplicates.one_regrouping(db(), cid):  # the threshold's write included, as on the dashboard
        if body.threshold is not None:
            duplicates.set_threshold(db(), cid, body.threshold, actor=actor)
        groups = duplicates.regroup(db(), cid, actor=actor)
        db().commit()
    return models.RegroupOut(groups=len(groups), grouped_comments=sum(map(len, groups))).model_dump(mode="json")


@bp.get("/submissions/<dbid:submission_id>")
@require("admin")
def submission_json(submission_id):
    sub = row_or_404(Submission, submission_id)
    return models.SubmissionOut.model_validate({
        "reference": sub.reference, "category": sub.category, "channel": sub.channel, "name": sub.name,
        "organisation": sub.organisation, "phone": sub.phone, "email": sub.email,
        "comments": [{"id": c.id, "target": c.target_ref, "kind": c.kind} for c in sub.comments]}
    ).model_dump(mode="json")


# ---------------------------------------------------------------- the OpenAPI document
def _ok(model) -> dict:
    return {"description": "OK", "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{model.__name__}"}}}}


_AUTH = {"security": [{"bearer": []}]}
_ID = {"type": "integer", "minimum": 1, "maximum": DB_INT_MAX}
_READ_ERRORS = openapi.errors("401", "403", "429", r403="Not allowed for this role, or an administrator yet to enrol "
                                                        "for two-factor sign-in",
                              r429="Too many requests with a bearer token that matches no active token from this "
                                   "address (RATE_LIMIT_TOKEN_MISS), a right token included; retry after "
                                   "Retry-After seconds")

OPENAPI = openapi.Part({
    "/api/v1/office/dashboard": {"get": {
        "summary": "Totals, submissions per day and comments per node", **_AUTH,
        "responses": {"200": _ok(models.DashboardOut), **_READ_ERRORS}}},
    "/api/v1/office/nodes/{ref}/comments": {"get": {
        "summary": "The comments on one node of the draft, newest first, a page at a time", **_AUTH,
        "description": "search matches the proposal, the reason, the original text, the submission's reference "
                       "and the organisation as the caller may see it: an individual's organisation (personal "
                       "data) only for administrators, so for viewers and editors it neither appears nor "
                       "matches.",
        "parameters": [
            {"name": "ref", "in": "path", "required": True, "schema": {"type": "string"}},
            {"name": "page", "in": "query", "required": False, "schema": {**_ID, "default": 1}},
            *models.query_parameters(models.NodeCommentsQuery)],
        "responses": {"200": _ok(models.NodeCommentsOut), **_READ_ERRORS,
                      **openapi.errors("400", "404", r400="A parameter is not valid (an unknown filter value, page out of range)",
                                       r404="Unknown reference")}}},
    "/api/v1/office/comments/{comment_id}/decision": {"get": {
        "summary": "The decision on one comment (outcome null while undecided; withdrawn_at set when its "
                   "submission was withdrawn)", **_AUTH,
        "parameters": [{"name": "comment_id", "in": "path", "required": True, "schema": _ID}],
        "responses": {"200": _ok(models.DecisionOut), **_READ_ERRORS, **openapi.errors("404")}}},
    "/api/v1/office/decisions": {"post": {
        "summary": "Decide on comments, or on a duplicate group's undecided members (editors)", **_AUTH,
        "description": "Exactly one of comment_ids (those comments) and group_id (a duplicate group) says what "
                       "to decide on; a body with both is refused. A proposal until an administrator approves it. "
                       "A group's members already decided keep their decision unless listed in override; members of "
                       "withdrawn submissions are skipped (withdrawn in the answer). Send expected (each "
                       "decision's version as last seen, null for undecided) so that a decision changed since "
                       "is not replaced unseen; a comment it does not list (or every comment, without it) is "
                       "written only while undecided or the sender's own (another's decision: 409 stale). Three first decisions at once: "
                       "one is recorded, the others get 409. Only an administrator changes an approved decision.",
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/DecisionsIn"}}}},
        "responses": {"200": _ok(models.DecidedOut), **_READ_ERRORS, **openapi.errors(
            "400", "404", r400="The body is not valid: one error per field; nothing changed",
            r404="No such comment or group"),
            "409": {"description": "Nothing of this request was written: expected names comments the request "
                                   "does not decide (mismatch: not among comment_ids, or not members of the "
                                   "group now), or override names comments that are not members of the group "
                                   "(mismatch); a decision listed in expected has "
                                   "another version now (stale); comments of withdrawn submissions (withdrawn); "
                                   "an editor changing an approved decision (approved: an administrator does); "
                                   "every member of the group already decided (list the ones to change in "
                                   "override), or another decision on one of the comments recorded at the same "
                                   "moment (refused). The comments concerned and their current decisions are in "
                                   "the body",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConflictOut"}}}},
            **openapi.errors("422", r422="The decision is refused for another reason (nothing changed)")}}},
    "/api/v1/office/proposals": {"get": {
        "summary": "Decisions awaiting an administrator's approval (the review step), oldest first", **_AUTH,
        "responses": {"200": _ok(models.ProposalsOut), **_READ_ERRORS}}},
    "/api/v1/office/decisions/approve": {"post": {
        "summary": "Approve proposed decisions (administrators; their own only when the office allows it)", **_AUTH,
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/ApproveIn"}}}},
        "description": "Send expected (each proposal's version as GET /proposals shows it): a proposal changed "
                       "since is not approved unseen, and another person's proposal that expected does not list "
                       "is not approved at all (409 stale, with its current version). Comments of withdrawn "
                       "submissions are never approved.",
        "responses": {"200": _ok(models.ApprovedOut), **_READ_ERRORS, **openapi.errors(
            "400", "422", r400="The body is not valid: one error per field; nothing changed",
            r422="Nothing to approve"),
            "409": {"description": "Nothing was approved: expected names comments not among comment_ids "
                                   "(mismatch), a proposal listed in expected has another version now, "
                                   "or another person's proposal is not listed in it (stale), a comment of a withdrawn submission (withdrawn), or a proposal "
                                   "changed by another request at the same moment (refused); the comments "
                                   "concerned and their current decisions are in the body",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ConflictOut"}}}}}}},
    "/api/v1/office/regroup": {"post": {
        "summary": "Recompute the near-duplicate groups (editors)", **_AUTH,
        "description": "With a threshold in the body, it is stored first (as the dashboard's form does); an "
                       "empty body, or one without it, regroups at the stored threshold. No query parameters.",
        "requestBody": {"required": False, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/RegroupIn"}}}},
        "responses": {"200": _ok(models.RegroupOut), **_READ_ERRORS, **openapi.errors(
            "400", r400="The body is not valid (a threshold outside 0.3–1.0, an unknown field), or a query "
                        "parameter was sent; nothing changed")}}},
    "/api/v1/office/submissions/{submission_id}": {"get": {
        "summary": "One submission with its sender's contact details (administrators)", **_AUTH,
        "parameters": [{"name": "submission_id", "in": "path", "required": True, "schema": _ID}],
        "responses": {"200": _ok(models.SubmissionOut), **_READ_ERRORS, **openapi.errors("404")}}},
}, models.schemas())
