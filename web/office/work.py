"""The office's work on comments: the node view, duplicate groups, decisions and regrouping.

Every decision is an explicit choice: the forms preselect no outcome, and a group decision
leaves members already decided alone unless each is ticked.
"""
from __future__ import annotations

import re

import phonenumbers
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from consultation.document import UnknownReference
from consultation.i18n import N_
from consultation.intake import fields
from consultation.models import CATEGORIES, CHANNELS, COMMENT_KINDS, Comment
from consultation.office import accounts, dashboard, duplicates, visibility
from consultation.office import decisions as review
from consultation.office.accounts import has_role
from consultation.office.decisions import DecisionRefused, decide, decide_group, decisions_for_comments
from consultation.office.models import DuplicateGroup

from ..context import db, row_or_404, services
from ..params import DB_INT_MAX, BadParameter, form_id, form_ids, int_arg, multi_valued, refuse_query, text
from ..redirects import safe_target
from .auth import current_account, require
from .views import bp

FILTERS = ("kind", "channel", "category", "outcome", "search")


@bp.app_template_filter("local_phone")
def local_phone(value: str) -> str:
    """A stored (E.164) phone number as the office dials it: 13800138000, 0551-62871234; others international."""
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return value
    if number.country_code != 86:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
        return national.replace(" ", "")
    head, _sep, rest = national.partition(" ")
    return f"{head}-{rest.replace(' ', '')}" if rest else head


def _node_or_404(ref: str):
    try:
        return services().consultation.node(ref)
    except UnknownReference:
        abort(404)


def _back(default: str) -> str:
    return safe_target(request.form.get("back"), default, prefix="/office")


def _ids(name: str) -> list[int]:
    return form_ids(name)


VERSION_FIELD = re.compile(r"version-([1-9][0-9]{0,9})")


def _expected(ids=()) -> dict[int, int | None]:
    """The version of each comment's decision as the page showed it (`version-<id>`: a number, or "none"
    while undecided). A comment of `ids` without one counts as shown undecided: every office form sends
    them, so a decision or an approval is checked against what the clerk saw, never applied unseen."""
    out: dict[int, int | None] = {cid: None for cid in ids}
    for key, raw in request.form.items():
        m = VERSION_FIELD.fullmatch(key)
        if m is None or int(m.group(1)) > DB_INT_MAX:
            continue
        raw = raw.strip()
        out[int(m.group(1))] = None if raw == "none" else int(raw) if raw.isdigit() and len(raw) <= 10 else -1
    return out


def refused_page(exc: DecisionRefused, back: str):
    """A decision or approval refused for particular comments (stale page, withdrawn, approved): nothing was
    written. The page (409) names each comment with its current decision, and repeats what the clerk chose
    so that it is not lost."""
    ids = getattr(exc, "ids", [])
    comments = {c.id: c for c in db().scalars(select(Comment).where(Comment.id.in_(ids or [-1])))}
    return render_template("office/refused.html", message=_(str(exc)), ids=ids, views=decisions_for_comments(db(), ids),
                           comments=comments, back=back, outcome=request.form.get("outcome"),
                           reason=request.form.get("reason", "")), 409


def refuse_unknown_choices(filters: dict, prefix: str = "") -> None:
    """A filter value none of the page's options has is a 400 naming the parameter (dashboard.FILTER_CHOICES):
    `?outcome=bogus` matched nothing and showed "no comments" without a word, so a mistyped link looked like
    an empty part of the draft (attack round 11, F7, and its re-test, N6)."""
    for name, options in dashboard.FILTER_CHOICES.items():
        if filters.get(name) is not None and filters[name] not in options:
            raise BadParameter(prefix + name)


