"""The feedback form in three steps (GOV.UK question pages), all working without JavaScript.

1. /feedback: the comments (the "basket"). Each 对此提意见 link in the draft adds its part here;
   comments in progress are kept server-side by consultation.drafts under a random id in a cookie,
   with no personal data, so the basket survives moving between the draft and the form.
2. /feedback/about-you: who is sending it and the consent, on the same page, asked last.
3. /feedback/check: every answer with a change link; nothing is stored before "Confirm and send", and then
   only the answers the page showed (its digest, consultation.checked: another tab may have changed them).

Until the confirmation the "about you" details are not stored anywhere on the server: they ride in a
cookie encrypted with the app's secret (Fernet), which expires after DETAILS_MAX_AGE and is deleted
once the submission is stored. The rules are the domain's (submissions.validate and submit).
"""
from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from flask import make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consultation import checked, drafts, privacy
from consultation.clock import utcnow
from consultation.intake.payload import LIMITS, MSG_TOO_MANY
from consultation.models import CATEGORIES, COMMENT_KINDS, FeedbackDraft
from consultation.submissions import MAX_COMMENTS, FieldError, ValidationFailed, WindowClosed, submit, validate

from .. import cookies, limits
from ..context import db, services
from ..i18n import current_locale
from . import forms
from .views import bp

DRAFT_COOKIE = "feedback_draft"
DETAILS_COOKIE = "feedback_details"
DETAILS_MAX_AGE = privacy.DETAILS_HOURS * 3600  # seconds, real clock
NO_STORE = {"Cache-Control": "no-store"}  # pages that show the name, phone or email typed
STEPS = (_l("Your comments"), _l("About you"), _l("Check your answers"))


# The draft cookie holds either a stored draft's id or, before anything is typed, the parts followed from the
# draft ("parts:art-3|annex-1/16"): a link followed without a draft writes no row (any page could embed it as
# an image and make each visitor's browser store one); the first step posted stores the draft.
PARTS = "parts:"


def current_draft() -> FeedbackDraft | None:
    value = request.cookies.get(DRAFT_COOKIE)
    if value and value.startswith(PARTS):
        return None
    return drafts.load(db(), value, services().consultation, utcnow())


def _parts() -> list[dict]:
    """The parts kept in the cookie before a draft is stored, as blank comments (unknown ones dropped)."""
    value = request.cookies.get(DRAFT_COOKIE) or ""
    if not value.startswith(PARTS):
        return []
    nodes = services().consultation.nodes
    targets = dict.fromkeys(value[len(PARTS):].split("|")[:MAX_COMMENTS])
    return [drafts.blank_comment(t) for t in targets if t in nodes and nodes[t].commentable]


def basket() -> list[dict]:
    """The comments in progress: the stored draft's, or the parts kept in the cookie (none: [])."""
    draft = current_draft()
    return list(draft.comments) if draft is not None else _parts()


def _cookie_args() -> dict:
    return cookies.flags()


def _remember(response, draft: FeedbackDraft):
    response.set_cookie(DRAFT_COOKIE, draft.id, max_age=drafts.DRAFT_DAYS * 24 * 3600, **_cookie_args())
    return response


