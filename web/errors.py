"""One way to answer an error: JSON with a code and a message under /api/, the error page elsewhere.

The JSON API lives under /api/ (the public API and the office API alike): it answers in JSON and takes
no cookie session (web.NoCookieSessionForTheApi). Every error handler and view asks `is_api_request`
rather than testing the path itself, and builds its JSON body with `json_error`.
"""
from __future__ import annotations

from flask import jsonify, render_template, request

API_PREFIX = "/api/"


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


def is_api_request() -> bool:
    return is_api_path(request.path)


def json_error(status: int, code: str, message: str, errors=None, *, headers=None, **fields):
    """{"error": code, "message": message, ...fields, "errors": [...] when given}, with the status."""
    body = {"error": code, "message": message, **fields}
    if errors is not None:
        body["errors"] = errors
    return jsonify(body), status, headers or {}


def error_page(status: int, title: str, message: str):
    return render_template("public/error.html", title=title, message=message), status


def answer(status: int, code: str, title: str, message: str, *, api_message: str | None = None):
    """The JSON error under /api/, the error page elsewhere."""
    if is_api_request():
        return json_error(status, code, api_message or message)
    return error_page(status, title, message)
