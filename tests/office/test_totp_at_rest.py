"""TOTP secrets are stored sealed, recovery codes hashed (issue 13: a copy of the database alone gives
no second factor), and migration 0213 seals the secrets stored in clear before it."""
from __future__ import annotations

import datetime as dt

import pyotp
import pytest
from alembic import command
from cryptography.exceptions import InvalidTag
from sqlalchemy import select, text

from consultation.db import alembic_config, make_engine, make_sessionmaker, scratch_database, upgrade
from consultation.office import twofactor
from consultation.office.accounts import create_account
from consultation.office.models import RecoveryCode, StaffAccount
from tests.staff import login


def _columns(office, name):
    with office.engine.connect() as conn:
        return conn.execute(text("SELECT id, totp_secret FROM office_accounts WHERE username = :n"), {"n": name}).one()


def test_the_totp_secret_is_not_in_the_database(app, office):
    with office.session() as s:
        account = create_account(s, "chief", "amber river lantern seven", "admin", actor="test")
        s.commit()
        uri, codes = account.enrolment
    secret = pyotp.parse_uri(uri).secret
    account_id, stored = _columns(office, "chief")
    assert stored.startswith("v1:") and secret not in stored
    with office.engine.connect() as conn:  # nowhere in the row, nor the recovery codes in clear
        dump = " ".join(str(v) for row in conn.execute(text("SELECT * FROM office_accounts")) for v in row)
        hashes = conn.execute(select(RecoveryCode.code_hash)).scalars().all()
    assert secret not in dump and len(hashes) == 10 and not set(codes) & set(hashes)
    # Sealed for this account under this key: another key, or the value copied onto another account, does not open.
    assert twofactor.unseal(office.settings.secret_key, account_id, stored) == secret
    with pytest.raises(InvalidTag):
        twofactor.unseal("another key", account_id, stored)
    with pytest.raises(InvalidTag):
        twofactor.unseal(office.settings.secret_key, account_id + 1, stored)
    assert login(app.test_client(), "chief", "amber river lantern seven").status_code == 302


def test_a_session_without_the_key_refuses_rather_than_storing_in_clear(office):
    with make_sessionmaker(office.engine)() as s, pytest.raises(twofactor.NoSecretKey):
        create_account(s, "chief", "amber river lantern seven", "admin", actor="test")


def test_migration_0213_seals_the_secrets_stored_in_clear(database_url, tmp_path):
    kind = "sqlite" if database_url.startswith("sqlite") else "postgres"
    with scratch_database(kind, tmp_path, prefix="migration_0213") as url:
        upgrade(url, "key one")
        command.downgrade(alembic_config(url, "key one"), "0136_office_two_factor")
        engine = make_engine(url)
        clear = pyotp.random_base32()
        with engine.begin() as conn:
            conn.execute(StaffAccount.__table__.insert(), [
                {"username": "old", "password_hash": "x", "role": "admin", "active": True, "totp_secret": clear,
                 "created_at": dt.datetime.now(dt.timezone.utc)},
                {"username": "plain", "password_hash": "x", "role": "viewer", "active": True, "totp_secret": None,
                 "created_at": dt.datetime.now(dt.timezone.utc)}])
        upgrade(url, "key one")
        with engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT username, totp_secret FROM office_accounts")).all())
        assert rows["plain"] is None and rows["old"].startswith("v1:") and clear not in rows["old"]
        with make_sessionmaker(engine, info={"secret_key": "key one"})() as s:
            account = s.scalar(select(StaffAccount).where(StaffAccount.username == "old"))
            assert twofactor.secret_of(s, account) == clear
            assert twofactor.verify(s, account, pyotp.TOTP(clear).now())
        command.downgrade(alembic_config(url, "key one"), "0136_office_two_factor")  # and back to clear
        with engine.connect() as conn:
            assert conn.execute(text("SELECT totp_secret FROM office_accounts WHERE username = 'old'")).scalar() == clear
        engine.dispose()


def test_a_secret_sealed_under_another_secret_key_is_a_clear_503_never_a_500(app, office, caplog):
    """Attack 4 F9: two hosts on one database without one SECRET_KEY. The code step says what is wrong and
    who mends it, logs it for the administrator, and a recovery code (kept as a hash) still signs in."""
    with office.session() as s:
        account = create_account(s, "chief", "amber river lantern seven", "admin", actor="test")
        s.commit()
        uri, codes = account.enrolment
        account.totp_secret = twofactor.seal("the other host's key", account.id, pyotp.parse_uri(uri).secret)
        s.commit()
    client = app.test_client()
    assert client.post("/office/login", data={"username": "chief", "password": "amber river lantern seven"}
                       ).status_code == 302
    with caplog.at_level("ERROR"):
        response = client.post("/office/login/code", data={"code": pyotp.parse_uri(uri).now()})
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and "consult enrol-totp chief" in page and "SECRET_KEY" in page
    assert any("chief" in r.getMessage() and "enrol-totp" in r.getMessage() for r in caplog.records)
    assert client.get("/office/").status_code == 302  # not signed in
    assert client.post("/office/login/code", data={"code": codes[0]}).status_code == 302  # a recovery code works
    assert client.get("/office/").status_code == 200
