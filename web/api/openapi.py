"""The OpenAPI 3 document served at /api/v1/openapi.json.

Each area's API module describes its routes in one `Part` next to them, and web/blueprints.py lists the
parts (OPENAPI) as it lists the blueprints; `create_app` collects them, so the document lists exactly the
routes the app serves and importing a module registers nothing.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

from consultation.intake.idempotency import KEY, MAX_LENGTH
from consultation.intake.payload import EXAMPLE, feedback_schemas
from consultation.submissions import TOKEN, TOKEN_LENGTH

@dataclass(frozen=True)
class Part:
    """One area's routes and components; `builder(consultation)` returns components made from the text
    served (its references), built when the document is asked for."""

    paths: dict
    schemas: dict = field(default_factory=dict)
    builder: Callable | None = None


def document(consultation, parts: list[Part]) -> dict:
    paths, schemas = {}, {}
    for part in parts:
        paths.update(part.paths)
        schemas.update(part.schemas)
    schemas = copy.deepcopy(schemas)
    for part in parts:
        if part.builder is not None:
            schemas.update(part.builder(consultation))
    return {
        "openapi": "3.1.0",
        "info": {"title": "Anhui AI demonstration zone guideline: consultation API", "version": "1",
                 "description": "Request bodies are validated strictly by the models these schemas are generated "
                                "from: no type coercion, unknown or duplicate keys refused, nesting at most 12 deep, "
                                "bodies at most 1 MiB. Public POSTs are rate-limited per client address (429 with "
                                "Retry-After)."},
        "servers": [{"url": "/"}],
        "paths": with_body_refusal(with_parameter_refusal(copy.deepcopy(paths))),
        "components": {"schemas": schemas, "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "An office API token (consult issue-token)"}}},
    }


ERROR = {"type": "object", "required": ["error", "message"], "properties": {
    "error": {"type": "string"}, "message": {"type": "string"},
    "errors": {"type": "array", "items": {"type": "object", "properties": {
        "field": {"type": "string"}, "message": {"type": "string"}}}},
}}

_json = lambda ref: {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}

REASONS = {
    "400": "The body is not a JSON object (or not UTF-8, starts with a byte order mark, has a duplicate key, a number "
           "too large, nesting too deep)",
    "401": "No valid bearer token",
    "403": "Not allowed",
    "404": "Not found",
    "413": "The body is larger than 1 MiB",
    "415": "The body was sent in a content coding (Content-Encoding other than identity), which is not decoded: "
           "send it uncompressed (Accept-Encoding in the answer says what is read). Nothing stored",
    "422": "Invalid fields, one error per field; nothing stored",
    "429": "Too many requests from this address or for this contact; retry after Retry-After seconds",
}


# Every request passes web/params.refuse_ambiguous_fields and web/encoding.refuse_not_utf8 before its view: a NUL, or
# percent-escapes that are not UTF-8, in any query parameter's name or value (documented or not) is a 400 on
# every operation, so every operation lists it.
PARAMETER_REFUSAL = ("A query parameter (its name or value) holds a NUL character or percent-escapes that are not "
                     "UTF-8, or a parameter is not valid")


def with_parameter_refusal(paths: dict) -> dict:
    """`paths` with the 400 (Error body) on every operation: the one place the document adds it."""
    for operations in paths.values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if "400" in responses:
                responses["400"]["description"] += f"; or: {PARAMETER_REFUSAL[0].lower()}{PARAMETER_REFUSAL[1:]}"
            else:
                responses["400"] = errors("400", r400=PARAMETER_REFUSAL)["400"]
    return paths


def with_body_refusal(paths: dict) -> dict:
    """`paths` with the 415 of web/encoding.refuse_content_coding on every operation that takes a body: the one
    place the document adds it, as the one hook answers it for every route."""
    for operations in paths.values():
        for operation in operations.values():
            if "requestBody" in operation:
                operation.setdefault("responses", {}).setdefault("415", errors("415")["415"])
    return paths


def errors(*codes: str, **reasons: str) -> dict:
    """Documented error responses (each with the Error body; 429 with its Retry-After header)."""
    out = {}
    for code in codes:
        response = {"description": reasons.get(f"r{code}", REASONS[code]), **_json("Error")}
        if code == "429":
            response["headers"] = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}
        elif code == "415":
            response["headers"] = {"Accept-Encoding": {"description": "The content codings read: identity (none)",
                                                       "schema": {"type": "string"}}}
        out[code] = response
    return out


# The public API's routes (web/api/views.py).
PUBLIC_API = Part({
    "/api/v1/document": {"get": {"summary": "The whole structured draft with references",
                                 "responses": {"200": {"description": "The draft"}}}},
    "/api/v1/document/{ref}": {"get": {
        "summary": "One node of the draft",
        "parameters": [{"name": "ref", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "The node"}, "404": {"description": "Unknown reference", **_json("Error")}}}},
    "/api/v1/feedback": {"post": {
        "summary": "Send feedback (one or more comments)",
        "description": "The web form, the bots and this call share one validation path. An identical repeat "
                       "(same comments, same contact) within 10 minutes is answered 200 with the first submission's "
                       "reference and no token, and not stored again (a retry with the same Idempotency-Key and the same body "
                       "is not a repeat: it gets the stored 201 again).",
        "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                        "description": "Names one submission for 24 hours: the same key with the same body returns "
                                       "the stored response (201 with the reference, token and receipt_url, and "
                                       "Idempotent-Replayed: true); with another body, 422. The same body is the "
                                       "same JSON: key order, spacing, escapes and the spelling of a number (6, "
                                       "6.0, 6e0) do not matter; \"6\" is another body. Sent empty, too long "
                                       "or with other characters: 400.",
                        "schema": {"type": "string", "pattern": f"^{KEY.pattern}$", "maxLength": MAX_LENGTH}}],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/FeedbackIn"}, "example": EXAMPLE}}},
        "responses": {
            "201": {"description": "Stored; or already stored under this Idempotency-Key with this body: the same "
                                   "response again, with Idempotent-Replayed: true",
                    "headers": {"Idempotent-Replayed": {"description": "true when this is the stored response of "
                                                                       "an earlier request with the same key and body",
                                                        "schema": {"type": "string", "enum": ["true"]}}},
                    "content": {"application/json": {"schema": {
                        "type": "object", "required": ["reference", "token", "receipt_url"], "properties": {
                            "reference": {"type": "string"}, "token": {"type": "string"},
                            "receipt_url": {"type": "string"}}}}}},
            "200": {"description": "An identical repeat (same comments, same contact, within 10 minutes) that is not a "
                                   "retry with the first request's Idempotency-Key: its reference only, never the token (it was given, "
                                   "and mailed, the first time)",
                    "content": {"application/json": {"schema": {"type": "object", "required": ["reference"], "properties": {
                        "reference": {"type": "string"}, "repeat": {"type": "boolean"}, "message": {"type": "string"}}}}}},
            "403": {"description": "Outside the consultation window", **_json("Error")},
            **errors("400", "413", "422", "429",
                     r400=REASONS["400"] + "; or an Idempotency-Key header that is present but empty, longer than "
                          f"{MAX_LENGTH} characters or outside its characters (error `bad_idempotency_key`). Nothing "
                          "stored",
                     r422="Invalid fields, one error per field (error `invalid`); or the Idempotency-Key was already "
                          "used with another body (error `idempotency_key_reused`: a new submission needs a new "
                          "key). Nothing stored")}}},
    "/api/v1/feedback/{reference}": {"get": {
        "summary": "What was stored under a receipt",
        "parameters": [{"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}},
                       {"name": "token", "in": "query", "required": True,
                        "description": "The private link's token, as the 201 gave it",
                        "schema": {"type": "string", "pattern": f"^{TOKEN.pattern}$", "minLength": TOKEN_LENGTH,
                                   "maxLength": TOKEN_LENGTH}}],
        "responses": {"200": {"description": "The submission"},
                      "404": {"description": "Wrong reference or token (the same answer for both)", **_json("Error")},
                      **errors("429", r429="Too many lookups that matched nothing from this address; retry after "
                                           "Retry-After seconds")}}},
}, {"Error": ERROR}, builder=feedback_schemas)
