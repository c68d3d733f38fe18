"""Bearer tokens that match nothing are failed sign-ins: limited per client address (RATE_LIMIT_TOKEN_MISS),
as wrong passwords and wrong receipt tokens are, with the right token refused too while over the limit."""
from __future__ import annotations

import uuid

import pytest
import redis

from consultation.office.accounts import issue_token, revoke_token
from consultation.office.models import ApiToken, StaffAccount
from web import create_app
from tests.limit_storage import storage_uri

REDIS = "redis://127.0.0.1:6379/0"


def _storage(kind: str) -> str:
    return storage_uri(kind, REDIS)


def _token(office, username: str = "admin") -> str:
    with office.session() as s:
        account = s.query(StaffAccount).filter_by(username=username).one()
        secret = issue_token(s, account, actor="test")
        s.commit()
    return secret


@pytest.mark.parametrize("storage", ["memory", "redis"])
@pytest.mark.parametrize("lang, text", [("zh-CN", "令牌"), ("en", "API token that matches no active token")])
def test_wrong_bearer_tokens_are_limited_per_address(office, accounts, storage, lang, text):
    prefix = f"test-token-miss-{uuid.uuid4().hex}"
    client = create_app(office, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_TOKEN_MISS="3/minute",
                        RATELIMIT_STORAGE_URI=_storage(storage), RATELIMIT_KEY_PREFIX=prefix,
                        WEB_WORKERS=1).test_client()
    right = {"Authorization": "Bearer " + _token(office)}
    try:
        # the owner of a right token is never counted
        assert [client.get("/api/v1/office/dashboard", headers=right).status_code for _ in range(5)] == [200] * 5
        wrong = [client.get("/api/v1/office/dashboard",
                            headers={"Authorization": f"Bearer {uuid.uuid4().hex}", "Accept-Language": lang})
                 for _ in range(4)]
        assert [r.status_code for r in wrong] == [401, 401, 401, 429]
        assert int(wrong[-1].headers["Retry-After"]) > 0
        assert wrong[-1].get_json()["error"] == "rate_limited"
        assert text in wrong[-1].get_json()["message"]
        # over the limit, a right token is not answered either (a guess that hits must not be told apart)
        assert client.get("/api/v1/office/dashboard", headers=right).status_code == 429
        # another address is not affected
        other = {"REMOTE_ADDR": "10.0.0.7"}
        assert client.get("/api/v1/office/dashboard", headers=right, environ_base=other).status_code == 200
    finally:
        if storage == "redis":
            store = redis.Redis.from_url(REDIS)
            for key in store.scan_iter(f"{prefix}*"):
                store.delete(key)


def test_a_revoked_token_counts_as_a_miss(office, accounts):
    client = create_app(office, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_TOKEN_MISS="2/minute",
                        RATELIMIT_STORAGE_URI="memory://", RATELIMIT_KEY_PREFIX=f"t-{uuid.uuid4().hex}",
                        WEB_WORKERS=1).test_client()
    secret = _token(office)
    headers = {"Authorization": "Bearer " + secret}
    assert client.get("/api/v1/office/dashboard", headers=headers).status_code == 200
    with office.session() as s:
        revoke_token(s, s.query(ApiToken).one().id, office.now(), actor="test")
        s.commit()
    assert [client.get("/api/v1/office/dashboard", headers=headers).status_code for _ in range(3)] == [401, 401, 429]


def test_wrong_tokens_are_not_limited_with_ratelimit_enabled_false(office, accounts):
    client = create_app(office, TESTING=True, RATELIMIT_ENABLED="false", RATE_LIMIT_TOKEN_MISS="1/minute",
                        RATELIMIT_STORAGE_URI="memory://").test_client()
    statuses = {client.get("/api/v1/office/dashboard",
                           headers={"Authorization": f"Bearer {uuid.uuid4().hex}"}).status_code for _ in range(4)}
    assert statuses == {401}


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "Bearer"])
def test_the_scheme_name_is_case_insensitive(app, office, accounts, scheme):
    """RFC 9110 §11.1: an authentication scheme's name is matched case-insensitively; clients that send
    `bearer` (some HTTP libraries) get the same answer as with `Bearer`."""
    secret = _token(office)
    assert app.test_client().get("/api/v1/office/dashboard",
                                 headers={"Authorization": f"{scheme} {secret}"}).status_code == 200
