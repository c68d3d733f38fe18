"""The office's per-address counts by client key (attack round 8, F3; consultation/intake/countkeys.py): the
sign-in throttle and RATE_LIMIT_TOKEN_MISS count an IPv6 client by its /64, an IPv4-mapped address as its
IPv4 address. Editors and viewers have no second factor: their passwords must not be guessable from one /64."""
from __future__ import annotations

import uuid


from consultation.office import throttle
from consultation.office.accounts import issue_token
from consultation.office.models import AuditEntry, StaffAccount
from tests.staff import login
from web import create_app
from tests.limit_storage import default_ipv6_prefix  # noqa: F401 (an autouse fixture)

WRONG = "not the password at all"


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_one_ipv6_network_guessing_a_password_is_held_back(app, office, accounts):
    """F3: 17 addresses of one /64 each got their own (name, address) count; now the /64 is one client for
    the pair lock, the editor still signs in from another /64, and the audit keeps the full address."""
    statuses = [login(_client(app, f"2001:db8:1:2::{i + 0x20:x}"), "editor", WRONG).status_code
                for i in range(throttle.PAIR_LIMIT + 1)]
    assert statuses == [401] * (throttle.PAIR_LIMIT - 1) + [429, 429]
    assert login(_client(app, "2001:db8:1:2:ffff::1"), "editor").status_code == 429  # the /64 waits
    assert login(_client(app, "2001:db8:1:3::20"), "editor").status_code == 302  # another /64 does not
    with office.session() as s:
        entry = s.query(AuditEntry).filter_by(action="login.locked").one()
        assert entry.after["address"] == f"2001:db8:1:2::{throttle.PAIR_LIMIT - 1 + 0x20:x}"


def test_one_ipv6_network_trying_many_names_is_held_back(app, office, accounts):
    statuses = [login(_client(app, f"2001:db8:4:4::{i + 1:x}"), f"guess{i}", WRONG).status_code
                for i in range(throttle.ADDRESS_LIMIT)]
    assert statuses[:-1] == [401] * (throttle.ADDRESS_LIMIT - 1) and statuses[-1] == 429
    assert login(_client(app, "2001:db8:4:4::ffff"), "viewer").status_code == 429
    assert login(_client(app, "2001:db8:4:5::1"), "viewer").status_code == 302


def test_an_ipv4_mapped_address_shares_the_sign_in_throttle_with_its_ipv4_address(app, office, accounts):
    for i in range(throttle.PAIR_LIMIT - 1):
        address = "203.0.113.30" if i % 2 else "::ffff:203.0.113.30"
        assert login(_client(app, address), "viewer", WRONG).status_code == 401
    assert login(_client(app, "203.0.113.30"), "viewer", WRONG).status_code == 429
    assert login(_client(app, "::ffff:203.0.113.30"), "viewer").status_code == 429
    assert login(_client(app, "203.0.113.31"), "viewer").status_code == 302


def test_the_sign_in_rate_limit_counts_one_ipv6_network(office, accounts):
    limited = create_app(office, TESTING=True, WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=True,
                         RATE_LIMIT_LOGIN="2/minute", RATELIMIT_STORAGE_URI="memory://",
                         RATELIMIT_KEY_PREFIX=f"t-{uuid.uuid4().hex}", WEB_WORKERS=1)
    statuses = [login(_client(limited, f"2001:db8:6:6::{i + 1}"), f"nobody{i}", WRONG).status_code for i in range(3)]
    assert statuses == [401, 401, 429]


def test_bearer_token_misses_count_one_ipv6_network(office, accounts):
    client = create_app(office, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_TOKEN_MISS="3/minute",
                        RATELIMIT_STORAGE_URI="memory://", RATELIMIT_KEY_PREFIX=f"t-{uuid.uuid4().hex}",
                        WEB_WORKERS=1).test_client()
    statuses = [client.get("/api/v1/office/dashboard", headers={"Authorization": f"Bearer {uuid.uuid4().hex}"},
                           environ_base={"REMOTE_ADDR": f"2001:db8:9:9::{i + 1}"}).status_code for i in range(4)]
    assert statuses == [401, 401, 401, 429]
    with office.session() as s:
        secret = issue_token(s, s.query(StaffAccount).filter_by(username="admin").one(), actor="test")
        s.commit()
    right = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/office/dashboard", headers=right,
                      environ_base={"REMOTE_ADDR": "2001:db8:9:9::ff"}).status_code == 429
    assert client.get("/api/v1/office/dashboard", headers=right,
                      environ_base={"REMOTE_ADDR": "2001:db8:9:a::1"}).status_code == 200
