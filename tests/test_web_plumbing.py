"""What every response carries, and the language choice."""
from web import SECURITY_HEADERS
from web.i18n import COOKIE


def test_every_response_carries_the_security_headers_once(client):
    for path in ("/", "/api/v1/document/art-3", "/office/login", "/no-such-page"):
        response = client.get(path)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.getlist(name) == [value], (path, name)
    # The office's own headers stay beside them.
    assert client.get("/office/login").headers["Cache-Control"] == "no-store"


def test_the_language_follows_switch_then_cookie_then_accept_language(client):
    def lang_of(response):
        return response.get_data(as_text=True).split('<html lang="', 1)[1].split('"', 1)[0]

    assert lang_of(client.get("/")) == "zh-CN"
    assert lang_of(client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})) == "en"
    client.set_cookie(COOKIE, "en")
    assert lang_of(client.get("/", headers={"Accept-Language": "zh-CN"})) == "en"
    assert lang_of(client.get("/?lang=zh_CN")) == "zh-CN"
    # A query string without `lang` and a cookie header without ours fall through to the next source.
    assert lang_of(client.get("/?page=2", headers={"Accept-Language": "zh-CN"})) == "en"
    client.delete_cookie(COOKIE)
    client.set_cookie("other", "1")
    assert lang_of(client.get("/?page=2", headers={"Accept-Language": "en"})) == "en"
    assert lang_of(client.get("/?page=2")) == "zh-CN"
    # The API answers in the language asked for, with nothing else sent.
    response = client.post("/api/v1/feedback", json={}, headers={"Accept-Language": "en"})
    assert response.status_code == 422 and "nothing was stored" in response.get_json()["message"]
    response = client.post("/api/v1/feedback", json={})
    assert "nothing was stored" not in response.get_json()["message"]


def test_every_staff_path_is_never_stored_by_a_browser(client):
    """The staff prefixes come from the office blueprints themselves: pages, inbound, revisions and the API."""
    for path in ("/office/login", "/office/inbound/", "/office/revisions/", "/api/v1/office/dashboard"):
        assert client.get(path).headers.get("Cache-Control") == "no-store", path
    assert client.get("/").headers.get("Cache-Control") != "no-store"


def test_the_openapi_document_is_made_from_the_listed_parts_only(client, services):
    """Importing an API module registers nothing: the document holds the parts it is given."""
    from web import blueprints
    from web.api import openapi

    assert openapi.document(services.consultation, [])["paths"] == {}
    served = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/feedback", "/api/v1/ask", "/api/v1/self-check", "/api/v1/office/dashboard"} <= set(served)
    assert len(blueprints.OPENAPI) == 4
