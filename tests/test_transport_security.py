"""HTTPS and caching on the public side (issue 13, item 6): HSTS and Secure cookies only over HTTPS,
and the form's 422 page, which repeats the typed name and phone, is never cached."""
from __future__ import annotations

from tests.conftest import csrf_token_from


def test_the_forms_422_page_is_not_cached(client):
    token = csrf_token_from(client.get("/feedback").get_data(as_text=True))
    response = client.post("/feedback", data={"csrf_token": token, "submitter-name": "张三",
                                              "submitter-phone": "13800138000", "comments-0-target": "art-3"})
    assert response.status_code == 422  # the details are asked on a later step; this page is still a form answer
    assert response.headers["Cache-Control"] == "no-store"


def test_hsts_and_secure_cookies_only_over_https(client):
    plain = client.get("/lang/en?next=/draft")
    assert "Strict-Transport-Security" not in plain.headers and "Secure" not in plain.headers["Set-Cookie"]
    secure = client.get("/lang/en?next=/draft", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Secure" in secure.headers["Set-Cookie"]
    page = client.get("/feedback", base_url="https://localhost")
    assert "Secure" in page.headers["Set-Cookie"]  # the session cookie holding the CSRF token
