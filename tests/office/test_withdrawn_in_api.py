"""The office API says a comment's submission was withdrawn (attack round 13, F2).

`GET /api/v1/office/nodes/{ref}/comments` and `GET /api/v1/office/comments/{id}/decision` answered a withdrawn
submission's comment exactly like a pending one (`outcome: null`), while the node page says "提出人已撤回，不再处理。":
an API client listed it as work to do and learnt otherwise only from the 409 of a decision. Now both carry
`withdrawn_at` (null unless withdrawn), and the served OpenAPI document (generated from the same models)
describes it. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from consultation import amendments
from consultation.models import Comment, Submission

from .test_deliberate import send


def _comment(office, reference: str) -> int:
    with office.session() as s:
        return s.scalar(select(Comment.id).join(Submission).where(Submission.reference == reference))


def test_the_office_api_marks_a_withdrawn_submissions_comments(app, office, api):
    kept = _comment(office, send(office, [("art-3", "建议第三条明确申报条件。")]).reference)
    gone = _comment(office, send(office, [("art-3", "建议第三条删去省级以上园区。")]).reference)
    with office.session() as s:
        sub = s.get(Comment, gone).submission
        amendments.withdraw(s, office.consultation, sub, office.now())
        withdrawn_at = sub.withdrawn_at
        s.commit()
    client = app.test_client()
    for role in ("viewer", "editor", "admin"):
        rows = client.get("/api/v1/office/nodes/art-3/comments", headers=api[role]).get_json()["comments"]
        by_id = {row["id"]: row for row in rows}
        assert by_id[kept]["withdrawn_at"] is None
        assert by_id[gone]["withdrawn_at"] is not None
        assert dt.datetime.fromisoformat(by_id[gone]["withdrawn_at"]) == withdrawn_at
        decision = client.get(f"/api/v1/office/comments/{gone}/decision", headers=api[role]).get_json()
        assert decision["withdrawn_at"] == by_id[gone]["withdrawn_at"] and decision["outcome"] is None
        assert client.get(f"/api/v1/office/comments/{kept}/decision", headers=api[role]).get_json()["withdrawn_at"] is None
    # The 409 of a decision on it lists the comment's state with the same mark.
    refused = client.post("/api/v1/office/decisions", headers=api["editor"],
                          json={"comment_ids": [gone], "outcome": "adopted"})
    assert refused.status_code == 409 and refused.get_json()["error"] == "withdrawn"
    assert refused.get_json()["current"][0]["withdrawn_at"] == by_id[gone]["withdrawn_at"]


def test_the_openapi_document_describes_withdrawn_at(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    for name in ("CommentRow", "DecisionOut"):
        field = schemas[name]["properties"]["withdrawn_at"]
        assert {s.get("type") for s in field["anyOf"]} == {"string", "null"}
        assert "withdrew" in field["description"]
