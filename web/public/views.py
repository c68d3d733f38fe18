"""Public pages: home, the draft reader, privacy, the language and 长辈版 switches, error pages.

The feedback form's steps are in feedback.py, receipts (amend, withdraw) in receipts.py and the
documents to download in downloads.py, all on this blueprint.
"""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import func, select

from consultation.amendments import comment_considered
from consultation.models import Comment

from .. import cookies, errors
from ..context import db, services
from ..i18n import COOKIE
from ..redirects import safe_target

bp = Blueprint("public", __name__)
CARE_COOKIE = "care"  # 长辈版: larger text, 7:1 contrast, one column (web/static/css/site.css, html.care)


@bp.app_context_processor
def _display_settings():
    return {"care_mode": request.cookies.get(CARE_COOKIE) == "1"}


def local_target(default: str) -> str:
    """The ?next= page to go back to, only when it is a path on this site (web/redirects.py)."""
    return safe_target(request.args.get("next"), default)


def comment_counts() -> dict[str, int]:
    svc = services()
    if not svc.settings.public_counts:
        return {}
    rows = db().execute(select(Comment.target_ref, func.count())
                        .where(Comment.consultation_id == svc.consultation.id, comment_considered())
                        .group_by(Comment.target_ref))
    return dict(rows.all())


@bp.get("/")
def home():
    svc = services()
    return render_template("public/home.html", window=svc.window(db()))


@bp.get("/draft")
def draft():
    from .downloads import size_label
    from .feedback import basket

    return render_template("public/draft.html", counts=comment_counts(), window=services().window(db()),
                           basket=[c["target"] for c in basket() if c["target"]],
                           sizes={kind: size_label(kind) for kind in ("draft", "form")})


@bp.get("/privacy")
def privacy():
    from consultation import privacy as policy

    return render_template("public/privacy.html", policy=policy)


@bp.get("/lang/<code>")
def set_language(code):
    from consultation.i18n import normalise_locale

    response = redirect(local_target(url_for("public.home")))
    cookies.set_cookie(response, COOKIE, normalise_locale(code), 365 * 24 * 3600, httponly=False)
    return response


@bp.get("/care")
def set_care():
    """Turn 长辈版 on (?on=1) or off; remembered for a year, works without JavaScript."""
    response = redirect(local_target(url_for("public.home")))
    if request.args.get("on") == "1":
        cookies.set_cookie(response, CARE_COOKIE, "1", 365 * 24 * 3600)
    else:
        cookies.delete_cookie(response, CARE_COOKIE)
    return response


@bp.app_errorhandler(CSRFError)
def csrf_error(exc):
    return render_template("public/error.html", title=_("Your form expired"),
                           message=_("The form could not be checked (its security token was missing or wrong). "
                                     "Nothing was saved. Go back, reload the page and send it again.")), 400


@bp.app_errorhandler(404)
def not_found(exc):
    return errors.answer(404, "not_found", _("Page not found"), _("There is nothing at this address."),
                         api_message=_("Not found."))


@bp.app_errorhandler(408)
def too_slow(exc):
    return errors.answer(408, "request_timeout", _("Too slow"),
                         _("The request did not arrive in time. Nothing was saved. Please send it again."),
                         api_message=_("The request body did not arrive in time."))


@bp.app_errorhandler(413)
def too_large(exc):
    return errors.answer(413, "too_large", _("Too large"), _("The request is too large. Nothing was saved."),
                         api_message=_("The request is too large."))


from . import downloads, feedback, receipts  # noqa: F401 - their routes are on this blueprint
