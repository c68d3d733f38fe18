"""POST /api/v1/ask and the /ask conversation page."""
import re

from tests.conftest import csrf_token_from
from consultation.document import get_consultation


def test_api_answers_like_the_cli(client):
    r = client.post("/api/v1/ask", json={"question": "县级市可以申报示范区吗?"})
    assert r.status_code == 200
    body = r.get_json()
    assert set(body) == {"answer", "citations", "verdict", "declined", "language", "revision"}
    assert body["verdict"] == "eligible" and body["language"] == "zh" and body["declined"] is False
    c = get_consultation()
    assert body["citations"][0]["ref"] == "art-3"
    assert all(cite["quote"] in c.quote(cite["ref"]) for cite in body["citations"])


def test_api_declines_out_of_scope(client):
    body = client.post("/api/v1/ask", json={"question": "What's the weather tomorrow?"}).get_json()
    assert body["declined"] is True and body["verdict"] is None and body["citations"] == []


def test_api_refuses_missing_empty_and_long_questions_with_localized_errors(client):
    for payload in ({}, {"question": ""}, {"question": "   "}, {"question": 42}, {"question": "问" * 501}):
        r = client.post("/api/v1/ask", json=payload, headers={"Accept-Language": "en"})
        assert r.status_code == 422, payload
        assert r.get_json()["errors"][0]["field"] == "question"
    en = client.post("/api/v1/ask", json={"question": ""}, headers={"Accept-Language": "en"}).get_json()
    zh = client.post("/api/v1/ask", json={"question": ""}, headers={"Accept-Language": "zh-CN"}).get_json()
    assert en["message"] == "Please type a question."
    assert zh["message"] != en["message"] and re.search(r"[\u4e00-\u9fff]", zh["message"])
    assert client.post("/api/v1/ask", data="not json", content_type="application/json").status_code == 400


def test_openapi_lists_ask(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert "post" in doc["paths"]["/api/v1/ask"]
    assert "Answer" in doc["components"]["schemas"]


def test_page_conversation_without_javascript(client):
    page = client.get("/ask")
    assert page.status_code == 200
    token = csrf_token_from(page.get_data(as_text=True))
    r = client.post("/ask", data={"csrf_token": token, "question": "申报需要哪些材料?"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'href="/draft#art-9"' in html and "申报书" in html
    r2 = client.post("/ask", data={"csrf_token": token, "history": "申报需要哪些材料?",
                                   "question": "Can a township apply?"})
    html2 = r2.get_data(as_text=True)
    assert html2.count('class="turn"') == 2
    assert 'href="/draft#art-3"' in html2 and "verdict-not_eligible" in html2


def test_page_shows_error_next_to_the_field(client):
    token = csrf_token_from(client.get("/ask").get_data(as_text=True))
    r = client.post("/ask", data={"csrf_token": token, "question": ""}, headers={"Accept-Language": "en"})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert 'id="question-error"' in html and "Please type a question." in html


def test_page_requires_csrf_token(client):
    assert client.post("/ask", data={"question": "县能申报吗"}).status_code in (400, 403)


def test_the_page_and_the_api_refuse_a_long_question_in_the_same_words(client):
    """One rule, guidance's AskIn: the page, the API (and the bot) say the same thing."""
    long = "问" * 501
    api = client.post("/api/v1/ask", json={"question": long}, headers={"Accept-Language": "zh-CN"}).get_json()
    token = csrf_token_from(client.get("/ask").get_data(as_text=True))
    page = client.post("/ask", data={"csrf_token": token, "question": long}, headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 422
    assert api["message"] == "内容过长：最多 500 个字符（您填写了 501 个）。"
    assert api["message"] in page.get_data(as_text=True)


def test_the_home_page_names_the_publisher_from_the_data_in_each_language(client):
    source = get_consultation().source
    zh = client.get("/", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    en = client.get("/?lang=en").get_data(as_text=True)
    assert f"{source.publisher}就本导则征求意见稿向社会公开征求意见。" in zh
    assert f"{source.publisher_en} asks for public comment on this draft guideline." in en
