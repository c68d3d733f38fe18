"""Staff pages under /office: login, dashboard, findings, accounts, window, mail, audit log.

Decisions and groups: work.py; search, bulk decisions, notes: queue.py; publication and /summary:
publish_views.py; exports and the report: downloads.py.

Access: viewer reads (no personal data), editor decides and regroups, admin manages
accounts, the window, publication, and alone sees submitters' contact details.
"""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consultation.i18n import N_
from consultation.labels import OUTCOME_LABELS
from consultation.models import Submission
from consultation.office import accounts, audit, dashboard, duplicates
from consultation.office import publishing as publication
from consultation.office.models import OUTCOMES, ROLES, StaffAccount
from consultation.window import latest_last_day

from ..context import db, row_or_404, services
from ..params import BadParameter, int_arg, text
from .auth import current_account, private_page, require, second_factor_session, staff_globals
from . import sessions
from .chart import bars_svg

bp = Blueprint("office", __name__, url_prefix="/office")

SORTS = ("order", "raw", "merged")
WINDOW_STATUS = {"upcoming": N_("not open yet"), "open": N_("open"), "closed": N_("closed")}


@bp.context_processor
def _office_globals():
    return {**staff_globals(), "outcome_labels": OUTCOME_LABELS, "outcomes": OUTCOMES, "window_status": WINDOW_STATUS}


bp.after_request(private_page)


@bp.get("/")
@require("viewer")
def dashboard_page():
    svc = services()
    consultation = svc.consultation
    session_ = db()
    sort = request.args.get("sort", "order")
    sort = sort if sort in SORTS else "order"
    totals = dashboard.totals(session_, consultation.id)
    days = dashboard.per_day(session_, consultation)
    rows = dashboard.tree(consultation, dashboard.node_counts(session_, consultation.id))
    progress = dashboard.progress(session_, consultation.id)
    decided = sum(d for _n, d in progress.values())
    if sort != "order":
        rows = sorted((r for r in rows if r["raw"]), key=lambda r: -r[sort])
    return render_template("office/dashboard.html", totals=totals, rows=rows, sort=sort, progress=progress,
                           decided=decided, pending=totals["comments"] - decided,
                           chart=bars_svg(days, _("Submissions per day")), days=days,
                           window=svc.window(session_), published=publication.publication(session_, consultation.id),
                           threshold=duplicates.get_threshold(session_, consultation.id),
                           findings=len(consultation.findings))


@bp.get("/findings")
@require("viewer")
def findings_page():
    from ..i18n import current_locale

    c = services().consultation
    return render_template("office/findings.html", findings=c.findings, locale=current_locale())


@bp.get("/submission/<dbid:submission_id>")
@require("admin")
def submission_page(submission_id):
    sub = row_or_404(Submission, submission_id)
    return render_template("office/submission.html", sub=sub)


@bp.get("/admin/accounts")
@require("admin")
def accounts_page():
    accts = accounts.list_accounts(db())
    tokens = {a.id: accounts.tokens_of(db(), a.id) for a in accts}
    return render_template("office/accounts.html", accounts=accts, tokens=tokens, roles=ROLES,
                           new_token=request.args.get("new_token"))


@bp.post("/admin/accounts")
@require("admin")
def accounts_create():
    try:
        account = accounts.create_account(db(), request.form.get("username", "").strip(),
                                          request.form.get("password", ""), request.form.get("role", ""),
                                          actor=current_account().username)
    except accounts.AccountError as exc:
        db().rollback()
        flash(_(exc.message) % exc.params, "error")
    else:
        db().commit()
        flash(_("Account created."), "ok")
        if account.enrolment:  # a new admin: hand over the authenticator key and recovery codes once
            uri, codes = account.enrolment
            return render_template("office/recovery_codes.html", codes=codes, enrol_uri=uri, account=account,
                                   target=url_for("office.accounts_page"))
    return redirect(url_for("office.accounts_page")), 303


