"""The self-check API and wizard through the Flask test client, asserting on responses and the database."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from guidance.models import SavedSelfCheck
from guidance.selfcheck import flow

from tests.conftest import csrf_token_from
from tests.selfcheck_support import full_answers, not_eligible_kind

ZONE_TYPES = ("deep_application", "product_innovation", "tech_empowerment")


def _count(services) -> int:
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(SavedSelfCheck))


# --- API -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("zone_type,annex,rows", [("deep_application", 1, 21), ("product_innovation", 2, 29),
                                                  ("tech_empowerment", 3, 20)])
def test_indicators_endpoint_lists_the_table_with_scoring_references(client, zone_type, annex, rows):
    r = client.get(f"/api/v1/indicators/{zone_type}")
    assert r.status_code == 200
    body = r.get_json()
    assert body["annex"] == f"annex-{annex}" and len(body["indicators"]) == rows
    assert sum(i["points"] for i in body["indicators"]) == 100
    for item in body["indicators"]:
        assert item["ref"].startswith(f"annex-{annex}/") and item["method"] in ("定量", "定性", "定性+定量")
        assert item["scoring"]["assumption"] is True
    row16 = next(i for i in body["indicators"] if i["ref"] == "annex-1/16") if annex == 1 else None
    if row16:
        assert row16["points"] == 4 and row16["scoring"]["curve"] == "steps" and row16["input"] == "pflops"


def test_indicators_endpoint_404_for_unknown_type(client):
    r = client.get("/api/v1/indicators/smart_city")
    assert r.status_code == 404 and r.get_json()["error"] == "unknown_zone_type"


def test_self_check_api_scores_a_complete_set(client, services):
    answers = full_answers(["deep_application", "tech_empowerment"], "max")
    answers["annex-3/9"] = 250  # 10 × 250/500 = 5 points lost
    r = client.post("/api/v1/self-check", json={"answers": answers}, headers={"Accept-Language": "en"})
    assert r.status_code == 200
    body = r.get_json()
    assert [t["total"] for t in body["types"]] == [100, 95]
    assert body["types"][1]["indicators"][0]["ref"] == "annex-3/9"
    assert body["recommendation"]["zone_type"] == "deep_application"
    assert body["disclaimer"] == "Self-assessment for reference, not the official evaluation."
    assert _count(services) == 0


def test_self_check_api_can_save_and_return_a_private_link(client, services):
    r = client.post("/api/v1/self-check", json={"answers": full_answers(["product_innovation"]), "save": True})
    assert r.status_code == 200
    saved = r.get_json()["saved"]
    assert _count(services) == 1
    page = client.get(f"/self-check/{saved['token']}")
    assert page.status_code == 302 and page.location.endswith("/result")


def test_self_check_api_422_with_per_field_errors_and_nothing_saved(client, services):
    answers = full_answers(["deep_application"])
    answers.update({"annex-1/6": 150, "annex-1/1": "2.5", "annex-1/2": -1})
    del answers["annex-1/23"]
    r = client.post("/api/v1/self-check", json={"answers": answers, "save": True},
                    headers={"Accept-Language": "zh-CN"})
    assert r.status_code == 422
    errors = {e["field"]: e["message"] for e in r.get_json()["errors"]}
    assert set(errors) == {"annex-1/6", "annex-1/1", "annex-1/2", "annex-1/23"}
    assert all(re.search(r"[\u4e00-\u9fff]", m) for m in errors.values())
    assert _count(services) == 0


def test_self_check_api_not_eligible_stops_at_article_3(client):
    r = client.post("/api/v1/self-check", json={"answers": {"zone_types": ["deep_application"],
                                                            "entity_kind": not_eligible_kind()}})
    assert r.status_code == 200
    body = r.get_json()
    assert body["outcome"] == "not_eligible" and body["types"] == [] and body["entity"]["verdict"] == "not_eligible"


def test_self_check_api_refuses_non_objects(client):
    assert client.post("/api/v1/self-check", data="[1]", content_type="application/json").status_code == 400
    r = client.post("/api/v1/self-check", json={"answers": [1, 2]})
    assert r.status_code == 422


# --- the wizard ------------------------------------------------------------------------------------------

def _walk(client, answers, zone_types):
    """Answer the wizard page by page as a browser would; returns the private token."""
    start = client.get("/self-check")
    token = csrf_token_from(start.get_data(as_text=True))
    r = client.post("/self-check", data={"csrf_token": token, "zone_types": zone_types})
    assert r.status_code == 302
    private = r.location.split("/self-check/")[1].split("/")[0]
    location = r.location
    while "/step/" in location:
        page_name = location.split("/step/")[1]
        page = client.get(location)
        assert page.status_code == 200
        data = {"csrf_token": csrf_token_from(page.get_data(as_text=True))}
        data.update({q.name: str(answers[q.name]) for q in flow.all_nodes()[page_name].questions})
        r = client.post(location, data=data)
        assert r.status_code == 302, (page_name, r.get_data(as_text=True)[:500])
        location = r.location
    return private, location


def test_wizard_to_the_result_saving_each_page(client, services):
    answers = full_answers(["tech_empowerment"], "zero")
    answers["annex-3/8"] = 1
    private, location = _walk(client, answers, ["tech_empowerment"])
    assert location.endswith(f"/self-check/{private}/result")
    page = client.get(location)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "仅供自评参考，不代表正式评估结果。" in html
    assert ">5 / 10</td>" in html  # annex-3/8: one platform reaches the 0.5 step of 10 points
    assert "附件3第8项" in html
    with services.session() as s:
        saved = s.scalars(select(SavedSelfCheck)).one()
        assert saved.answers["annex-3/8"] == 1 and saved.completed_at is not None
    download = client.get(f"/self-check/{private}/report.html")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "<style>" in download.get_data(as_text=True)
    assert download.get_data(as_text=True).count("仅供自评参考，不代表正式评估结果。") == 1  # once, not twice
    word = client.get(f"/self-check/{private}/report.docx")
    assert word.status_code == 200 and word.data[:2] == b"PK"
    import io

    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.data)).paragraphs)
    assert "仅供自评参考，不代表正式评估结果。" in text and "申报书" in text


def test_wizard_errors_next_to_fields_and_nothing_saved(client, services):
    answers = full_answers(["deep_application"])
    private, _ = _walk(client, answers, ["deep_application"])
    url = f"/self-check/{private}/step/indicators/deep_application/2"
    page = client.get(url)
    data = {"csrf_token": csrf_token_from(page.get_data(as_text=True)), "annex-1/6": "120", "annex-1/7": "abc",
            "annex-1/8": "3", "annex-1/9": "1", "annex-1/10": "1", "annex-1/11": "-2"}
    r = client.post(url, data=data)
    html = r.get_data(as_text=True)
    assert r.status_code == 422
    for field in ("annex-1/6", "annex-1/7", "annex-1/11"):
        assert f'id="{field}-error"' in html and f'href="#{field}"' in html
    assert 'value="120"' in html  # what was typed stays in the field
    with services.session() as s:
        assert s.scalars(select(SavedSelfCheck)).one().answers["annex-1/8"] == answers["annex-1/8"]


def test_wizard_requires_csrf(client):
    assert client.post("/self-check", data={"zone_types": ["deep_application"]}).status_code == 400


def test_wizard_refuses_unknown_links_and_pages_ahead(client):
    assert client.get("/self-check/" + "x" * 43).status_code == 404
    r = client.post("/self-check", data={"csrf_token": csrf_token_from(client.get("/self-check").get_data(as_text=True)),
                                         "zone_types": ["deep_application"]})
    private = r.location.split("/self-check/")[1].split("/")[0]
    ahead = client.get(f"/self-check/{private}/step/indicators/deep_application/4")
    assert ahead.status_code == 302 and ahead.location.endswith(f"/self-check/{private}")
    assert client.get(f"/self-check/{private}/step/nowhere").status_code == 404
    assert client.get(f"/self-check/{private}/result").status_code == 302


def test_wizard_start_without_a_type_is_refused(client, services):
    token = csrf_token_from(client.get("/self-check").get_data(as_text=True))
    r = client.post("/self-check", data={"csrf_token": token})
    assert r.status_code == 422 and 'id="zone_types-error"' in r.get_data(as_text=True)
    assert _count(services) == 0


def test_wizard_not_eligible_outcome(client):
    answers = {"zone_types": ["deep_application"], "entity_kind": not_eligible_kind()}
    private, location = _walk(client, answers, ["deep_application"])
    assert location.endswith("/result")
    html = client.get(location).get_data(as_text=True)
    assert "第三条" in html and "sc-materials" not in html and "sc-type-" not in html


def test_openapi_lists_the_self_check_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/indicators/{zone_type}", "/api/v1/self-check", "/api/v1/self-check/questions"} <= set(paths)


def test_questions_endpoint_lists_questions_by_name(client):
    body = client.get("/api/v1/self-check/questions?zone_type=product_innovation").get_json()
    names = [q["name"] for q in body["questions"]]
    assert names[:2] == ["zone_types", "entity_kind"] and "annex-2/29" in names and "annex-1/1" not in names
    row = next(q for q in body["questions"] if q["name"] == "annex-2/24")
    assert row["input"] == "percent" and row["min"] == 0 and row["max"] == 100


def test_chinese_result_and_steps_join_labels_with_full_width_marks(client):
    """Our own glue between a label and its value is Chinese punctuation in Chinese; quoted draft text is not ours."""
    answers = full_answers(["tech_empowerment", "product_innovation"], "zero")
    private, location = _walk(client, answers, ["tech_empowerment", "product_innovation"])
    html = client.get(location).get_data(as_text=True)
    step = client.get(f"/self-check/{private}/step/{next(iter(flow.all_nodes()))}").get_data(as_text=True)
    for page in (html, step):
        assert "</strong>: " not in page and "</strong> (" not in page
    assert "</strong>：" in html
    based_on = re.search(r"依据：([^<]*)<", html)
    assert based_on and ", " not in based_on.group(1)


@pytest.mark.parametrize("lang", ("zh", "en"))
def test_wizard_error_messages_name_their_question(client, services, lang):
    """GOV.UK: each message says which question it is about; five identical "Answer this question."
    links in the summary told a screen-reader user (or one reading large text) nothing."""
    from guidance.selfcheck import present

    if lang == "en":
        client.get("/lang/en?next=/")
    start = client.get("/self-check")
    r = client.post("/self-check", data={"csrf_token": csrf_token_from(start.get_data(as_text=True)),
                                         "zone_types": ["deep_application"]})
    private = r.location.split("/self-check/")[1].split("/")[0]
    locale = "zh_CN" if lang == "zh" else "en"
    for name in ("general", "indicators/deep_application/1"):
        url = f"/self-check/{private}/step/{name}"
        _answer_until(client, private, name)  # reach the page: answer the pages before it
        page = client.get(url)
        r = client.post(url, data={"csrf_token": csrf_token_from(page.get_data(as_text=True))})
        html = r.get_data(as_text=True)
        assert r.status_code == 422
        summary = html.split('id="error-summary"')[1].split("</div>")[0]
        links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
        questions = present.node_dict(name, locale)["questions"]
        assert [href for href, _ in links] == [q["name"] for q in questions]
        texts = [text for _, text in links]
        assert len(set(texts)) == len(texts), texts  # no two alike
        for q, text in zip(questions, texts):
            assert text.startswith("请回答：" if lang == "zh" else "Answer: ") and q["label"] in text
            assert f'id="{q["name"]}-error"' in html  # the same message beside the field
            beside = html.split(f'id="{q["name"]}-error">')[1].split("</p>")[0]
            assert text in beside


def _answer_until(client, private, target):
    answers = full_answers(["deep_application"])
    location = f"/self-check/{private}"
    location = client.get(location).location
    while not location.endswith(target):
        name = location.split("/step/")[1]
        page = client.get(location)
        data = {"csrf_token": csrf_token_from(page.get_data(as_text=True))}
        data.update({q.name: str(answers[q.name]) for q in flow.all_nodes()[name].questions})
        location = client.post(location, data=data).location


@pytest.mark.parametrize("kind", flow.entity_kinds())
@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_self_check_api_answers_every_entity_kind_it_offers(client, kind, lang):
    """Each kind the wizard offers gets its verdict with its reason in words, whether the rules' data names a
    message or writes the words itself (the province's rule did: a 500, "Text is not JSON serializable")."""
    r = client.post("/api/v1/self-check", json={"answers": {"zone_types": ["deep_application"], "entity_kind": kind}},
                    headers={"Accept-Language": lang})
    assert r.status_code in (200, 422), r.get_data(as_text=True)[:300]
    if r.status_code == 200:
        entity = r.get_json()["entity"]
        assert entity["kind"] == kind and entity["verdict"] in ("eligible", "not_eligible", "depends")
        assert entity["reason"] is None or isinstance(entity["reason"], str) and entity["reason"]
