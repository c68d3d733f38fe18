"""Signing in and out of the office: password, then the second factor; changing one's password;
enrolling for the second factor from a signed-in session.

The steps: POST /office/login checks the name and password (throttled per name and address,
see consultation/office/throttle.py). An account without a second factor is signed in at once;
otherwise a short pending record is made and /office/login/code asks for the code (one field,
`code`: the authenticator's six digits or a recovery code). An admin without TOTP yet enrols
on that page. Only then is the server-side session started (sessions.py).

/office/account/two-factor lets any staff member enrol (optional for viewers and editors), and is
where an account made admin while signed in is sent before any other page (auth.require). It asks for
the current password with the first code, ends the account's other sessions and is audited.
"""
from __future__ import annotations

import hashlib
import logging

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from consultation.i18n import N_
from consultation.office import accounts, throttle, twofactor
from consultation.office.models import StaffAccount

from ..context import db, services
from ..redirects import safe_target
from . import sessions
from .auth import PENDING_KEY, current_account, enrolment_pending, login_session, logout_session, require
from .views import bp

NEXT_KEY = "office_next"
log = logging.getLogger(__name__)


def _address() -> str:
    return request.remote_addr or "-"


def _locked(exc: accounts.LockedOut, template: str, **context):
    return render_template(template, error=_(exc.message) % exc.params, **context), 429, \
        {"Retry-After": str(exc.retry_after)}


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("office/login.html", error=None)
    svc = services()
    username = request.form.get("username", "").strip()
    try:
        account = accounts.authenticate(db(), svc.keys, username, request.form.get("password", ""), _address(),
                                        svc.now())
    except accounts.LockedOut as exc:
        db().commit()
        return _locked(exc, "office/login.html")
    db().commit()
    if account is None:
        return render_template("office/login.html", error=_("Wrong name or password.")), 401
    target = safe_target(request.args.get("next"), url_for("office.dashboard_page"), prefix="/office")
    if accounts.needs_second_factor(account):
        # An admin without TOTP yet enrols on the code page; its new key waits sealed in the pending record.
        enrol = None if account.totp_secret else twofactor.seal(svc.settings.secret_key, account.id,
                                                                twofactor.new_secret())
        session.clear()
        session[PENDING_KEY] = sessions.start_pending(svc.keys, account.id, enrol)
        session[NEXT_KEY] = target
        return redirect(url_for("office.login_code"))
    accounts.signed_in(db(), account, svc.now(), second_factor=False)
    db().commit()
    login_session(account, mfa=False)
    return redirect(target)


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    svc = services()
    token = session.get(PENDING_KEY)
    pending = sessions.load_pending(svc.keys, token)
    account = db().get(StaffAccount, pending["account"]) if pending else None
    if account is None or not account.active:
        flash(_("Sign in again: the time for the code ran out."), "error")
        return redirect(url_for("office.login"))
    enrol = pending.get("enrol")
    if enrol:
        enrol = twofactor.unseal(svc.settings.secret_key, account.id, enrol)
    context = {"enrol_secret": enrol, "enrol_uri": twofactor.enrolment_uri(account, enrol) if enrol else None}
    if request.method == "GET":
        return render_template("office/login_code.html", error=None, **context)

    code = request.form.get("code", "")
    # Key-store writes only outside the request's write transaction (on SQLite they would wait on it).
    locked = throttle.check(svc.keys, account.username, _address()) or \
        throttle.second_factor_check(svc.keys, account.id)
    if locked is None:
        if enrol:
            step = twofactor.matching_step(enrol, code, None)
            ok = step is not None
        else:
            try:
                ok = twofactor.verify(db(), account, code)
            except twofactor.SecretUnreadable:
                db().rollback()
                return _unreadable_secret(account, context)
        if not ok:
            db().rollback()
            locked = throttle.failed(svc.keys, account.username, _address())
            capped = throttle.second_factor_failed(svc.keys, account.id,
                                                   throttle.second_factor_rule(svc.settings.second_factor_limit))
            if capped is not None:
                accounts.audit.record(db(), "-", "login.locked", account.username, None,
                                      {"address": _address(), "seconds": capped.retry_after, "second_factor": True})
                db().commit()
                locked = capped if locked is None or capped.retry_after > locked.retry_after else locked
            if locked is None and sessions.pending_failed(svc.keys, token, pending):
                return render_template("office/login_code.html",
                                       error=_("That code is not right. Try the current one."), **context), 401
            if locked is None:
                flash(_("Too many wrong codes. Sign in again."), "error")
                return redirect(url_for("office.login"))
    if locked is not None:
        sessions.end_pending(svc.keys, token)
        return _locked(accounts.LockedOut(locked.retry_after), "office/login_code.html", **context)

    codes = None
    if enrol:
        _uri, codes = twofactor.enrol(db(), account, enrol)
        account.totp_last_step = step
        accounts.audit.record(db(), account.username, "account.totp", account.username, None, {"enrolled": True})
    target = session.get(NEXT_KEY) or url_for("office.dashboard_page")
    accounts.signed_in(db(), account, svc.now(), second_factor=True)
    db().commit()
    sessions.end_pending(svc.keys, token)
    throttle.succeeded(svc.keys, account.username, _address())
    login_session(account, mfa=True)
    if codes:
        return render_template("office/recovery_codes.html", codes=codes, target=target)
    return redirect(target)