@bp.get("/node/<path:ref>")
@require("viewer")
def node_page(ref):
    node = _node_or_404(ref)
    svc = services()
    account = current_account()
    filters = {k: request.args.get(k) or None for k in FILTERS}
    refuse_unknown_choices(filters)
    page = int_arg("page", 1)
    rows, total = dashboard.node_comments(db(), svc.consultation.id, ref, page=page,
                                          personal=visibility.sees_personal_organisations(account), **filters)
    ids = [r["id"] for r in rows]
    return render_template("office/node.html", node=node, quote=svc.consultation.quote(ref), rows=rows, total=total,
                           page=page, pages=max(1, -(-total // dashboard.PAGE_SIZE)), filters=filters,
                           filter_args={k: v for k, v in filters.items() if v},
                           kinds=COMMENT_KINDS, channels=CHANNELS, categories=CATEGORIES,
                           views=decisions_for_comments(db(), ids),
                           elsewhere=duplicates.same_text_elsewhere(db(), ids),
                           show_contacts=accounts.can_see_personal_data(account))


@bp.get("/group/<dbid:group_id>")
@require("viewer")
def group_page(group_id):
    group = row_or_404(DuplicateGroup, group_id)
    ids = duplicates.members_of(db(), group_id)
    comments = db().scalars(select(Comment).where(Comment.id.in_(ids)).order_by(Comment.id)).all()
    views = decisions_for_comments(db(), ids)
    return render_template("office/group.html", group=group, comments=comments, views=views,
                           undecided=sum(1 for v in views.values() if v.outcome is None),
                           representative=duplicates.representative_of(group, ids),
                           elsewhere=duplicates.same_text_elsewhere(db(), ids))


MSG_GROUP_AND_COMMENTS = N_("The form named both a group and single comments, and a decision is made on one "
                            "of them: it is not clear which was meant, so nothing was recorded. Open the page "
                            "again and decide from there.")


@bp.post("/decide")
@multi_valued("comment_id", "override")
@require("editor")
def decide_action():
    svc = services()
    group_id = form_id("group_id")
    comment_ids = _ids("comment_id")
    if group_id and comment_ids:
        # Both named: the group was decided and the comment silently left as it was. Refused as the API
        # refuses it ("exactly one of"), nothing recorded (attack round 12, F4).
        raise BadParameter("comment_id", MSG_GROUP_AND_COMMENTS)
    reason = text(request.form.get("reason"), "reason")
    account = current_account()
    actor = account.username
    # An editor's decision is a proposal; an admin's too, unless the office lets admins approve their own.
    approve = review.records_approved(db(), svc.consultation.id, account)
    admin = has_role(account, "admin")
    withdrawn, locked = [], []
    try:
        if group_id:
            written, kept, withdrawn, locked = decide_group(
                db(), group_id, outcome=request.form.get("outcome", ""), reason=reason, actor=actor, now=svc.now(),
                override=_ids("override"), approve=approve, expected=_expected(), may_change_approved=admin)
        else:
            written, kept = decide(db(), comment_ids=comment_ids, outcome=request.form.get("outcome", ""),
                                   reason=reason, actor=actor, now=svc.now(), approve=approve,
                                   expected=_expected(comment_ids), may_change_approved=admin), []
    except review.DecisionOnComments as exc:
        db().rollback()
        return refused_page(exc, _back(url_for("office.dashboard_page")))
    except DecisionRefused as exc:
        db().rollback()
        flash(_(str(exc)), "error")
        return redirect(_back(url_for("office.dashboard_page"))), 303
    db().commit()
    flash(_("Decision recorded for %(n)d comments.", n=len(written)), "ok")
    if kept:
        flash(_("%(n)d members already decided kept their decision.", n=len(kept)), "ok")
    if withdrawn:
        flash(_("%(n)d members belong to withdrawn submissions and were left undecided: %(ids)s.",
                n=len(withdrawn), ids="、".join(f"#{c}" for c in withdrawn)), "error")
    if locked:
        flash(_("%(n)d ticked members have an approved decision, which only an administrator changes: they kept "
                "it (%(ids)s).", n=len(locked), ids="、".join(f"#{c}" for c in locked)), "error")
    return redirect(_back(url_for("office.dashboard_page"))), 303


@bp.post("/group/<dbid:group_id>/split")
@multi_valued("member")
@require("editor")
def group_split(group_id):
    svc = services()
    try:
        new_id = duplicates.split(db(), group_id, _ids("member"), actor=current_account().username, now=svc.now())
    except duplicates.GroupEditRefused:
        db().rollback()
        flash(_("Choose some, not all, of the group's members."), "error")
        return redirect(url_for("office.group_page", group_id=group_id)), 303
    db().commit()
    if new_id:
        flash(_("The chosen members now form group %(id)d.", id=new_id), "ok")
    else:
        flash(_("The comment was taken out of the group."), "ok")
    group = db().get(DuplicateGroup, group_id)
    if group is not None and group.dissolved_at is None:
        return redirect(url_for("office.group_page", group_id=group_id)), 303
    return redirect(url_for("office.group_page", group_id=new_id) if new_id else url_for("office.dashboard_page")), 303


@bp.post("/group/<dbid:group_id>/representative")
@require("editor")
def group_representative(group_id):
    try:
        duplicates.set_representative(db(), group_id, form_id("comment_id") or 0,
                                      actor=current_account().username, now=services().now())
    except duplicates.GroupEditRefused:
        db().rollback()
        abort(400)
    db().commit()
    flash(_("The representative text was changed."), "ok")
    return redirect(url_for("office.group_page", group_id=group_id)), 303


@bp.post("/regroup")
@require("editor")
def regroup_action():
    refuse_query()
    svc = services()
    raw = (request.form.get("threshold") or "").strip()  # blank or absent: the stored threshold
    actor = current_account().username
    with duplicates.one_regrouping(db(), svc.consultation.id):  # the threshold's write included
        try:
            if raw:
                # Read by the rule for numbers typed on a form (fields.typed_number: full-width digits as
                # ASCII; no "+", underscores or exponent, which float() took: attack round 12, F3) and
                # compared exactly, not as a float. Not a number ("abc") is refused like a number out of
                # range, with the same words: read as "no threshold" it regrouped with the stored one and
                # said it had succeeded (attack round 10, F11).
                duplicates.set_threshold(db(), svc.consultation.id, fields.typed_number(raw), actor=actor)
        except ValueError as exc:
            db().rollback()
            message = getattr(exc, "message", None)  # NotANumber: digits of another script ("٠.٥")
            flash(_(message) if message else _("The threshold must lie between 0.3 and 1.0."), "error")
            return redirect(url_for("office.dashboard_page")), 303
        groups = duplicates.regroup(db(), svc.consultation.id, actor=actor, now=svc.now())
        db().commit()
    flash(_("%(n)d groups of similar comments.", n=len(groups)), "ok")
    return redirect(url_for("office.dashboard_page")), 303


@bp.get("/review")
@require("viewer")
def review_page():
    svc = services()
    items = review.proposed(db(), svc.consultation.id)
    comments = {c.id: c for c in db().scalars(select(Comment).where(Comment.id.in_([d.comment_id for d in items]
                                                                                   or [-1])))}
    return render_template("office/review.html", items=items, comments=comments,
                           self_approval=review.self_approval_allowed(db(), svc.consultation.id))


@bp.post("/review")
@multi_valued("comment_id")
@require("admin")
def review_action():
    svc = services()
    if "self_approval" in request.form:
        review.set_self_approval(db(), svc.consultation.id, request.form["self_approval"] == "1",
                                 actor=current_account().username, now=svc.now())
        db().commit()
        return redirect(url_for("office.review_page")), 303
    try:
        ids = _ids("comment_id")
        result = review.approve_as(db(), svc.consultation.id, ids, account=current_account(),
                                   now=svc.now(), expected=_expected(ids))
    except review.DecisionOnComments as exc:
        db().rollback()
        return refused_page(exc, _back(url_for("office.review_page")))
    except DecisionRefused as exc:
        db().rollback()
        flash(_(str(exc)), "error")
        return redirect(_back(url_for("office.review_page"))), 303
    db().commit()
    flash(_("%(n)d decisions approved.", n=len(result.approved)), "ok")
    if result.own:
        flash(_("%(n)d of them are your own proposals: another administrator approves those.", n=len(result.own)),
              "error")
    return redirect(_back(url_for("office.review_page"))), 303
