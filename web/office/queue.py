"""The work queue: a search across the whole draft, one decision applied to a filtered selection (after
a confirmation listing what will change), assignment of comments to staff, internal notes."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import delete, select

from consultation.intake import fields
from consultation.models import CATEGORIES, CHANNELS, COMMENT_KINDS, Comment
from consultation.office import audit, dashboard, visibility
from consultation.office.accounts import has_role
from consultation.office import decisions as review
from consultation.office.decisions import DecisionRefused, decide
from consultation.office.models import Assignment, CommentNote, StaffAccount

from ..context import db, row_or_404, services
from ..params import BadParameter, int_arg, int_value, multi_valued
from .auth import current_account, require
from .views import bp
from .work import _back, _expected, _ids, refuse_unknown_choices, refused_page

FILTERS = ("search", "ref", "kind", "channel", "category", "outcome", "group", "assignee")
BULK_LIMIT = 1000  # a selection larger than this is narrowed first


def _filters(source, prefix: str = "") -> dict:
    """The selection's filters. A value no option of the page has is a 400 naming the parameter: an unknown
    outcome matched nothing and an unknown part matched everything, both without a word, and the search
    feeds the bulk decision (attack round 11, F7)."""
    filters = {k: (source.get(prefix + k) or "").strip() or None for k in FILTERS}
    group = filters["group"]
    if group not in (None, "grouped", "single"):  # a group number: one the database can hold
        filters["group"] = str(int_value(group, prefix + "group"))
    refuse_unknown_choices(filters, prefix)
    if filters["ref"] is not None and filters["ref"] not in services().consultation.nodes:
        raise BadParameter(prefix + "ref")
    # Someone who may be assigned comments (the page's list), or "none": a name of nobody matched no row
    # without a word (attack round 11 re-test, N6).
    if filters["assignee"] not in (None, "none") and filters["assignee"] not in _staff():
        raise BadParameter(prefix + "assignee")
    return filters


def _query(filters: dict, page: int = 1, limit: int = dashboard.PAGE_SIZE):
    svc = services()
    ref = filters.get("ref")
    if ref and ref not in svc.consultation.nodes:
        ref = filters["ref"] = None
    args = {k: v for k, v in filters.items() if k != "ref"}
    return dashboard.node_comments(db(), svc.consultation.id, ref, page=page, limit=limit,
                                   personal=visibility.sees_personal_organisations(current_account()), **args)


def _staff() -> list[str]:
    return list(db().scalars(select(StaffAccount.username).where(StaffAccount.active.is_(True))
                             .where(StaffAccount.role != "viewer").order_by(StaffAccount.username)))


@bp.get("/search")
@require("viewer")
def search_page():
    filters = _filters(request.args)
    page = int_arg("page", 1)
    rows, total = _query(filters, page)
    svc = services()
    return render_template("office/search.html", rows=rows, total=total, filters=filters, page=page,
                           pages=max(1, -(-total // dashboard.PAGE_SIZE)),
                           filter_args={k: v for k, v in filters.items() if v},
                           nodes=[n for n in svc.consultation.nodes.values() if n.commentable],
                           kinds=COMMENT_KINDS, channels=CHANNELS, categories=CATEGORIES, staff=_staff(),
                           bulk_limit=BULK_LIMIT)


@bp.post("/bulk/preview")
@require("editor")
def bulk_preview():
    """The confirmation: every comment the decision would be written on, with its current decision."""
    filters = _filters(request.form, "f_")  # the selection; "outcome" below is the decision
    outcome, reason = request.form.get("outcome", ""), request.form.get("reason", "")
    rows, total = _query(filters, 1, BULK_LIMIT)
    if total > BULK_LIMIT:
        flash(_("%(n)d comments match: narrow the selection to at most %(max)d.", n=total, max=BULK_LIMIT), "error")
        return redirect(url_for("office.search_page", **{k: v for k, v in filters.items() if v})), 303
    try:
        reason = review._validate(outcome, reason)  # as it will be stored (decisions.clean_reason)
    except DecisionRefused as exc:
        flash(_(str(exc)), "error")
        return redirect(url_for("office.search_page", **{k: v for k, v in filters.items() if v})), 303
    # Comments of withdrawn submissions are not decided, and an editor does not change an approved decision
    # (decisions.decide): they are left out of the selection, and the page says how many.
    admin = has_role(current_account(), "admin")
    left_out = [r for r in rows if r["withdrawn_at"] or (r["status"] == "approved" and not admin)]
    rows = [r for r in rows if r not in left_out]
    if left_out:
        flash(_("%(n)d comments of the selection are left out: withdrawn by their senders, or approved (only an "
                "administrator changes an approved decision).", n=len(left_out)), "ok")
    if not rows:
        return redirect(url_for("office.search_page", **{k: v for k, v in filters.items() if v})), 303
    changing = [r for r in rows if (r["outcome"], r["decision_reason"] or "") != (outcome, reason)]
    return render_template("office/bulk_confirm.html", rows=rows, changing=changing, outcome=outcome,
                           reason=reason, filters={k: v for k, v in filters.items() if v})


@bp.post("/bulk/decide")
@multi_valued("comment_id")
@require("editor")
def bulk_decide():
    svc = services()
    account = current_account()
    approve = review.records_approved(db(), svc.consultation.id, account)
    ids = _ids("comment_id")
    try:
        written = decide(db(), comment_ids=ids, outcome=request.form.get("outcome", ""),
                         reason=request.form.get("reason", ""), actor=account.username, now=svc.now(), approve=approve,
                         expected=_expected(ids), may_change_approved=has_role(account, "admin"))
    except review.DecisionOnComments as exc:
        db().rollback()
        return refused_page(exc, url_for("office.search_page"))
    except DecisionRefused as exc:
        db().rollback()
        flash(_(str(exc)), "error")
        return redirect(url_for("office.search_page")), 303
    db().commit()
    flash(_("Decision recorded for %(n)d comments.", n=len(written)), "ok")
    return redirect(_back(url_for("office.search_page"))), 303


@bp.post("/assign")
@multi_valued("comment_id")
@require("editor")
def assign_action():
    svc = services()
    ids = _ids("comment_id")
    assignee = request.form.get("assignee", "").strip()
    if assignee and assignee not in _staff():
        abort(400)
    actor = current_account().username
    db().execute(delete(Assignment).where(Assignment.comment_id.in_(ids or [-1])))
    if assignee:
        for cid in ids:
            db().add(Assignment(comment_id=cid, assignee=assignee, assigned_by=actor, assigned_at=svc.now()))
    audit.record(db(), actor, "comment.assign", ",".join(map(str, ids))[:100], None,
                 {"assignee": assignee or None, "comments": ids})
    db().commit()
    flash(_("%(n)d comments assigned.", n=len(ids)) if assignee else _("Assignment removed."), "ok")
    return redirect(_back(url_for("office.search_page"))), 303


@bp.get("/comment/<dbid:comment_id>/notes")
@require("viewer")
def notes_page(comment_id):
    comment = row_or_404(Comment, comment_id)
    notes = db().scalars(select(CommentNote).where(CommentNote.comment_id == comment_id).order_by(CommentNote.id)).all()
    return render_template("office/notes.html", comment=comment, notes=notes)


@bp.post("/comment/<dbid:comment_id>/notes")
@require("editor")
def note_add(comment_id):
    if db().get(Comment, comment_id) is None:
        abort(404)
    body = request.form.get("body", "").strip()
    # The one rule for typed text (retest round 12, N5): controls, bidi and noncharacters refused, and a note
    # of only invisible characters is no note. The note is kept as typed.
    back = redirect(url_for("office.notes_page", comment_id=comment_id)), 303
    try:
        body = fields.kept_text(body)
    except ValueError:
        flash(_(fields.MSG_CONTROL), "error")
        return back
    if not body:
        flash(_("Write the note first."), "error")
    else:
        db().add(CommentNote(comment_id=comment_id, author=current_account().username, body=body[:4000],
                             at=services().now()))
        db().commit()
    return back
