"""Staff accounts for tests: create one, and sign a test client in through both steps.

Admins sign in with a second factor (TOTP), so every test that acts as an admin goes through
`login`, which types a real pyotp code from the account's stored secret. Import these from
any test directory:

    from tests.staff import PASSWORD, create_staff, login
"""
from __future__ import annotations

import threading

import pyotp
from sqlalchemy import select, update

from consultation.office import decisions, twofactor
from consultation.office.accounts import create_account
from consultation.office.models import StaffAccount

PASSWORD = "correct horse battery"


def create_staff(services, name: str, role: str, password: str = PASSWORD) -> StaffAccount:
    """A staff account; an admin comes enrolled for TOTP (its secret is on the row)."""
    with services.session() as s:
        account = create_account(s, name, password, role, actor="test")
        s.commit()
        return account


def totp_code(services, name: str) -> str:
    """The current code of the account's authenticator. The last-used step is cleared first, so a
    test may sign the same admin in several times within one 30-second step (the real rule refuses
    a code twice; tests/office/test_signin.py checks that)."""
    with services.session() as s:
        s.execute(update(StaffAccount).where(StaffAccount.username == name).values(totp_last_step=None))
        s.commit()
        secret = twofactor.secret_of(s, s.scalar(select(StaffAccount).where(StaffAccount.username == name)))
    assert secret, f"{name} has no TOTP secret"
    return pyotp.TOTP(secret).now()


def login(client, name: str, password: str = PASSWORD, *, next: str | None = None, csrf_token: str | None = None):
    """Sign `client` in as `name`: the password, then (when asked) the TOTP code.

    Returns the last response: a 302 to the office when signed in, else the refusal (401, 429 …)."""
    extra = {"csrf_token": csrf_token} if csrf_token else {}
    url = "/office/login" + (f"?next={next}" if next else "")
    response = client.post(url, data={"username": name, "password": password, **extra})
    if response.status_code == 302 and response.headers["Location"].endswith("/office/login/code"):
        services = client.application.extensions["services"]
        response = client.post("/office/login/code", data={"code": totp_code(services, name), **extra})
    return response


def shown_versions(client, path: str, ids) -> dict[str, str]:
    """The `version-<id>` fields an office page (GET `path`) carries for the comments `ids`, as a browser
    sends them back with the form: the decision as the page showed it."""
    import re

    html = client.get(path).get_data(as_text=True)
    wanted = {f"version-{i}" for i in ids}
    return {name: value for name, value in re.findall(r'name="(version-\d+)" value="([^"]*)"', html) if name in wanted}


def approve_shown(client, ids, **extra):
    """Approve `ids` from the review page as an administrator's browser does: with each proposal's version
    as the page shows it."""
    return client.post("/office/review", data={"comment_id": list(ids), **shown_versions(client, "/office/review", ids),
                                               **extra})


def decide_shown(client, comment_id: int, **data):
    """Post the decision form of `comment_id` as an editor's browser does from the comment's node page:
    with the version of its decision as the page shows it."""
    from consultation.models import Comment

    services = client.application.extensions["services"]
    with services.session() as s:
        ref = s.get(Comment, comment_id).target_ref
    return client.post("/office/decide", data={"comment_id": comment_id, **data,
                                               **shown_versions(client, f"/office/node/{ref}", [comment_id])})


def decisions_meet(monkeypatch, parties: int) -> None:
    """Every decision being recorded waits, once it has read the decisions it replaces (at its audit entry,
    before its write is flushed), until `parties` of them have: concurrent clerks made to collide for sure."""
    barrier = threading.Barrier(parties, timeout=20)
    original = decisions.audit.record

    def record(session, actor, action, *args, **kwargs):
        if action == "decision.set":
            barrier.wait()
        return original(session, actor, action, *args, **kwargs)

    monkeypatch.setattr(decisions.audit, "record", record)
