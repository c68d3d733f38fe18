"""The saved self-check's Word report is built once per result, not on every request (attack round 4, F12).

Building it took about 50 ms of CPU and anyone holding a report link could fetch it without limit: 8 connections
on one link raised the public API's latency from 1 ms to 256 ms. guidance.selfcheck.docx_report.cached keeps the
last CACHE_SIZE documents, keyed by everything the document is built from.
"""
from __future__ import annotations

import pytest

from guidance.selfcheck import docx_report, store


@pytest.fixture
def builds(monkeypatch):
    """Counts the documents actually built; the cache starts empty."""
    count = []
    real = docx_report.build

    def counting(*args, **kwargs):
        count.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(docx_report, "build", counting)
    monkeypatch.setattr(docx_report, "_built", type(getattr(docx_report, "_built", {}))(), raising=False)
    return count


def _saved(client) -> str:
    example = client.get("/api/v1/openapi.json").json["components"]["schemas"]["SelfCheckIn"]["example"]
    response = client.post("/api/v1/self-check", json={**example, "save": True})
    assert response.status_code == 200
    return response.json["saved"]["url"].rsplit("/", 1)[1]


def test_the_report_is_built_once_for_many_requests(client, builds):
    token = _saved(client)
    answers = [client.get(f"/self-check/{token}/report.docx") for _ in range(5)]
    assert {r.status_code for r in answers} == {200}
    assert answers[0].data[:2] == b"PK" and len({r.data for r in answers}) == 1
    assert len(builds) == 1
    english = client.get(f"/self-check/{token}/report.docx?lang=en")
    assert english.status_code == 200 and english.data != answers[0].data  # another language, another document
    assert len(builds) == 2


def test_a_changed_self_check_gets_a_new_report_under_a_fixed_clock(client, services, builds):
    """CONSULT_NOW fixes the clock, so an edit leaves `updated_at` as it was: the key is the result itself."""
    token = _saved(client)
    first = client.get(f"/self-check/{token}/report.docx").data
    assert client.get(f"/self-check/{token}/report.docx").data == first
    with services.session() as s:
        record = store.load(s, token)
        before = record.updated_at
        lowered = {name: 0 for name, value in record.answers.items() if isinstance(value, (int, float))
                   and not isinstance(value, bool) and value}
        assert lowered, "the example has numeric answers"
        store.update(s, record, lowered, now=services.now())
        assert record.updated_at == before
    second = client.get(f"/self-check/{token}/report.docx").data
    assert second != first and len(builds) == 2


def test_the_cache_is_bounded(client, services, monkeypatch, builds):
    monkeypatch.setattr(docx_report, "CACHE_SIZE", 2, raising=False)
    token = _saved(client)
    for locale in ("zh_CN", "en", "zh_CN", "en"):  # two documents, each built once
        assert client.get(f"/self-check/{token}/report.docx?lang={locale}").status_code == 200
    assert len(builds) == 2
    result = {"disclaimer": "", "assumption_note": "", "entity": {"label": ""}, "unmet": [], "types": [],
              "materials": {"items": [], "quote": ""}}
    for title in ("a", "b", "c"):  # three more documents: only the last two are kept
        docx_report.cached(result, "zh_CN", title)
    assert len(builds) == 5 and len(docx_report._built) == 2
    docx_report.cached(result, "zh_CN", "c")
    docx_report.cached(result, "zh_CN", "a")
    assert len(builds) == 6
