"""Public pages: home, the draft reader, the feedback form, receipts, privacy."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import func, select

from consultation.models import CATEGORIES, COMMENT_KINDS, Comment
from consultation.submissions import LIMITS, ValidationFailed, WindowClosed, lookup, submit

from ..context import db, services
from ..i18n import COOKIE, current_locale
from . import forms
from ..office.views import receipt_decisions

bp = Blueprint("public", __name__)


def comment_counts() -> dict[str, int]:
    svc = services()
    if not svc.settings.public_counts:
        return {}
    rows = db().execute(select(Comment.target_ref, func.count()).where(
        Comment.consultation_id == svc.consultation.id).group_by(Comment.target_ref))
    return dict(rows.all())


@bp.get("/")
def home():
    svc = services()
    return render_template("public/home.html", window=svc.window(db()))


@bp.get("/draft")
def draft():
    return render_template("public/draft.html", counts=comment_counts())


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


@bp.get("/lang/<code>")
def set_language(code):
    from consultation.i18n import normalise_locale

    target = request.args.get("next") or url_for("public.home")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("public.home")
    response = redirect(target)
    response.set_cookie(COOKIE, normalise_locale(code), max_age=365 * 24 * 3600, samesite="Lax")
    return response


def _render_form(comments, submitter, consent, errors=(), status=200):
    svc = services()
    error_map = {forms.field_id(e.field): _(e.message) % e.params if e.params else _(e.message) for e in errors}
    return render_template(
        "public/feedback.html", comments=comments, submitter=submitter, consent=consent,
        errors=error_map, kinds=COMMENT_KINDS, categories=CATEGORIES, window=svc.window(db()),
        target_options=forms.target_options(svc.consultation, current_locale()), limits=LIMITS,
    ), status, {"Cache-Control": "no-store"}  # it shows what was typed: the name, the phone


@bp.route("/feedback", methods=["GET", "POST"])
def feedback():
    svc = services()
    window = svc.window(db())
    if request.method == "GET":
        target = request.args.get("target", "")
        if target not in svc.consultation.nodes or not svc.consultation.nodes[target].commentable:
            target = ""
        if not window.is_open:
            return render_template("public/closed.html", window=window), 200
        return _render_form([forms.blank_comment(target)], {}, False)

    payload = forms.payload_from_form(request.form)
    action = request.form.get("action", "submit")
    if action == "add" and len(payload["comments"]) < 50:
        payload["comments"].append(forms.blank_comment())
        return _render_form(payload["comments"], payload["submitter"], payload["consent"])
    if action.startswith("remove-") and len(payload["comments"]) > 1:
        index = int(action.split("-", 1)[1]) if action.split("-", 1)[1].isdigit() else -1
        if 0 <= index < len(payload["comments"]):
            del payload["comments"][index]
        return _render_form(payload["comments"], payload["submitter"], payload["consent"])
    try:
        receipt = submit(svc.engine, svc.consultation, payload, channel="web", locale=current_locale(),
                         now=svc.now(), secret_key=svc.settings.secret_key,
                         office_mailbox=svc.office_mailbox)
    except WindowClosed as exc:
        return render_template("public/closed.html", window=exc.state), 403
    except ValidationFailed as exc:
        return _render_form(payload["comments"], payload["submitter"], payload["consent"], exc.errors, 422)
    return redirect(url_for("public.receipt", reference=receipt.reference, token=receipt.token, new=1))


@bp.get("/receipt/<reference>")
def receipt(reference):
    svc = services()
    submission = lookup(db(), reference, request.args.get("token", ""), svc.settings.secret_key)
    if submission is None:
        abort(404)
    response = render_template("public/receipt.html", submission=submission, new=request.args.get("new") == "1",
                               token=request.args.get("token", ""), decisions=receipt_decisions(submission.id))
    return response, 200, {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


@bp.app_errorhandler(CSRFError)
def csrf_error(exc):
    return render_template("public/error.html", title=_("Your form expired"),
                           message=_("The form could not be checked (its security token was missing or wrong). "
                                     "Nothing was saved. Go back, reload the page and send it again.")), 400


@bp.app_errorhandler(404)
def not_found(exc):
    if request.path.startswith("/api/"):
        return {"error": "not_found", "message": _("Not found.")}, 404
    return render_template("public/error.html", title=_("Page not found"),
                           message=_("There is nothing at this address.")), 404


@bp.app_errorhandler(413)
def too_large(exc):
    if request.path.startswith("/api/"):
        return {"error": "too_large", "message": _("The request is too large.")}, 413
    return render_template("public/error.html", title=_("Too large"),
                           message=_("The request is too large. Nothing was saved.")), 413
