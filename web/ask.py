"""Questions about the draft: POST /api/v1/ask (JSON) and the /ask page (a conversation without JavaScript).

Both call guidance.answer.answer, the same engine as `consult ask` and the bot. The page keeps the
conversation in the form itself (earlier questions travel as hidden fields and are answered again,
which takes well under a millisecond each), so nothing is stored on the server.
"""
from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request
from pydantic import ValidationError

from consultation.i18n import N_
from guidance.answer import MAX_QUESTION, answer, warm_up
from guidance.index import get_index
from guidance.requests import AskIn

from .api import openapi
from .api.body import BodyRefused, json_model, model_errors
from .context import guidance_text
from .params import multi_valued

bp = Blueprint("ask", __name__)
MAX_HISTORY = 10


# The question's rule is guidance's AskIn (guidance/requests.py); the page and the API apply it in the same words.
QUESTION_MESSAGES = {"question": N_("Please type a question.")}


def _question_error(value) -> str | None:
    try:
        AskIn.model_validate({"question": value})
    except ValidationError as exc:
        return model_errors(exc, QUESTION_MESSAGES)[0]["message"]
    return None


@bp.post("/api/v1/ask")
def api_ask():
    try:
        body = json_model(AskIn, QUESTION_MESSAGES)
    except BodyRefused as exc:
        return exc.response
    return jsonify(answer(body.question, get_index(guidance_text())).to_json())


@bp.route("/ask", methods=["GET", "POST"])
@multi_valued("history")
def page():
    history = [q for q in request.form.getlist("history") if q.strip()][-MAX_HISTORY:] \
        if request.method == "POST" else []
    errors = {}
    question = ""
    if request.method == "POST":
        question = request.form.get("question", "")
        message = _question_error(question)
        if message:
            errors["question"] = message
        else:
            history = (history + [question.strip()])[-MAX_HISTORY:]
            question = ""
    text = guidance_text()
    exchanges = [(q, answer(q, get_index(text))) for q in history[:MAX_HISTORY]]
    status = 422 if errors else 200
    return render_template("ask/page.html", exchanges=exchanges, history=history, question=question,
                           errors=errors, max_question=MAX_QUESTION, text=text), status


def _on_register(state):
    """The index is built at start-up, not on a first question."""
    warm_up()


bp.record_once(_on_register)

_ANSWER = {
    "type": "object", "required": ["answer", "citations", "verdict", "declined", "language", "revision"],
    "properties": {
        "answer": {"type": "string", "description": "Short answer in the question's language"},
        "citations": {"type": "array", "items": {"type": "object", "required": ["ref", "quote"], "properties": {
            "ref": {"type": "string", "example": "art-3"},
            "quote": {"type": "string", "description": "Exact text of the draft at ref"}}}},
        "verdict": {"type": ["string", "null"], "enum": ["eligible", "not_eligible", "depends", None]},
        "declined": {"type": "boolean"},
        "language": {"type": "string", "enum": ["zh", "en"]},
        "revision": {"type": ["integer", "null"],
                     "description": "The text cited: null for the draft for comment, else the number of the final "
                                    "revision once its comparison table is published"},
    },
}

OPENAPI = openapi.Part({
    "/api/v1/ask": {"post": {
        "summary": "Ask a question about the draft (Chinese or English); answered with citations",
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/AskIn"}}}},
        "responses": {
            "200": {"description": "The answer", "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/Answer"}}}},
            **openapi.errors("400", "413", "422", "429", r422="Missing, empty or over-long question")}}},
}, {"Answer": _ANSWER, "AskIn": AskIn.model_json_schema()})
