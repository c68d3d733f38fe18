"""`consult create-admin NAME` with the password on standard input, then signing in with it."""
from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from commands import main
from consultation.office.models import AuditEntry, StaffAccount

from .conftest import login


def test_create_admin_reads_password_from_stdin(office, app, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", office.settings.database_url)
    monkeypatch.setenv("CONSULT_INSTANCE", str(office.settings.instance))
    monkeypatch.setenv("SECRET_KEY", office.settings.secret_key)  # the CLI seals the TOTP secret with the app's key
    runner = CliRunner()
    result = runner.invoke(main, ["create-admin", "chief"], input="a long enough secret\n")
    assert result.exit_code == 0, result.output
    with office.session() as s:
        account = s.scalar(select(StaffAccount).where(StaffAccount.username == "chief"))
        assert account.role == "admin" and account.password_hash.startswith("$argon2")
        assert "a long enough secret" not in account.password_hash
        assert s.scalar(select(AuditEntry.actor).where(AuditEntry.action == "account.create")) == "cli"
    assert login(app.test_client(), "chief", "a long enough secret").status_code == 302
    again = runner.invoke(main, ["create-admin", "chief"], input="a long enough secret\n")
    assert again.exit_code != 0 and "exists" in again.output
    short = runner.invoke(main, ["create-admin", "other"], input="short\n")
    assert short.exit_code != 0
