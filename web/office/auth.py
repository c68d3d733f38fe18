"""Who the staff member is (session cookie or bearer token) and what their role lets them do."""
from __future__ import annotations

from functools import wraps

from flask import abort, g, redirect, request, session, url_for

from consultation.office.accounts import account_for_token, has_role
from consultation.office.models import StaffAccount

from ..context import db

SESSION_KEY = "office_uid"


def current_account() -> StaffAccount | None:
    if "office_account" in g:
        return g.office_account
    account = None
    header = request.headers.get("Authorization", "")
    if request.path.startswith("/api/"):
        if header.startswith("Bearer "):
            account = account_for_token(db(), header[7:].strip())
    elif SESSION_KEY in session:
        account = db().get(StaffAccount, session[SESSION_KEY])
        if account is None or not account.active or session.get("office_pw") != account.password_hash[-16:]:
            session.pop(SESSION_KEY, None)
            account = None
    g.office_account = account
    return account


def login_session(account: StaffAccount) -> None:
    session.clear()  # no fixation: a fresh session on login
    session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
    session[SESSION_KEY] = account.id
    session["office_pw"] = account.password_hash[-16:]  # a password change ends other sessions


def require(role: str):
    """Decorator: the view needs an active account with at least `role` (viewer < editor < admin)."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            account = current_account()
            if account is None:
                if request.path.startswith("/api/"):
                    return {"error": "unauthorised", "message": "a bearer token is required"}, 401, \
                        {"WWW-Authenticate": "Bearer"}
                return redirect(url_for("office.login", next=request.full_path))
            if not has_role(account, role):
                if request.path.startswith("/api/"):
                    return {"error": "forbidden", "message": f"role {role} required"}, 403
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator
