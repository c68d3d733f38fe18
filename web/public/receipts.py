"""The private receipt link: what was sent, what happens next, and changing or withdrawing it.

Changing and withdrawing are the domain's (consultation.amendments): they keep the reference, need
the window open and are visible to the office. The link's token is the key; the pages are not cached
or indexed.
"""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from consultation import amendments, checked, drafts
from consultation.intake.payload import LIMITS, MSG_TOO_MANY
from consultation.models import COMMENT_KINDS
from consultation.submissions import MAX_COMMENTS, FieldError, ValidationFailed, WindowClosed, lookup

from .. import limits
from ..params import BadParameter
from ..context import db, services
from ..i18n import current_locale
from . import forms
from .views import bp

PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _submission(reference):
    svc = services()
    submission = lookup(db(), reference, request.args.get("token", ""), svc.settings.secret_key)
    if submission is None:
        abort(404)
    limits.found()  # the link's owner: not a miss (RATE_LIMIT_RECEIPT_MISS)
    return submission


@bp.get("/receipt/<reference>")
def receipt(reference):
    from ..office.publish_views import receipt_publication  # the office module imports this blueprint's package

    svc = services()
    submission = _submission(reference)
    window = svc.window(db())
    body = render_template(
        "public/receipt.html", submission=submission, new=request.args.get("new") == "1",
        done=request.args.get("done", ""), token=request.args.get("token", ""), window=window,
        changeable=amendments.changeable(db(), svc.consultation, submission, svc.now()),
        decisions=receipt_publication(submission.id),
        # The address this person is using (X-Forwarded-Host only with TRUST_PROXY, web/__init__.py);
        # BASE_URL is for links that leave the request: mail and the bots (svc.receipt_url).
        private_url=url_for("public.receipt", reference=submission.reference,
                            token=request.args.get("token", ""), _external=True))
    return body, 200, PRIVATE


def _amend_values(submission) -> list[dict]:
    return [{"id": str(c.id), "target": c.target_ref, "kind": c.kind, "proposal": c.proposal, "reason": c.reason,
             "proposed_points": "" if c.proposed_points is None else str(c.proposed_points)}
            for c in submission.comments]


def _render_amend(submission, comments, errors=(), status=200):
    svc = services()
    return render_template(
        "public/amend.html", submission=submission, comments=comments, token=request.args.get("token", ""),
        errors=forms.error_map(errors, _), kinds=COMMENT_KINDS, limits=LIMITS, max_comments=MAX_COMMENTS,
        target_options=forms.target_options(svc.consultation, current_locale())), status, PRIVATE


def _closed_now(window):
    return render_template("public/closed.html", window=window, attempted=True), 403, PRIVATE


def _checked_answers(submission, comments) -> dict:
    """What the change page's check step shows: the answers and the stored feedback they are compared with
    (the "Changed" tags, the comments removed), for its digest (consultation.checked)."""
    return {"comments": comments, "stored": _amend_values(submission)}


def _render_amend_check(submission, comments, errors=(), status=200):
    svc = services()
    kept = {c.get("id") for c in comments}
    removed = [c for c in submission.comments if str(c.id) not in kept]
    try:
        changed = amendments.changed_comments(svc.consultation, submission, comments)
        unsaved = amendments.differs(svc.consultation, submission, comments)
    except ValidationFailed as exc:  # comment_errors passed, so only a rule checked when stored
        return _render_amend(submission, comments, exc.errors, 422)
    return render_template(
        "public/amend_check.html", submission=submission, comments=comments, removed=removed,
        token=request.args.get("token", ""), unsaved=unsaved, changed=changed, errors=forms.error_map(errors, _),
        checked=checked.digest(_checked_answers(submission, comments), svc.settings.secret_key)), status, PRIVATE


def _bad_id(exc: amendments.UnknownComment) -> BadParameter:
    """The 400 naming the row's id field as the form named it (its index as sent)."""
    indices = forms.comment_indices(request.form)
    index = indices[exc.index] if exc.index < len(indices) else exc.index
    return BadParameter(f"comments-{index}-id", amendments.MSG_UNKNOWN_COMMENT)


def _check_ids(submission, comments) -> None:
    """Every POST of the change page (add, remove, continue, confirm): each comments-N-id must be one the
    page wrote, one of this submission's comments named once (amendments.own_ids), else a 400 and nothing
    changed; a blank id is a new comment."""
    try:
        amendments.own_ids(submission, comments)
    except amendments.UnknownComment as exc:
        raise _bad_id(exc) from None


@bp.route("/receipt/<reference>/change", methods=["GET", "POST"])
def amend(reference):
    """A full edit of the comments, then a check-your-answers page, then the change is stored.

    Nothing is kept on the server between these pages: the answers travel in the form (the change
    page's "Change" controls are buttons carrying them), and only the confirmation stores them, by
    the form's own rules (consultation.amendments.amend), and only while the stored feedback is still the
    one the check step compared them with (its digest: another tab may have saved a change meanwhile).
    """
    svc = services()
    submission = _submission(reference)
    token = request.args.get("token", "")
    if not amendments.changeable(db(), svc.consultation, submission, svc.now()):
        if request.method == "POST" and submission.withdrawn_at is None:
            return _closed_now(svc.window(db()))
        return redirect(url_for("public.receipt", reference=submission.reference, token=token, done="closed"))
    if request.method == "GET":
        return _render_amend(submission, _amend_values(submission))
    comments = forms.comments_from_form(request.form, with_ids=True)
    _check_ids(submission, comments)
    if len(comments) > MAX_COMMENTS:  # refused with an error, never silently cut to the maximum
        return _render_amend(submission, comments, [FieldError("comments", MSG_TOO_MANY, {"max": MAX_COMMENTS})], 422)
    action = request.form.get("action", "continue")
    if action == "add" and len(comments) >= MAX_COMMENTS:  # the button of a page shown before they filled up
        return _render_amend(submission, comments, [drafts.no_more_error()], 422)
    if action == "add":
        comments.append(drafts.blank_comment())
    elif action.startswith("remove-") and action[7:].isdigit() and len(comments) > 1:
        index = int(action[7:])
        if index < len(comments):
            del comments[index]
    if action not in ("continue", "confirm"):  # add, remove, show the text, or back from the check page
        return _render_amend(submission, comments)
    errors = drafts.comment_errors([forms.without_id(c) for c in comments], svc.consultation)
    if errors:
        return _render_amend(submission, comments, errors, 422)
    if action == "continue":
        return _render_amend_check(submission, comments)
    shown = request.form.get("checked")

    def still_checked(held) -> bool:
        """As checked, or already stored just so (a double click on "save": nothing to change, nothing to say)."""
        return (checked.unchanged(shown, _checked_answers(held, comments), svc.settings.secret_key)
                or not amendments.differs(svc.consultation, held, comments))

    try:
        changed = amendments.amend(db(), svc.consultation, submission, comments, svc.now(),
                                   office_mailbox=svc.office_mailbox, still_checked=still_checked)
    except WindowClosed as exc:
        return _closed_now(exc.state)
    except amendments.UnknownComment as exc:  # replaced by another tab after this request read it
        db().rollback()
        raise _bad_id(exc) from None
    except amendments.AnswersChanged:  # saved from another tab since this check: shown again against it
        db().rollback()
        return _render_amend_check(submission, amendments.without_gone(submission, comments),
                                   [FieldError("answers", checked.MSG_CHANGED_SAVED)], 409)
    except ValidationFailed as exc:
        db().rollback()
        return _render_amend(submission, comments, exc.errors, 422)
    return redirect(url_for("public.receipt", reference=submission.reference, token=token,
                            done="amended" if changed else "unchanged"))


@bp.route("/receipt/<reference>/withdraw", methods=["GET", "POST"])
def withdraw(reference):
    svc = services()
    submission = _submission(reference)
    token = request.args.get("token", "")
    if not amendments.changeable(db(), svc.consultation, submission, svc.now()):
        if request.method == "POST" and submission.withdrawn_at is None:
            return render_template("public/closed.html", window=svc.window(db()), attempted=True), 403, PRIVATE
        return redirect(url_for("public.receipt", reference=submission.reference, token=token, done="closed"))
    if request.method == "GET":
        return render_template("public/withdraw.html", submission=submission, token=token), 200, PRIVATE
    amendments.withdraw(db(), svc.consultation, submission, svc.now(), office_mailbox=svc.office_mailbox)
    return redirect(url_for("public.receipt", reference=submission.reference, token=token, done="withdrawn"))
