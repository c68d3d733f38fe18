"""Who the staff member is (server-side session or bearer token) and what their role lets them do."""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _

from consultation.db import unreachable
from consultation.intake.windows import UNREACHABLE
from consultation.office.accounts import ROLE_LABELS, account_for_token, has_role, must_enrol, needs_second_factor
from consultation.office.models import StaffAccount

from ..context import db, services
from ..errors import is_api_request, json_error
from . import sessions

SESSION_KEY = "office_sid"
PENDING_KEY = "office_pending"


def current_account() -> StaffAccount | None:
    if "office_account" in g:
        return g.office_account
    account = None
    record = None
    header = request.headers.get("Authorization", "")
    if is_api_request():
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() == "bearer" and _space:  # a scheme's name is case-insensitive (RFC 9110 §11.1)
            secret = secret.strip()
            account = current_app.extensions["rate_limits"].bearer_lookup(lambda: account_for_token(db(), secret))
    elif SESSION_KEY in session:
        record = sessions.load(services().keys, session[SESSION_KEY])
        account = db().get(StaffAccount, record.account_id) if record is not None else None
        # An account disabled, or enrolled for TOTP since (elsewhere), must sign in again with the code.
        # One made admin since, without TOTP, keeps its session only to enrol (see `require`).
        if account is None or not account.active or (needs_second_factor(account) and not record.mfa
                                                     and not must_enrol(account)):
            if record is not None:
                sessions.end(services().keys, record.sid)
            session.pop(SESSION_KEY, None)
            account = record = None
    g.office_account = account
    g.office_session = record
    return account


def staff_globals() -> dict:
    """What every staff page's template knows of the signed-in member: the account, the role names and
    whether it may edit or administer (an admin who must still enrol administers nothing yet). With Redis
    or the database unreachable the page is shown as nobody's: an error page (a form's expired token, a 404) must render
    without the session store, and what needs the member itself answers 503 (web/outage.py)."""
    try:
        account = current_account()
    except Exception as exc:  # Redis or the database unreachable
        if not isinstance(exc, UNREACHABLE) and not unreachable(exc):
            raise
        account = None
    return {"staff": account, "role_labels": ROLE_LABELS,
            "is_editor": account is not None and has_role(account, "editor"),
            "is_admin": account is not None and has_role(account, "admin") and not must_enrol(account)}


def private_page(response):
    """After-request hook of the staff blueprints: their pages show feedback and personal data, so no
    cache keeps them and no search engine lists them."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def enrolment_pending() -> bool:
    """True when the current staff member is an admin without TOTP (made admin since enrolling was
    possible at sign-in): no office page or API call is theirs until they enrol."""
    account = current_account()
    return account is not None and must_enrol(account)


def second_factor_session() -> bool:
    """True when the current request comes from a session signed in with the second factor."""
    current_account()
    record = g.get("office_session")
    return record is not None and record.mfa


def login_session(account: StaffAccount, *, mfa: bool) -> None:
    session.clear()  # no fixation: a fresh cookie on sign-in
    session[SESSION_KEY] = sessions.start(services().keys, account.id, mfa=mfa)
    g.pop("office_account", None)


def logout_session() -> None:
    sid = session.get(SESSION_KEY)
    if sid:
        sessions.end(services().keys, sid)
    sessions.end_pending(services().keys, session.get(PENDING_KEY))
    session.clear()
    g.pop("office_account", None)


def require(role: str):
    """Decorator: the view needs an active account with at least `role` (viewer < editor < admin)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            account = current_account()
            if account is None:
                if is_api_request():
                    return json_error(401, "unauthorised", "a bearer token is required",
                                      headers={"WWW-Authenticate": "Bearer"})
                return redirect(url_for("office.login", next=request.full_path))
            if must_enrol(account):
                if is_api_request():
                    return json_error(403, "second_factor_required",
                                      "this account is an administrator: enrol for two-factor sign-in first")
                flash(_("Your account is now an administrator. Set up two-factor sign-in to continue."), "error")
                return redirect(url_for("office.two_factor_page"))
            if not has_role(account, role):
                if is_api_request():
                    return json_error(403, "forbidden", f"role {role} required")
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator
