"""Every staff page and API route, for anonymous, viewer, editor and admin."""
from __future__ import annotations

import re

import pytest

from consultation.office.accounts import issue_token
from consultation.office.models import StaffAccount

from .conftest import ROLES

# (method, path, minimum role); POSTs send harmless or invalid bodies: the role check comes first.
PAGES = [
    ("GET", "/office/", "viewer"),
    ("GET", "/office/?sort=merged", "viewer"),
    ("GET", "/office/node/art-3", "viewer"),
    ("GET", "/office/findings", "viewer"),
    ("GET", "/office/group/999999", "viewer"),
    ("POST", "/office/decide", "editor"),
    ("POST", "/office/regroup", "editor"),
    ("POST", "/office/group/999999/split", "editor"),
    ("POST", "/office/group/999999/representative", "editor"),
    ("GET", "/office/publications/999999", "viewer"),
    ("GET", "/office/review", "viewer"),
    ("GET", "/office/exports", "viewer"),
    ("GET", "/office/exports/comments.csv", "viewer"),
    ("GET", "/office/report", "viewer"),
    ("POST", "/office/review", "admin"),
    ("GET", "/office/search", "viewer"),
    ("POST", "/office/bulk/preview", "editor"),
    ("POST", "/office/bulk/decide", "editor"),
    ("POST", "/office/assign", "editor"),
    ("GET", "/office/comment/999999/notes", "viewer"),
    ("POST", "/office/comment/999999/notes", "editor"),
    ("GET", "/office/submission/999999", "admin"),
    ("GET", "/office/admin/accounts", "admin"),
    ("POST", "/office/admin/accounts", "admin"),
    ("POST", "/office/admin/accounts/999999", "admin"),
    ("POST", "/office/admin/accounts/999999/tokens", "admin"),
    ("POST", "/office/admin/tokens/999999/revoke", "admin"),
    ("GET", "/office/admin/window", "admin"),
    ("POST", "/office/admin/window", "admin"),
    ("GET", "/office/admin/publish", "admin"),
    ("POST", "/office/admin/publish", "admin"),
    ("GET", "/office/admin/audit", "admin"),
    ("GET", "/office/admin/mail", "admin"),
    ("POST", "/office/admin/mail/999999/resend", "admin"),
    ("GET", "/office/account/password", "viewer"),
    ("POST", "/office/account/password", "viewer"),
    ("GET", "/office/revisions/", "viewer"),
    ("POST", "/office/revisions/start", "editor"),
    ("GET", "/office/revisions/article/4", "editor"),
    ("POST", "/office/revisions/article/4", "editor"),
    ("GET", "/office/revisions/annex/1", "editor"),
    ("POST", "/office/revisions/annex/1", "editor"),
    ("POST", "/office/revisions/final", "admin"),
    ("POST", "/office/revisions/publish", "admin"),
    ("GET", "/office/revisions/comparison", "viewer"),
    ("GET", "/office/revisions/comparison.docx", "viewer"),
    ("POST", "/office/revisions/change/reason", "editor"),
    ("POST", "/office/revisions/change/link", "editor"),
    ("POST", "/office/revisions/change/unlink", "editor"),
    ("GET", "/office/revisions/review", "viewer"),
    ("GET", "/office/revisions/import", "admin"),
    ("POST", "/office/revisions/import", "admin"),
    ("GET", "/office/revisions/scoring", "viewer"),
    ("POST", "/office/revisions/scoring", "admin"),
    ("GET", "/office/inbound/", "viewer"),
    ("GET", "/office/inbound/999999", "viewer"),
    ("POST", "/office/inbound/999999/confirm", "editor"),
    ("POST", "/office/inbound/999999/reject", "editor"),
    ("GET", "/office/inbound/file/999999", "admin"),
    ("GET", "/office/inbound/new", "editor"),
    ("POST", "/office/inbound/new", "editor"),
    ("GET", "/office/account/two-factor", "viewer"),
    ("POST", "/office/account/two-factor", "viewer"),
]
API = [
    ("GET", "/api/v1/office/dashboard", "viewer"),
    ("GET", "/api/v1/office/nodes/art-3/comments", "viewer"),
    ("GET", "/api/v1/office/comments/999999/decision", "viewer"),
    ("POST", "/api/v1/office/decisions", "editor"),
    ("GET", "/api/v1/office/proposals", "viewer"),
    ("POST", "/api/v1/office/decisions/approve", "admin"),
    ("POST", "/api/v1/office/regroup", "editor"),
    ("GET", "/api/v1/office/submissions/999999", "admin"),
]
RANK = {"anonymous": -1, **{r: i for i, r in enumerate(ROLES)}}


def test_route_lists_cover_every_office_rule(app):
    listed = {p.split("?")[0].replace("999999", "0") for _, p, _ in PAGES + API}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/office", "/api/v1/office")) and \
                rule.endpoint not in ("office.login", "office.login_code", "office.logout"):
            number = "1" if "/revisions/annex/" in rule.rule else "4" if "/revisions/" in rule.rule else "0"
            probe = re.sub(r"<(?:int|dbid):number>", number, rule.rule.replace("<path:ref>", "art-3"))
            probe = re.sub(r"<(?:int|dbid):\w+>", "0", probe).replace("<name>", "comments.csv")
            assert probe in listed, rule.rule


@pytest.mark.parametrize("who", ["anonymous", *ROLES])
@pytest.mark.parametrize("method,path,minimum", PAGES)
def test_page_roles(clients, who, method, path, minimum):
    response = clients[who].open(path, method=method, data={})
    if who == "anonymous":
        assert response.status_code == 302 and "/office/login" in response.headers["Location"]
    elif RANK[who] < RANK[minimum]:
        assert response.status_code == 403
    else:
        assert response.status_code not in (302, 401, 403) or "/office/login" not in response.headers.get("Location", "")
        assert response.status_code != 403


@pytest.mark.parametrize("who", ["anonymous", *ROLES])
@pytest.mark.parametrize("method,path,minimum", API)
def test_api_roles(app, office, accounts, who, method, path, minimum):
    headers = {}
    if who != "anonymous":
        with office.session() as s:
            account = s.query(StaffAccount).filter_by(username=who).one()
            headers["Authorization"] = "Bearer " + issue_token(s, account, actor="test")
            s.commit()
    response = app.test_client().open(path, method=method, json={}, headers=headers)
    if who == "anonymous":
        assert response.status_code == 401
    elif RANK[who] < RANK[minimum]:
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 400, 404, 422)  # past the role check: answered, or the body refused


def test_revoked_token_is_refused(app, office, accounts):
    from consultation.office.accounts import revoke_token
    from consultation.office.models import ApiToken

    with office.session() as s:
        account = s.query(StaffAccount).filter_by(username="admin").one()
        secret = issue_token(s, account, actor="test")
        s.commit()
        token_id = s.query(ApiToken).one().id
    client = app.test_client()
    headers = {"Authorization": "Bearer " + secret}
    assert client.get("/api/v1/office/dashboard", headers=headers).status_code == 200
    with office.session() as s:
        revoke_token(s, token_id, office.now(), actor="test")
        s.commit()
    assert client.get("/api/v1/office/dashboard", headers=headers).status_code == 401


def test_session_cookie_is_httponly_and_the_session_has_limits(app, clients):
    from web.office import sessions

    assert sessions.IDLE == 30 * 60 and sessions.ABSOLUTE <= 12 * 3600
    client = app.test_client()
    from .conftest import login

    response = login(client, "viewer")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_api_neither_reads_nor_sets_the_cookie_session(app, clients):
    """A signed-in browser's cookie opens the office pages, while under /api/ the session stays empty
    and unwritable whatever cookie comes with the request."""
    from flask import session
    from flask.sessions import NullSession

    admin = clients["admin"]
    cookie = admin.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    headers = {"Cookie": f"{app.config['SESSION_COOKIE_NAME']}={cookie}"}
    with app.test_request_context("/office/", headers=headers):
        assert "office_sid" in session
    for path in ("/api/v1/office/dashboard", "/api/v1/feedback"):
        with app.test_request_context(path, method="POST", headers=headers):
            assert isinstance(session, NullSession) and "office_sid" not in session
            with pytest.raises(RuntimeError):
                session["x"] = 1
    response = admin.get("/api/v1/office/dashboard")
    assert response.status_code == 401 and "Set-Cookie" not in response.headers
