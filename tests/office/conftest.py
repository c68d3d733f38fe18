"""Office fixtures: an app, staff accounts of each role, logged-in clients, and an audit log the
fixture (not the code) clears after each test by lifting the append-only trigger for a moment."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from consultation.office.accounts import issue_token
from consultation.office.models import StaffAccount
from consultation.submissions import submit
from tests.conftest import sample_payload
from tests.staff import PASSWORD, create_staff, login  # noqa: F401 - PASSWORD is imported from here by the office tests

ROLES = ("viewer", "editor", "admin")


def _clear_audit(engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE office_audit DISABLE TRIGGER office_audit_append_only"))
            conn.execute(text("DELETE FROM office_audit"))
            conn.execute(text("ALTER TABLE office_audit ENABLE TRIGGER office_audit_append_only"))
        else:
            conn.execute(text("DROP TRIGGER office_audit_no_delete"))
            conn.execute(text("DELETE FROM office_audit"))
            conn.execute(text("CREATE TRIGGER office_audit_no_delete BEFORE DELETE ON office_audit "
                              "BEGIN SELECT RAISE(ABORT, 'office_audit is append-only'); END"))


@pytest.fixture
def office(services):
    """`services`, with the audit log emptied after the test (before the shared teardown)."""
    yield services
    _clear_audit(services.engine)


@pytest.fixture
def accounts(office):
    for role in ROLES:
        create_staff(office, role, role)
    return {r: r for r in ROLES}


@pytest.fixture
def app(office):
    from web import create_app

    return create_app(office, TESTING=True, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)


@pytest.fixture
def api(app, office, accounts):
    """{role: headers} with a bearer token for each staff account (the office API's tests)."""
    out = {}
    with office.session() as s:
        for role in accounts:
            account = s.scalars(select(StaffAccount).where(StaffAccount.username == role)).one()
            out[role] = {"Authorization": "Bearer " + issue_token(s, account, actor="test")}
        s.commit()
    return out


@pytest.fixture
def clients(app, accounts):
    out = {"anonymous": app.test_client()}
    for role in ROLES:
        c = app.test_client()
        assert login(c, role).status_code == 302
        out[role] = c
    return out


@pytest.fixture
def submission(office):
    """One stored submission with personal data and two comments."""
    payload = sample_payload(comments=[
        {"target": "art-3", "kind": "amend", "proposal": "建议增加“省级以上园区”。", "reason": "覆盖更多主体。",
         "proposed_points": None},
        {"target": "annex-1/7", "kind": "amend", "proposal": "建议提高分值。", "reason": "体现重点。",
         "proposed_points": 10}])
    with office.session() as s:
        receipt = submit(s, office.consultation, payload, channel="web", locale="zh_CN", now=office.now(),
                         secret_key=office.settings.secret_key, office_mailbox=office.office_mailbox)
        s.commit()
    return receipt


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
