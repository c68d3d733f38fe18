"""Query parameters the served OpenAPI document must account for (the outsider's schemathesis run, issue 13):
a NUL in any parameter is a 400 on every operation, so every operation lists that 400 with the Error body."""
from __future__ import annotations

import re

import pytest

from web.api.openapi import ERROR

SAMPLE = {"ref": "art-3", "reference": "ABCD-EFGH-JKMN", "zone_type": "deep_application", "comment_id": "1",
          "submission_id": "1"}


def _operations(doc):
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            yield re.sub(r"{([^}]+)}", lambda m: SAMPLE[m.group(1)], path), method, operation


def test_every_operation_documents_the_400_it_answers_for_a_nul_parameter(client, services):
    doc, seen = client.get("/api/v1/openapi.json").get_json(), 0
    for url, method, operation in _operations(doc):
        for query in ("token=%00", "x=%00", "%00=1"):
            response = client.open(f"{url}?{query}", method=method.upper(), json={})
            assert response.status_code == 400, (method, url, query)
            assert response.get_json()["error"] == "invalid"
        documented = operation["responses"].get("400")
        assert documented, (method, url)
        assert documented["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
        assert "NUL" in documented["description"]
        seen += 1
    assert seen >= 15 and doc["components"]["schemas"]["Error"] == ERROR


def test_a_body_refusal_keeps_its_own_reason_beside_the_parameter_one(client, services):
    doc = client.get("/api/v1/openapi.json").get_json()
    reason = doc["paths"]["/api/v1/feedback"]["post"]["responses"]["400"]["description"]
    assert reason.startswith("The body is not a JSON object") and "NUL" in reason


@pytest.mark.parametrize("path", ["/api/v1/feedback/ABCD-EFGH-JKMN?token=%00",
                                  "/api/v1/self-check/questions?zone_type=deep_application&x=%00"])
def test_the_outsiders_requests_answer_the_documented_400(client, services, path):
    response = client.get(path)
    assert response.status_code == 400 and set(response.get_json()) >= {"error", "message"}
