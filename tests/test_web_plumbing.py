"""What every response carries, the signed session cookie, and the language choice."""
from flask import request

from web import SECURITY_HEADERS
from web.i18n import COOKIE


def test_every_response_carries_the_security_headers_once(client):
    for path in ("/", "/api/v1/document/art-3", "/office/login", "/no-such-page"):
        response = client.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.getlist(name) == [value], (path, name)
    # The office's own headers stay beside them.
    assert client.get("/office/login").headers["Cache-Control"] == "no-store"


def test_the_session_signer_is_built_once_per_key_and_follows_a_new_key(app):
    interface = app.session_interface
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first
    cookie = first.dumps({"who": "staff"})
    app.secret_key = "rotated"
    rotated = interface.get_signing_serializer(app)
    assert rotated is not first
    # A cookie signed with the old key no longer opens a session.
    name = app.config["SESSION_COOKIE_NAME"]
    with app.test_request_context(headers={"Cookie": f"{name}={cookie}"}):
        assert dict(interface.open_session(app, request)) == {}
    with app.test_request_context(headers={"Cookie": f"{name}={rotated.dumps({'who': 'x'})}"}):
        assert dict(interface.open_session(app, request)) == {"who": "x"}


def test_the_language_follows_switch_then_cookie_then_accept_language(client):
    def lang_of(response):
        return response.get_data(as_text=True).split('<html lang="', 1)[1].split('"', 1)[0]

    assert lang_of(client.get("/")) == "zh-CN"
    assert lang_of(client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})) == "en"
    client.set_cookie(COOKIE, "en")
    assert lang_of(client.get("/", headers={"Accept-Language": "zh-CN"})) == "en"
    assert lang_of(client.get("/?lang=zh_CN")) == "zh-CN"