@bp.post("/admin/accounts/<dbid:account_id>")
@require("admin")
def accounts_update(account_id):
    """A new role and/or status, saved together or not at all: the last active administrator is neither
    demoted nor deactivated (accounts.update_account says why), and an administrator never deactivates
    their own account here. A deactivated account's API tokens are revoked and its sessions end."""
    target = row_or_404(StaffAccount, account_id)
    actor = current_account()
    role = request.form.get("role") if request.form.get("role") in ROLES else None
    active = request.form["active"] == "1" if "active" in request.form else None
    if target.id == actor.id and active is False and target.active:
        flash(_("You cannot deactivate your own account; another administrator can."), "error")
        return redirect(url_for("office.accounts_page")), 303
    try:
        accounts.update_account(db(), target, role=role, active=active, actor=actor.username, now=services().now())
    except accounts.AccountError as exc:
        db().rollback()
        flash(_(exc.message) % exc.params, "error")
    else:
        if active is False:  # its sessions end as its tokens did: re-activation revives neither
            sessions.end_all(services().keys, target.id)
    return redirect(url_for("office.accounts_page")), 303


@bp.post("/admin/accounts/<dbid:account_id>/tokens")
@require("admin")
def token_issue(account_id):
    target = row_or_404(StaffAccount, account_id)
    if not second_factor_session():  # admins' tokens only from a session signed in with the second factor
        abort(403)
    secret = accounts.issue_token(db(), target, text(request.form.get("label"), "label", 100),
                                  actor=current_account().username)
    db().commit()
    return render_template("office/token.html", secret=secret, account=target)


@bp.post("/admin/tokens/<dbid:token_id>/revoke")
@require("admin")
def token_revoke(token_id):
    accounts.revoke_token(db(), token_id, services().now(), actor=current_account().username)
    db().commit()
    return redirect(url_for("office.accounts_page")), 303


@bp.route("/admin/window", methods=["GET", "POST"])
@require("admin")
def window_page():
    svc = services()
    error = None
    if request.method == "POST":
        try:
            closes_on = dt.date.fromisoformat(request.form.get("closes_on", ""))
            publication.extend_window(db(), svc.consultation, closes_on, request.form.get("reason", ""),
                                      actor=current_account().username, now=svc.now())
        except publication.WindowTooLate as exc:
            db().rollback()
            error = _(publication.MSG_TOO_LATE, latest=exc.latest.isoformat())
        except ValueError:
            db().rollback()
            error = _("Give a new last day after the current one, and the reason.")
        else:
            db().commit()
            flash(_("The window was extended."), "ok")
            return redirect(url_for("office.window_page")), 303
    return render_template("office/window.html", window=svc.window(db()), error=error,
                           latest=latest_last_day(svc.consultation)), 400 if error else 200


@bp.get("/admin/audit")
@require("admin")
def audit_page():
    filters = {k: (request.args.get(k) or "").strip() or None for k in ("action", "actor", "target")}
    actors = audit.actors(db())
    # An action or a person the page's selects do not offer is a 400 naming it: it matched nothing and
    # showed an empty log without a word (attack round 11 re-test, N6).
    for name, options in (("action", audit.ACTION_LABELS), ("actor", actors)):
        if filters[name] is not None and filters[name] not in options:
            raise BadParameter(name)
    page = int_arg("page", 1)
    rows, total = audit.page_of(db(), page, **filters)
    return render_template("office/audit.html", entries=rows, total=total, page=page, filters=filters,
                           pages=max(1, -(-total // audit.PAGE_SIZE)), action_labels=audit.ACTION_LABELS,
                           actors=actors, filter_args={k: v for k, v in filters.items() if v})


@bp.get("/admin/mail")
@require("admin")
def mail_page():
    from consultation.mail.worker import failures

    return render_template("office/mail.html", failed=failures(db()))


@bp.post("/admin/mail/<dbid:outbox_id>/resend")
@require("admin")
def mail_resend(outbox_id):
    from consultation.mail.worker import resend

    audit.record(db(), current_account().username, "mail.resend", f"outbox:{outbox_id}", None, None)
    db().commit()
    if resend(db(), outbox_id):
        flash(_("The message will be sent again."), "ok")
    else:
        flash(_("This message cannot be sent again."), "error")
    return redirect(url_for("office.mail_page")), 303


# The decision, group and publication pages live in their own modules, on this blueprint.
from . import downloads, publish_views, queue, signin, work  # noqa: F401
