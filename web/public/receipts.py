"""The private receipt link: what was sent, what happens next, and changing or withdrawing it.

Changing and withdrawing are the domain's (consultation.amendments): they keep the reference, need
the window open and are visible to the office. The link's token is the key; the pages are not cached
or indexed.
"""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consultation import amendments
from consultation.models import COMMENT_KINDS
from consultation.submissions import LIMITS, ValidationFailed, WindowClosed, lookup

from ..context import db, services
from . import forms
from .views import bp

PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _submission(reference):
    svc = services()
    submission = lookup(db(), reference, request.args.get("token", ""), svc.settings.secret_key)
    if submission is None:
        abort(404)
    return submission


@bp.get("/receipt/<reference>")
def receipt(reference):
    from ..office.publish_views import receipt_decisions  # the office module imports this blueprint's package

    svc = services()
    submission = _submission(reference)
    window = svc.window(db())
    body = render_template(
        "public/receipt.html", submission=submission, new=request.args.get("new") == "1",
        done=request.args.get("done", ""), token=request.args.get("token", ""), window=window,
        changeable=amendments.changeable(db(), svc.consultation, submission, svc.now()),
        decisions=receipt_decisions(submission.id))
    return body, 200, PRIVATE


def _render_amend(submission, values, errors=(), status=200):
    return render_template("public/amend.html", submission=submission, values=values, token=request.args.get("token", ""),
                           errors=forms.error_map(errors, _), kinds=COMMENT_KINDS, limits=LIMITS), status, PRIVATE


@bp.route("/receipt/<reference>/change", methods=["GET", "POST"])
def amend(reference):
    svc = services()
    submission = _submission(reference)
    token = request.args.get("token", "")
    if request.method == "GET":
        if not amendments.changeable(db(), svc.consultation, submission, svc.now()):
            return redirect(url_for("public.receipt", reference=submission.reference, token=token))
        values = [{"kind": c.kind, "proposal": c.proposal, "reason": c.reason,
                   "proposed_points": "" if c.proposed_points is None else str(c.proposed_points)}
                  for c in submission.comments]
        return _render_amend(submission, values)
    values = [{key: request.form.get(f"comments-{i}-{key}", "") for key in amendments.EDITABLE}
              for i in range(len(submission.comments))]
    try:
        amendments.amend(db(), svc.consultation, submission, values, svc.now())
    except WindowClosed as exc:
        return render_template("public/closed.html", window=exc.state, attempted=True), 403, PRIVATE
    except ValidationFailed as exc:
        db().rollback()
        return _render_amend(submission, values, exc.errors, 422)
    return redirect(url_for("public.receipt", reference=submission.reference, token=token, done="amended"))


@bp.route("/receipt/<reference>/withdraw", methods=["GET", "POST"])
def withdraw(reference):
    svc = services()
    submission = _submission(reference)
    token = request.args.get("token", "")
    if not amendments.changeable(db(), svc.consultation, submission, svc.now()):
        if request.method == "POST" and submission.withdrawn_at is None:
            return render_template("public/closed.html", window=svc.window(db()), attempted=True), 403, PRIVATE
        return redirect(url_for("public.receipt", reference=submission.reference, token=token))
    if request.method == "GET":
        return render_template("public/withdraw.html", submission=submission, token=token), 200, PRIVATE
    amendments.withdraw(db(), svc.consultation, submission, svc.now())
    return redirect(url_for("public.receipt", reference=submission.reference, token=token, done="withdrawn"))
