"""A database that cannot be reached (attack round 7, F3): PostgreSQL refusing connections ("too many clients",
a role's connection limit, the server down) made requests answer 500, pages with Flask's bare English error
page. Now: 503 with Retry-After, the localized page or JSON under /api/, rendered without the database, and
the outage logged once (and its end). The app is built as in production (not TESTING), so an error the app
does not answer shows as the 500 a user would see."""
from __future__ import annotations

import logging
import os
import uuid

import pytest
from sqlalchemy import text

from consultation.db import make_engine, make_sessionmaker
from consultation.expiring import make_store
from consultation.submissions import new_reference, token_for
from tests.conftest import sample_payload
from tests.serving import free_port

# (method, path, JSON?) for pages and API calls that each need the database at once.
REQUESTS = [
    ("get", "/", False),
    ("get", "/draft", False),
    ("get", "/self-check", False),
    ("post", "/api/v1/feedback", True),
    ("get", "/api/v1/feedback/{link}", True),  # a well-formed link: looked up
    ("get", "/api/v1/office/dashboard", True),
]
REFERENCE = new_reference()


def _use(monkeypatch, services, engine) -> None:
    """The services' engine (and what is made from it) replaced by `engine`, for this test only."""
    monkeypatch.setitem(services.__dict__, "engine", engine)
    monkeypatch.setitem(services.__dict__, "sessionmaker",
                        make_sessionmaker(engine, info={"secret_key": services.settings.secret_key}))
    monkeypatch.setitem(services.__dict__, "keys", make_store(engine, None))


def _send(client, method: str, path: str):
    if path == "/api/v1/feedback":
        return client.post(path, json=sample_payload(), headers={"Accept-Language": "zh-CN"})
    headers = {"Accept-Language": "zh-CN", "Authorization": "Bearer ofc_" + "x" * 43}
    secret = client.application.extensions["services"].settings.secret_key
    link = f"{REFERENCE}?token={token_for(REFERENCE, secret)}"
    return getattr(client, method)(path.format(link=link), headers=headers)


def _assert_unavailable(response, api: bool) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 503, body[:300]
    assert int(response.headers["Retry-After"]) > 0
    if api:
        assert response.json["error"] == "temporarily_unavailable"
        assert "暂时无法使用" in response.json["message"]
    else:
        assert response.mimetype == "text/html" and '<html lang="zh-CN"' in body
        assert "服务暂时无法使用" in body


@pytest.fixture
def production_app(services):
    from web import create_app

    return create_app(services, RATELIMIT_ENABLED=False)


def test_a_database_on_a_closed_port_answers_503_and_logs_once(production_app, services, monkeypatch, caplog):
    dead = make_engine(f"postgresql://127.0.0.1:{free_port()}/consult")
    _use(monkeypatch, services, dead)
    client = production_app.test_client()
    with caplog.at_level(logging.INFO, logger="consultation.db"):
        for _ in range(2):
            for method, path, api in REQUESTS:
                _assert_unavailable(_send(client, method, path), api)
        # Error pages that need no database are still theirs, rendered without it (not the bare 500).
        for path in ("/no-such-page", "/office/no-such-page", "/receipt/AB12-CD34?token=x"):
            missing = client.get(path, headers={"Accept-Language": "zh-CN"})
            assert missing.status_code == 404 and '<html lang="zh-CN"' in missing.get_data(as_text=True)
    logged = [r for r in caplog.records if r.name == "consultation.db"]
    assert len(logged) == 1 and "unreachable" in logged[0].getMessage(), [r.getMessage() for r in logged]
    dead.dispose()


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="PostgreSQL's connection limits")
def test_a_role_over_its_connection_limit_answers_503_until_it_may_connect(production_app, services, monkeypatch,
                                                                          caplog):
    """"too many connections for role": refused at connect as "too many clients" is; once the limit allows a
    connection again, the same requests are served and the end of the outage is logged."""
    admin = services.engine
    role = f"limited_{uuid.uuid4().hex[:8]}"
    with admin.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN CONNECTION LIMIT 0'))
        conn.execute(text(f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{role}"'))
        conn.execute(text(f'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "{role}"'))
    limited = make_engine(admin.url.set(username=role).render_as_string(hide_password=False))
    try:
        _use(monkeypatch, services, limited)
        client = production_app.test_client()
        with caplog.at_level(logging.INFO, logger="consultation.db"):
            for method, path, api in REQUESTS:
                _assert_unavailable(_send(client, method, path), api)
            with admin.begin() as conn:
                conn.execute(text(f'ALTER ROLE "{role}" CONNECTION LIMIT 5'))
            assert client.get("/draft").status_code == 200
            stored = _send(client, "post", "/api/v1/feedback")
            assert stored.status_code == 201, stored.get_data(as_text=True)[:300]
        logged = [r.getMessage() for r in caplog.records if r.name == "consultation.db"]
        assert len(logged) == 2 and "unreachable" in logged[0] and "reachable again" in logged[1], logged
    finally:
        limited.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
