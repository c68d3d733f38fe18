"""The OpenAPI 3 document served at /api/v1/openapi.json.

Each area's API module calls `add_paths` at import time (blueprints are
imported when the app is created), so the document lists exactly the routes
the app serves.
"""
from __future__ import annotations

import copy

from consultation.models import CATEGORIES, COMMENT_KINDS
from consultation.submissions import LIMITS, MAX_COMMENTS

_PATHS: dict = {}
_SCHEMAS: dict = {}


def add_paths(paths: dict, schemas: dict | None = None) -> None:
    _PATHS.update(paths)
    _SCHEMAS.update(schemas or {})


def document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Anhui AI demonstration zone guideline: consultation API", "version": "1"},
        "servers": [{"url": "/"}],
        "paths": copy.deepcopy(_PATHS),
        "components": {"schemas": copy.deepcopy(_SCHEMAS)},
    }


ERROR = {"type": "object", "required": ["error", "message"], "properties": {
    "error": {"type": "string"}, "message": {"type": "string"},
    "errors": {"type": "array", "items": {"type": "object", "properties": {
        "field": {"type": "string"}, "message": {"type": "string"}}}},
}}

FEEDBACK = {
    "type": "object", "required": ["comments", "submitter", "consent"],
    "properties": {
        "comments": {"type": "array", "minItems": 1, "maxItems": MAX_COMMENTS, "items": {
            "type": "object", "required": ["target", "kind"],
            "properties": {
                "target": {"type": "string", "example": "art-3",
                           "description": "notice, general, explanation, art-N, art-N.M, art-N.M.K, annex-N, annex-N/R"},
                "kind": {"type": "string", "enum": list(COMMENT_KINDS)},
                "proposal": {"type": "string", "maxLength": LIMITS["proposal"]},
                "reason": {"type": "string", "maxLength": LIMITS["reason"]},
                "proposed_points": {"type": "integer", "nullable": True, "minimum": 0, "maximum": 100},
            }}},
        "submitter": {"type": "object", "required": ["category", "name"], "properties": {
            "category": {"type": "string", "enum": list(CATEGORIES)},
            "name": {"type": "string", "maxLength": LIMITS["name"]},
            "organisation": {"type": "string", "maxLength": LIMITS["organisation"]},
            "phone": {"type": "string", "maxLength": LIMITS["phone"]},
            "email": {"type": "string", "maxLength": LIMITS["email"]},
        }},
        "consent": {"type": "boolean", "enum": [True]},
    },
}

_json = lambda ref: {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}

add_paths({
    "/api/v1/document": {"get": {"summary": "The whole structured draft with references",
                                 "responses": {"200": {"description": "The draft"}}}},
    "/api/v1/document/{ref}": {"get": {
        "summary": "One node of the draft",
        "parameters": [{"name": "ref", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "The node"}, "404": {"description": "Unknown reference", **_json("Error")}}}},
    "/api/v1/feedback": {"post": {
        "summary": "Send feedback (one or more comments)",
        "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string"}}],
        "requestBody": {"required": True, **_json("Feedback")},
        "responses": {
            "201": {"description": "Stored", "content": {"application/json": {"schema": {"type": "object", "properties": {
                "reference": {"type": "string"}, "token": {"type": "string"}, "receipt_url": {"type": "string"}}}}}},
            "200": {"description": "Already stored under this Idempotency-Key"},
            "403": {"description": "Outside the consultation window", **_json("Error")},
            "422": {"description": "Invalid feedback; nothing stored", **_json("Error")}}}},
    "/api/v1/feedback/{reference}": {"get": {
        "summary": "What was stored under a receipt",
        "parameters": [{"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}},
                       {"name": "token", "in": "query", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "The submission"},
                      "404": {"description": "Wrong reference or token", **_json("Error")}}}},
}, {"Feedback": FEEDBACK, "Error": ERROR})
