"""The JSON APIs' one way to read a request body (consultation/intake/jsonbody.py says what it refuses)."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from pydantic import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from consultation.intake.jsonbody import MSG_NOT_JSON, BadBody, loads

from ..errors import json_error


class BodyRefused(Exception):
    def __init__(self, response):
        super().__init__("body refused")
        self.response = response


def parsed():
    """`loads` of the request body, once per request (the rate limits read the contact from it first);
    raises BadBody."""
    # Kept in the request's own environ (not `g`, which lives as long as the app context, and a caller may
    # hold one over several requests); the proxy looked up once, as each use looks the context up again.
    environ = request._get_current_object().environ
    found = environ.get("consult.json_parsed")
    if found is None:
        data = request.get_data(cache=True)
        limit = request.max_content_length
        # A chunked body (no Content-Length) is cut at MAX_CONTENT_LENGTH by werkzeug's stream without an
        # error: read to the limit, it is too large, not malformed.
        if limit is not None and request.content_length is None and len(data) >= limit:
            raise RequestEntityTooLarge()
        try:
            found = environ["consult.json_parsed"] = (loads(data), None)
        except BadBody as exc:
            found = environ["consult.json_parsed"] = (None, exc)
    value, exc = found
    if exc is not None:
        raise exc
    return value


def json_object() -> dict:
    """The body as a dict; BodyRefused carrying a localized 400 otherwise."""
    if not request.is_json:
        raise BodyRefused(_bad("bad_json", _(MSG_NOT_JSON)))
    try:
        value = parsed()
    except BadBody as exc:
        raise BodyRefused(_bad("bad_json", _(exc.message, **exc.params))) from exc
    if not isinstance(value, dict):
        raise BodyRefused(_bad("bad_json", _(MSG_NOT_JSON)))
    return value


def json_model(model, messages: dict | None = None, summary: str | None = None):
    """The body read into the pydantic `model`; BodyRefused carrying a localized 400 (not a JSON object)
    or 422 listing each field's problem (`messages`: msgids by field), said in the `summary` given or
    else by the first problem."""
    payload = json_object()
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        errors = model_errors(exc, messages)
        raise BodyRefused(json_error(422, "invalid", summary or errors[0]["message"], errors)) from exc


def _bad(code: str, message: str):
    return json_error(400, code, message)


def model_errors(exc, messages: dict | None = None) -> list[dict]:
    """A pydantic ValidationError as the API's per-field errors, translated."""
    from consultation.intake.payload import field_errors

    return [{"field": path, "message": _(msg, **_translated(params))}
            for path, msg, params in field_errors(exc, MSG_NOT_JSON, messages)]


def _translated(params: dict) -> dict:
    """`expected` names a type by a msgid ("a whole number"): translated too, not only the sentence."""
    return {k: _(v) if k == "expected" else v for k, v in params.items()}
