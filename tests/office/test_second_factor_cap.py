"""Wrong second-factor codes capped per account across addresses (the hostile tester's note, issue 13):
per (account, address) alone, someone who has the password and many addresses got a few guesses from each.
The cap is a setting (SECOND_FACTOR_LIMIT), counts on the real clock, always ends, answers like the other
throttles (429, Retry-After, the same message), and the password step never shows it."""
from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from consultation.office import throttle
from consultation.office.models import AuditEntry
from tests.conftest import set_now
from tests.staff import PASSWORD, login, totp_code

WRONG_CODE = "000000"


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _guess(app, address: str, name: str = "admin"):
    """From a new address: the right password, then one wrong code."""
    client = _client(app, address)
    assert client.post("/office/login", data={"username": name, "password": PASSWORD}).status_code == 302
    return client, client.post("/office/login/code", data={"code": WRONG_CODE})


def _page(response) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True))


@pytest.fixture
def capped(office, monkeypatch):
    monkeypatch.setattr(office.settings, "second_factor_limit", "3/15 minutes")
    return office


def test_wrong_codes_from_many_addresses_reach_one_cap_per_account(app, capped, accounts):
    answers = [_guess(app, f"203.0.113.{40 + i}")[1] for i in range(3)]
    assert [a.status_code for a in answers] == [401, 401, 429]
    assert int(answers[-1].headers["Retry-After"]) > 14 * 60
    # From yet another address, even the right code now waits, answered as any throttled attempt is.
    client = _client(app, "198.51.100.90")
    assert client.post("/office/login", data={"username": "admin", "password": PASSWORD}).status_code == 302
    held = client.post("/office/login/code", data={"code": totp_code(capped, "admin")})
    assert held.status_code == 429 and int(held.headers["Retry-After"]) > 0
    assert "登录失败次数过多，请 15 分钟后再试。" in held.get_data(as_text=True)  # the other throttles' message
    assert client.get("/office/").status_code == 302
    # Another account is not held back by it.
    assert login(_client(app, "198.51.100.91"), "editor").status_code == 302
    with capped.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "login.locked")).one()
        assert entry.target == "admin" and entry.after["second_factor"] is True


def test_the_password_step_does_not_reveal_the_cap(app, capped, accounts):
    before_wrong = _client(app, "192.0.2.10").post("/office/login", data={"username": "admin", "password": "no no no no"})
    for i in range(3):
        _guess(app, f"203.0.113.{50 + i}")
    after_wrong = _client(app, "192.0.2.11").post("/office/login", data={"username": "admin", "password": "no no no no"})
    assert (before_wrong.status_code, after_wrong.status_code) == (401, 401)
    assert _page(before_wrong) == _page(after_wrong)
    right = _client(app, "192.0.2.12").post("/office/login", data={"username": "admin", "password": PASSWORD})
    assert right.status_code == 302 and right.headers["Location"].endswith("/office/login/code")
    assert "Retry-After" not in right.headers


def test_the_cap_ends_on_the_real_clock_whatever_consult_now_says(app, office, accounts, monkeypatch):
    monkeypatch.setattr(office.settings, "second_factor_limit", "2/second")
    for i in range(2):
        _guess(app, f"203.0.113.{60 + i}")
    set_now(office, "2031-01-01T00:00:00+08:00")  # a simulated date far ahead ends nothing
    client = _client(app, "198.51.100.92")
    client.post("/office/login", data={"username": "admin", "password": PASSWORD})
    assert client.post("/office/login/code", data={"code": totp_code(office, "admin")}).status_code == 429
    set_now(office, "2025-11-20T10:00:00+08:00")
    time.sleep(1.2)  # one real second later the cap is over
    assert login(_client(app, "198.51.100.93"), "admin").status_code == 302


def test_the_default_is_ten_wrong_codes_in_fifteen_minutes():
    assert throttle.second_factor_rule(None) == (10, 15 * 60)
    with pytest.raises(ValueError, match="SECOND_FACTOR_LIMIT"):
        throttle.second_factor_rule("often")