def _fernet() -> Fernet:
    key = hashlib.sha256(b"feedback-details:" + services().settings.secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def details_from_cookie() -> dict | None:
    token = request.cookies.get(DETAILS_COOKIE)
    if not token:
        return None
    try:
        data = json.loads(_fernet().decrypt(token.encode(), ttl=DETAILS_MAX_AGE))
    except (InvalidToken, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("submitter"), dict) else None


def _closed(window, status=200, attempted=False):
    return render_template("public/closed.html", window=window, attempted=attempted), status


def _step(n: int) -> dict:
    return {"step": n, "steps": STEPS}


# --- step 1: the comments -----------------------------------------------------------------------------------

def _render_comments(comments, errors=(), status=200):
    svc = services()
    return render_template(
        "public/feedback.html", comments=comments, errors=forms.error_map(errors, _),
        kinds=COMMENT_KINDS, window=svc.window(db()), limits=LIMITS, max_comments=MAX_COMMENTS,
        target_options=forms.target_options(svc.consultation, current_locale()), from_check=_from_check(),
        **_step(1)), status


def _from_check() -> bool:
    """Reached through a "Change" link of the check page: "Continue" goes straight back there (GOV.UK
    check-answers pattern), once the about-you step has been answered."""
    return (request.values.get("from") == "check") and details_from_cookie() is not None


@bp.get("/feedback")
def feedback():
    svc = services()
    window = svc.window(db())
    if not window.is_open:
        return _closed(window)
    draft = current_draft()
    comments = list(draft.comments) if draft is not None else _parts()
    target = request.args.get("target", "")
    if target:
        if target not in svc.consultation.nodes or not svc.consultation.nodes[target].commentable:
            return _render_comments(comments or [drafts.blank_comment()])
        try:
            if draft is not None:
                draft, index = drafts.add_target(db(), draft, svc.consultation, target, utcnow())
            else:  # no draft stored: the parts stay in the cookie until a step is posted
                comments, index = drafts.with_target(comments, svc.consultation, target)
        except drafts.BasketFull:
            # To the form, which says why (below); the basket is as it was. A redirect, so that the
            # address shown is the form's and reloading it does not try the part again.
            return redirect(url_for("public.feedback", full=1) + "#error-summary")
        response = redirect(url_for("public.feedback") + f"#comments-{index}")
        if draft is not None:
            return _remember(response, draft)
        response.set_cookie(DRAFT_COOKIE, PARTS + "|".join(c["target"] for c in comments),
                            max_age=drafts.DRAFT_DAYS * 24 * 3600, **_cookie_args())
        return response
    # ?full=1: a part followed from the draft was not added (add_target). Said only while it still holds:
    # once a comment is removed (in another tab, say) the page has nothing to complain about.
    full = draft is not None and drafts.is_full(draft) or draft is None and len(comments) >= MAX_COMMENTS
    errors = drafts.BasketFull().errors if request.args.get("full") and full else ()
    return _render_comments(comments or [drafts.blank_comment()], errors)


@bp.post("/feedback")
def feedback_post():
    svc = services()
    window = svc.window(db())
    if not window.is_open:
        return _closed(window, 403, attempted=True)
    comments = forms.comments_from_form(request.form)
    if len(comments) > MAX_COMMENTS:  # refused with an error, never silently cut to the maximum
        return _render_comments(comments, [FieldError("comments", MSG_TOO_MANY, {"max": MAX_COMMENTS})], 422)
    action = request.form.get("action", "continue")
    anchor = ""
    no_more = action == "add" and len(comments) >= MAX_COMMENTS  # the button of a page shown before they filled up
    if action == "add" and not no_more:
        comments.append(drafts.blank_comment())
        anchor = f"#comments-{len(comments) - 1}-target"
    elif action.startswith("remove-") and action[7:].isdigit() and len(comments) > 1:
        index = int(action[7:])
        if index < len(comments):
            del comments[index]
    elif action.startswith("show-") and action[5:].isdigit():
        anchor = f"#comments-{action[5:]}"
    draft = current_draft()
    # A new draft is counted against its client address (drafts.DRAFTS_PER_CLIENT); a browser's own is reused.
    client = None if draft is not None else drafts.client_key(request.remote_addr, svc.settings.secret_key)
    try:  # the first step posted stores the draft (until then only the parts followed are in the cookie)
        draft = drafts.save(db(), draft, svc.consultation, comments, utcnow(), client=client)
    except drafts.DraftTooLarge as exc:  # nothing kept of this step: said, with the comments as typed
        return _render_comments(comments, exc.errors, 422)
    if no_more:  # said, with the comments as typed (kept)
        return _remember(make_response(*_render_comments(list(draft.comments), [drafts.no_more_error()], 422)), draft)
    if action == "keep":  # the page is being left by a link: the text typed so far is kept (site.js)
        return _remember(make_response("", 204), draft)
    if action == "pick":
        return _remember(redirect(url_for("public.draft") + "#contents"), draft)
    if action == "continue":
        errors = drafts.comment_errors(draft.comments, svc.consultation)
        if errors:
            return _remember(make_response(*_render_comments(list(draft.comments), errors, 422)), draft)
        return _remember(redirect(url_for("public.check_answers" if _from_check() else "public.about_you")), draft)
    back = {"from": "check"} if _from_check() else {}
    return _remember(redirect(url_for("public.feedback", **back) + anchor), draft)


# --- step 2: about you and consent ------------------------------------------------------------------------

def _comments_ready(draft) -> bool:
    return draft is not None and not drafts.comment_errors(draft.comments, services().consultation)


def _later_step():
    """(the draft, None) for steps 2 and 3; (None, the answer) when the window is closed or no comment is ready."""
    window = services().window(db())
    if not window.is_open:
        return None, _closed(window, 403 if request.method == "POST" else 200, attempted=request.method == "POST")
    draft = current_draft()
    if not _comments_ready(draft):
        return None, redirect(url_for("public.feedback"))
    return draft, None


def _render_about_you(values, errors=(), status=200):
    return render_template("public/about_you.html", submitter=values.get("submitter", {}),
                           consent=values.get("consent", False), errors=forms.error_map(errors, _),
                           categories=CATEGORIES, limits=LIMITS, **_step(2)), status, NO_STORE


@bp.route("/feedback/about-you", methods=["GET", "POST"])
def about_you():
    svc = services()
    draft, refused = _later_step()
    if refused is not None:
        return refused
    if request.method == "GET":
        return _render_about_you(details_from_cookie() or {})
    values = forms.submitter_from_form(request.form)
    try:
        validate({"comments": draft.comments, **values}, svc.consultation)
    except ValidationFailed as exc:
        return _render_about_you(values, exc.errors, 422)
    response = redirect(url_for("public.check_answers"))
    token = _fernet().encrypt(json.dumps(values, ensure_ascii=False).encode()).decode()
    response.set_cookie(DETAILS_COOKIE, token, max_age=DETAILS_MAX_AGE, **_cookie_args())
    return response


# --- step 3: check your answers, then store -------------------------------------------------------------------

def _render_check(payload: dict, errors=(), status=200):
    """The check page; its confirm carries the digest of exactly these answers (consultation.checked)."""
    return render_template("public/check_answers.html", comments=payload["comments"], submitter=payload["submitter"],
                           consent=payload["consent"], errors=forms.error_map(errors, _),
                           checked=checked.digest(payload, services().settings.secret_key), **_step(3)), status, NO_STORE


@bp.route("/feedback/check", methods=["GET", "POST"])
def check_answers():
    svc = services()
    draft, refused = _later_step()
    if refused is not None:
        return refused
    details = details_from_cookie()
    if details is None:
        return redirect(url_for("public.about_you"))
    payload = {"comments": draft.comments, "submitter": details["submitter"], "consent": details.get("consent") is True}
    if request.method == "GET":
        return _render_check(payload)
    if not checked.unchanged(request.form.get("checked"), payload, svc.settings.secret_key):
        # Changed in another tab (the draft or the details cookie) since this page was shown: nothing is stored
        # and the answers as they are now are shown to be checked again (consultation.checked).
        return _render_check(payload, [FieldError("answers", checked.MSG_CHANGED)], 409)
    try:
        receipt = submit(svc.engine, svc.consultation, payload, channel="web", locale=current_locale(),
                         now=svc.now(), secret_key=svc.settings.secret_key, office_mailbox=svc.office_mailbox,
                         replay_only=limits.replay_only(), before_store=limits.before_store())
    except WindowClosed as exc:
        return _closed(exc.state, 403, attempted=True)
    except ValidationFailed as exc:
        if any(e.field.startswith("comments") for e in exc.errors):
            return _render_comments(list(draft.comments), exc.errors, 422)
        return _render_about_you(details, exc.errors, 422)
    drafts.discard(db(), draft)
    if receipt.repeat:  # sent twice: the first one's reference, its private link only in the first answer
        response = make_response(render_template(
            "public/already_received.html", reference=receipt.reference,
            emailed=bool((payload.get("submitter") or {}).get("email"))), 200, NO_STORE)
    else:
        limits.stored()
        response = redirect(url_for("public.receipt", reference=receipt.reference, token=receipt.token, new=1))
    response.delete_cookie(DRAFT_COOKIE, **_cookie_args())
    response.delete_cookie(DETAILS_COOKIE, **_cookie_args())
    return response