MSG_UNREADABLE_SECRET = N_("This office cannot check codes for this account: its authenticator key was stored "
                           "under another SECRET_KEY. An administrator must enrol the account again on the "
                           "server (consult enrol-totp %(name)s); until then a recovery code still signs in.")


def _unreadable_secret(account: StaffAccount, context: dict):
    """A server set-up fault, not a wrong code: said plainly (503, nothing counted against the person), and
    logged for the administrator, who alone can mend it (README: SECRET_KEY shared by the hosts)."""
    log.error("office sign-in: the TOTP secret of account %r does not open with this SECRET_KEY (sealed "
              "under another); re-enrol it with `consult enrol-totp %s`", account.username, account.username)
    return render_template("office/login_code.html", error=_(MSG_UNREADABLE_SECRET, name=account.username),
                           **context), 503


@bp.post("/logout")
def logout():
    logout_session()
    return redirect(url_for("office.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@require("viewer")
def password_page():
    account = current_account()
    if request.method == "GET":
        return render_template("office/password.html", error=None)
    svc = services()
    record = g.office_session
    try:
        ok = accounts.authenticate(db(), svc.keys, account.username, request.form.get("current_password", ""),
                                   _address(), svc.now()) is not None
    except accounts.LockedOut as exc:
        db().commit()
        return _locked(exc, "office/password.html")
    if not ok:
        db().commit()
        return render_template("office/password.html", error=_("The current password is not right.")), 400
    try:
        accounts.set_password(db(), account, request.form.get("password", ""), actor=account.username,
                              now=svc.now())
    except accounts.AccountError as exc:
        db().rollback()
        return render_template("office/password.html", error=_(exc.message) % exc.params), 400
    db().commit()
    # Every session of the account ends (a stolen cookie among them), as its API tokens did (set_password);
    # this browser gets a new one.
    sessions.end_all(svc.keys, account.id)
    login_session(account, mfa=bool(record and record.mfa))
    flash(_("Your password was changed. Other sessions were signed out and your API tokens revoked."), "ok")
    return redirect(url_for("office.dashboard_page")), 303



ENROL_TTL = 10 * 60  # seconds to add the key to an app and type its first code


def _enrol_key(sid: str) -> str:
    return "oenrol:" + hashlib.sha256(sid.encode()).hexdigest()[:40]


@bp.route("/account/two-factor", methods=["GET", "POST"])
def two_factor_page():
    """Enrol for TOTP: a new key (shown as the otpauth URI and as text), confirmed with its first code;
    then the recovery codes, once. The key waits sealed in the key store, tied to this session."""
    account = current_account()
    if account is None:
        return redirect(url_for("office.login", next=request.path))
    svc = services()
    record = g.office_session
    if account.totp_secret is not None or record is None:  # enrolled; or a bearer token, which cannot enrol here
        return render_template("office/two_factor.html", enrolled=account.totp_secret is not None,
                               codes_left=twofactor.recovery_codes_left(db(), account), error=None)
    key = _enrol_key(record.sid)
    sealed = svc.keys.get(key)
    if sealed is None:
        sealed = twofactor.seal(svc.settings.secret_key, account.id, twofactor.new_secret())
        svc.keys.put(key, sealed, ENROL_TTL)
    secret = twofactor.unseal(svc.settings.secret_key, account.id, sealed)
    context = {"enrolled": False, "enrol_secret": secret, "enrol_uri": twofactor.enrolment_uri(account, secret),
               "required": enrolment_pending()}
    if request.method == "GET":
        return render_template("office/two_factor.html", error=None, **context)
    # Binding an authenticator decides who can sign in from now on, as a new password does: the current
    # password is asked again (attack round 10, F8), so an unattended or stolen session cannot lock the
    # owner out with a key of its own. Wrong passwords count toward the sign-in throttle.
    try:
        ok = accounts.authenticate(db(), svc.keys, account.username, request.form.get("current_password", ""),
                                   _address(), svc.now()) is not None
    except accounts.LockedOut as exc:
        db().commit()
        return _locked(exc, "office/two_factor.html", **context)
    if not ok:
        db().commit()
        return render_template("office/two_factor.html", error=_("The current password is not right."),
                               **context), 400
    step = twofactor.matching_step(secret, request.form.get("code", ""), None)
    if step is None:
        return render_template("office/two_factor.html",
                               error=_("That code is not right. Try the current one."), **context), 400
    _uri, codes = twofactor.enrol(db(), account, secret)
    account.totp_last_step = step
    accounts.audit.record(db(), account.username, "account.totp", account.username, None, {"enrolled": True})
    db().commit()
    svc.keys.delete(key)
    # This session now counts as signed in with the second factor; every other one of the account ends.
    sessions.end_all(svc.keys, account.id)
    login_session(account, mfa=True)
    return render_template("office/recovery_codes.html", codes=codes, target=url_for("office.dashboard_page"))
