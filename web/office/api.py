"""The office JSON API under /api/v1/office: bearer tokens (per account, revocable), same roles as the pages."""
from __future__ import annotations

from flask import Blueprint, abort, request

from consultation.document import UnknownReference
from consultation.models import Submission
from consultation.office import dashboard, duplicates
from consultation.office import decisions as review
from consultation.office.decisions import DecisionRefused, decide, decision_for_comment

from ..context import db, services
from ..params import int_arg, json_body, json_id, json_ids, json_text
from .auth import current_account, require

bp = Blueprint("office_api", __name__, url_prefix="/api/v1/office")


@bp.get("/dashboard")
@require("viewer")
def dashboard_json():
    svc = services()
    s = db()
    counts = dashboard.node_counts(s, svc.consultation.id)
    return {"totals": dashboard.totals(s, svc.consultation.id),
            "per_day": [{"day": d, "submissions": n} for d, n in dashboard.per_day(s, svc.consultation)],
            "nodes": [{"ref": ref, "comments": raw, "merged": merged} for ref, (raw, merged) in
                      sorted(counts.items(), key=lambda kv: svc.consultation.nodes[kv[0]].order
                             if kv[0] in svc.consultation.nodes else 0)]}


@bp.get("/nodes/<path:ref>/comments")
@require("viewer")
def node_comments_json(ref):
    svc = services()
    try:
        svc.consultation.node(ref)
    except UnknownReference:
        abort(404)
    filters = {k: request.args.get(k) or None for k in ("kind", "channel", "category", "outcome", "search")}
    rows, total = dashboard.node_comments(db(), svc.consultation.id, ref, page=int_arg("page", 1), **filters)
    return {"ref": ref, "text": svc.consultation.quote(ref), "total": total,
            "comments": [{"id": r["id"], "kind": r["kind"], "proposal": r["proposal"], "reason": r["reason"],
                          "proposed_points": r["proposed_points"], "category": r["category"],
                          "channel": r["channel"], "created_at": r["created_at"].isoformat(),
                          "group": r["group_id"], "outcome": r["outcome"], "status": r["status"],
                          "decision_reason": r["decision_reason"], "organisation": r["organisation"]}
                         for r in rows]}


@bp.get("/comments/<dbid:comment_id>/decision")
@require("viewer")
def decision_json(comment_id):
    d = decision_for_comment(db(), comment_id)
    out = d.as_dict()
    out["decided_at"] = d.decided_at.isoformat() if d.decided_at else None
    return out


@bp.post("/decisions")
@require("editor")
def decide_json():
    body = json_body()
    comment_ids, group_id = json_ids(body, "comment_ids"), json_id(body, "group_id")
    outcome, reason = json_text(body, "outcome", 32), json_text(body, "reason")
    account = current_account()
    try:
        ids = decide(db(), comment_ids=comment_ids, group_id=group_id, outcome=outcome, reason=reason,
                     actor=account.username, now=services().now(), override=json_ids(body, "override") or (),
                     approve=review.records_approved(db(), services().consultation.id, account))
    except DecisionRefused as exc:
        db().rollback()
        return {"error": "invalid", "message": str(exc)}, 422
    db().commit()
    return {"decided": ids}


@bp.get("/proposals")
@require("viewer")
def proposals_json():
    """Decisions awaiting an administrator's approval (the review step), oldest first."""
    svc = services()
    return {"self_approval": review.self_approval_allowed(db(), svc.consultation.id),
            "proposals": [{"comment_id": d.comment_id, "outcome": d.outcome, "reason": d.reason,
                           "group": d.group_id, "decided_by": d.decided_by, "decided_at": d.decided_at.isoformat()}
                          for d in review.proposed(db(), svc.consultation.id)]}


@bp.post("/decisions/approve")
@require("admin")
def approve_json():
    """Approve proposed decisions (`{"comment_ids": [..]}`): the same rule as /office/review."""
    svc = services()
    ids = json_ids(json_body(), "comment_ids")
    try:
        result = review.approve_as(db(), svc.consultation.id, ids or (), account=current_account(), now=svc.now())
    except DecisionRefused as exc:
        db().rollback()
        return {"error": "invalid", "message": str(exc)}, 422
    db().commit()
    return {"approved": result.approved, "refused_own": result.own, "not_proposed": result.not_proposed}


@bp.post("/regroup")
@require("editor")
def regroup_json():
    groups = duplicates.regroup(db(), services().consultation.id, actor=current_account().username)
    db().commit()
    return {"groups": len(groups), "grouped_comments": sum(map(len, groups))}


@bp.get("/submissions/<dbid:submission_id>")
@require("admin")
def submission_json(submission_id):
    sub = db().get(Submission, submission_id)
    if sub is None:
        abort(404)
    return {"reference": sub.reference, "category": sub.category, "channel": sub.channel, "name": sub.name,
            "organisation": sub.organisation, "phone": sub.phone, "email": sub.email,
            "comments": [{"id": c.id, "target": c.target_ref, "kind": c.kind} for c in sub.comments]}
