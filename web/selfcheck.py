"""The self-check on the web (a wizard without JavaScript) and in the JSON API.

The pages only present guidance.selfcheck: the graph says which page comes
next, validation and scoring are the same functions the API and the bot call,
and answers are saved under a private link after every page.
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from sqlalchemy.exc import IntegrityError

from consultation.intake import idempotency
from consultation.intake.idempotency import KEY, MAX_LENGTH as KEY_MAX
from consultation.schema import ZONE_TYPES
from consultation.submissions import NotEarlier, ValidationFailed
from guidance.current import current_text, saved_text
from guidance.requests import MSG_ANSWER_FORM, SelfCheckIn, answers_outside_schema, answers_schema, example_answers
from guidance.selfcheck import docx_report, flow, present, scoring, store
from guidance.selfcheck.flow import OUTCOME_NOT_ELIGIBLE, OUTCOME_RESULT, START
from guidance.selfcheck.validation import validate_answers

from . import limits
from .api import openapi
from .api.body import BodyRefused, json_model, parsed
from .api.views import REPLAYED
from .context import db, guidance_text, services
from .i18n import current_locale
from .params import multi_valued
from .errors import json_error

bp = Blueprint("selfcheck", __name__)
STATIC = Path(__file__).parent / "static" / "selfcheck"
PRIVATE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


def _errors(exc: ValidationFailed, page: dict | None = None) -> dict[str, str]:
    """Messages by field; on a page, each names its question (present.error_text)."""
    questions = {q["name"]: q for q in page["questions"]} if page else {}
    return {e.field: present.error_text(questions[e.field], e.message, e.params, current_locale()) if e.field in questions
            else _(e.message, **e.params) for e in exc.errors}


def _text_of(record):
    """The text a saved self-check was made on; it keeps it when a newer one is published."""
    return saved_text(db(), services().consultation, record.text_revision)


def _raw_from_form(node_name: str, text) -> dict:
    raw = {}
    for q in flow.node(node_name, text).questions:
        raw[q.name] = request.form.getlist(q.name) if q.kind == "zone_types" else request.form.get(q.name, "")
    return raw


def _private_url(token: str) -> str:
    """For the API (programs and bots): from BASE_URL, as mailed links are."""
    return services().settings.base_url + url_for("selfcheck.resume", token=token)


def _page_url(token: str) -> str:
    """For a page: the address this person is using (X-Forwarded-Host only with TRUST_PROXY). With BASE_URL
    left at its default, pages printed http://127.0.0.1:8000/… to people using another address."""
    return url_for("selfcheck.resume", token=token, _external=True)


def _load(token: str):
    """The saved self-check behind the link, or 404; every page of a link comes through here, so its owner is
    never counted against RATE_LIMIT_SELF_CHECK_MISS (web/limits.py)."""
    record = store.load(db(), token)
    if record is None:
        abort(404)
    limits.found()
    return record


# --- the wizard -------------------------------------------------------------------------------------------

@bp.route("/self-check", methods=["GET", "POST"])
@multi_valued("zone_types")
def start():
    locale = current_locale()
    values, errors, status = {"zone_types": []}, {}, 200
    text = guidance_text()
    if request.method == "POST":
        raw = _raw_from_form(START, text)
        try:
            record, token = store.create(db(), raw, now=services().now(), locale=locale, consultation=text)
        except ValidationFailed as exc:
            values, errors, status = raw, _errors(exc, present.node_dict(START, locale, text)), 422
        else:
            return redirect(url_for("selfcheck.step", token=token,
                                    node_name=flow.next_node(START, record.answers, text)))
    return render_template("selfcheck/step.html", page=present.node_dict(START, locale, text), values=values,
                           errors=errors, token=None, action=url_for("selfcheck.start"), back=None,
                           position=1, steps=None, private_url=None), status


@bp.get("/self-check/<token>")
def resume(token):
    record = _load(token)
    current = flow.current_node(record.answers, _text_of(record))
    if current in (OUTCOME_RESULT, OUTCOME_NOT_ELIGIBLE):
        return redirect(url_for("selfcheck.result", token=token))
    return redirect(url_for("selfcheck.step", token=token, node_name=current))


@bp.route("/self-check/<token>/step/<path:node_name>", methods=["GET", "POST"])
@multi_valued("zone_types")
def step(token, node_name):
    record = _load(token)
    text = _text_of(record)
    nodes = flow.all_nodes(text)
    if node_name not in nodes or nodes[node_name].kind != "question":
        abort(404)
    if not flow.reachable(node_name, record.answers, text):
        return redirect(url_for("selfcheck.resume", token=token))
    locale = current_locale()
    values, errors, status = record.answers, {}, 200
    if request.method == "POST":
        raw = _raw_from_form(node_name, text)
        try:
            record = store.save_node(db(), record, node_name, raw, now=services().now(), consultation=text)
        except ValidationFailed as exc:
            values, errors, status = {**record.answers, **raw}, _errors(exc, present.node_dict(node_name, locale, text)), 422
        else:
            following = flow.next_node(node_name, record.answers, text)
            if following in (OUTCOME_RESULT, OUTCOME_NOT_ELIGIBLE):
                return redirect(url_for("selfcheck.result", token=token))
            return redirect(url_for("selfcheck.step", token=token, node_name=following))
    sequence = flow.planned_nodes(record.answers, text)
    previous = flow.previous_node(node_name, record.answers, text)
    html = render_template(
        "selfcheck/step.html", page=present.node_dict(node_name, locale, text), values=values, errors=errors,
        token=token, action=url_for("selfcheck.step", token=token, node_name=node_name),
        back=url_for("selfcheck.step", token=token, node_name=previous) if previous else None,
        position=sequence.index(node_name) + 1 if node_name in sequence else None, steps=len(sequence),
        private_url=_page_url(token))
    return html, status, PRIVATE


def _result_context(token: str) -> dict | None:
    record = _load(token)
    text = _text_of(record)
    if flow.current_node(record.answers, text) not in (OUTCOME_RESULT, OUTCOME_NOT_ELIGIBLE):
        return None
    result = scoring.evaluate(record.answers, text)
    return {"result": present.result_dict(result, current_locale(), text), "token": token,
            "private_url": _page_url(token), "updated_at": record.updated_at,
            "edit_url": url_for("selfcheck.step", token=token, node_name=START)}


@bp.get("/self-check/<token>/result")
def result(token):
    context = _result_context(token)
    if context is None:
        return redirect(url_for("selfcheck.resume", token=token))
    return render_template("selfcheck/result.html", **context), 200, PRIVATE


@bp.get("/self-check/<token>/report.html")
def download(token):
    """The result as one self-contained HTML file (styles inline) to keep, print or send on."""
    context = _result_context(token)
    if context is None:
        return redirect(url_for("selfcheck.resume", token=token))
    styles = "\n".join((STATIC / name).read_text(encoding="utf-8") for name in ("report.css",))
    html = render_template("selfcheck/report.html", styles=styles, **context)
    stamp = services().now().strftime("%Y%m%d")
    headers = {**PRIVATE, "Content-Disposition": f'attachment; filename="self-check-{stamp}.html"'}
    return Response(html, mimetype="text/html", headers=headers)


@bp.get("/self-check/<token>/report.docx")
def download_docx(token):
    """The result as a Word document, for those who edit it into their construction plan."""
    context = _result_context(token)
    if context is None:
        return redirect(url_for("selfcheck.resume", token=token))
    data = docx_report.cached(context["result"], current_locale(), services().consultation.title)
    stamp = services().now().strftime("%Y%m%d")
    headers = {**PRIVATE, "Content-Disposition": f'attachment; filename="self-check-{stamp}.docx"'}
    return Response(data, headers=headers,
                    mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


# --- the JSON API -----------------------------------------------------------------------------------------

@bp.get("/api/v1/indicators/<zone_type>")
def api_indicators(zone_type):
    if zone_type not in ZONE_TYPES:
        return json_error(404, "unknown_zone_type", _("Unknown zone type. Use one of: %(types)s.",
                                                      types=", ".join(ZONE_TYPES)))
    body = present.indicator_table(zone_type, current_locale(), guidance_text())
    body["disclaimer"] = _(scoring.DISCLAIMER)
    return jsonify(body)


@bp.get("/api/v1/self-check/questions")
@multi_valued("zone_type")
def api_questions():
    """Every question for the zone types asked (?zone_type=…, repeatable), in order."""
    asked = request.args.getlist("zone_type")
    if any(t not in ZONE_TYPES for t in asked):
        return json_error(422, "unknown_zone_type", _("Unknown zone type. Use one of: %(types)s.",
                                                      types=", ".join(ZONE_TYPES)))
    zone_types = [t for t in ZONE_TYPES if t in asked] or list(ZONE_TYPES)
    locale, text = current_locale(), guidance_text()
    return jsonify({"zone_types": zone_types, "text": present.text_dict(text, locale), "questions": [
        present.question_dict(q, locale, text) for q in flow.questions_for(zone_types, text)]})


@bp.post("/api/v1/self-check")
def api_self_check():
    """Answers in (by question name), the scored result out; 422 with one error per field.

    With "save": true and an Idempotency-Key, the key is honoured as POST /api/v1/feedback honours it
    (consultation/intake/idempotency.py): bound to the body's hash, a retry with the same key and body is
    answered the same result and the same saved self-check's link (Idempotent-Replayed: true), and saves
    nothing again; the key with another body is a 422; after 24 hours (real clock) the key is free again. A
    retried save used to store a second self-check (attack round 12, F5)."""
    svc = services()
    try:
        key = idempotency.check_key(request.headers.get("Idempotency-Key"))
    except idempotency.KeyRefused as exc:
        return json_error(400, "bad_idempotency_key", _(exc.message, **exc.params))
    try:
        request_body = json_model(SelfCheckIn, {}, _("Some answers are missing or not valid; nothing was saved."))
    except BodyRefused as exc:
        return exc.response
    keyed = None if key is None else store.Keyed(key, idempotency.body_hash(parsed()), svc.settings.secret_key)
    if limits.replay_only():  # over the per-address limit: only a retry's stored answer (web/limits.py)
        replayed = _replayed(keyed, request_body.answers)
        if replayed is None:
            raise NotEarlier()
        return replayed
    answers = request_body.answers
    text = guidance_text()
    try:
        clean = validate_answers(answers, text)
    except ValidationFailed as exc:
        errors = [{"field": e.field, "message": _(e.message, **e.params)} for e in exc.errors]
        return json_error(422, "invalid", _("Some answers are missing or not valid; nothing was saved."), errors)
    unlisted = answers_outside_schema(answers, text)
    if unlisted:  # what the published schema refuses (a number sent as text, a lone zone type as a string)
        errors = [{"field": field, "message": _(MSG_ANSWER_FORM)} for field in unlisted]
        return json_error(422, "invalid", _("Some answers are missing or not valid; nothing was saved."), errors)
    replayed = _replayed(keyed, answers)
    if replayed is not None:
        return replayed
    data = present.result_dict(scoring.evaluate(clean, text), current_locale(), text)
    if request_body.save:
        try:
            record, token = store.create(db(), {"zone_types": clean.get("zone_types")}, now=svc.now(),
                                         locale=current_locale(), channel="api", consultation=text, keyed=keyed)
        except IntegrityError:  # the same key stored meanwhile by a request racing this one
            replayed = _replayed(keyed, answers)
            if replayed is None:
                raise
            return replayed
        store.update(db(), record, clean, now=svc.now(), consultation=text)
        data["saved"] = {"token": token, "url": _private_url(token)}
    return jsonify(data)


def _replayed(keyed, answers: dict):
    """The response to a keyed request whose key is taken: the 422 when it came with another body, else the
    response its save was given, again (`_answer`); None when the key is free (or no key was sent). Only a
    save binds a key: a request without "save" stores nothing to bind."""
    if keyed is None:
        return None
    try:
        earlier = store.by_key(db(), services().consultation.id, keyed)
    except idempotency.KeyReused as exc:
        return json_error(422, "idempotency_key_reused", _(exc.message))
    return None if earlier is None else _answer(answers, *earlier)


def _answer(answers: dict, record, token: str):
    """The response a keyed save was given, again: the same body scored on the text that self-check was
    saved on (the body is the same, by its hash), and the same link."""
    text = _text_of(record)
    clean = validate_answers(answers, text)
    data = present.result_dict(scoring.evaluate(clean, text), current_locale(), text)
    data["saved"] = {"token": token, "url": _private_url(token)}
    return jsonify(data), 200, {REPLAYED: "true"}


_ZONE_TYPE = {"name": "zone_type", "in": "path", "required": True,
              "schema": {"type": "string", "enum": list(ZONE_TYPES)}}
_ERROR = {"$ref": "#/components/schemas/Error"}
_PATHS = {
    "/api/v1/indicators/{zone_type}": {"get": {
        "summary": "An annex table with each indicator's scoring reference (the service's assumptions)",
        "parameters": [_ZONE_TYPE],
        "responses": {"200": {"description": "The table: indicators with ref, points, method, texts, scoring",
                              "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IndicatorTable"}}}},
                      "404": {"description": "Unknown zone type", "content": {"application/json": {"schema": _ERROR}}}}}},
    "/api/v1/self-check/questions": {"get": {
        "summary": "Every self-check question for the zone types, in order (answers are keyed by `name`)",
        "parameters": [{"name": "zone_type", "in": "query", "required": False,
                        "schema": {"type": "array", "items": {"type": "string", "enum": list(ZONE_TYPES)}}}],
        "responses": {"200": {"description": "The questions"},
                      **openapi.errors("422", r422="Unknown zone type")}}},
    "/api/v1/self-check": {"post": {
        "summary": "Score a self-check (self-assessment for reference, not the official evaluation)",
        "description": "With \"save\": true the answers are also saved under a private link (`saved`). Send an "
                       "Idempotency-Key with a save that may be retried: without one, each request saves anew.",
        "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                        "description": "Names one saved self-check for 24 hours, as on POST /api/v1/feedback: the "
                                       "same key with the same body returns the stored response (the same result "
                                       "and the same `saved` link, with Idempotent-Replayed: true) and saves "
                                       "nothing again; with another body, 422. The same body is the same JSON: "
                                       "key order, spacing, escapes and the spelling of a number (6, 6.0, 6e0) do "
                                       "not matter. Only a save binds the key (without \"save\": true nothing is "
                                       "stored). Sent empty, too long or with other characters: 400.",
                        "schema": {"type": "string", "pattern": f"^{KEY.pattern}$", "maxLength": KEY_MAX}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/SelfCheckIn"}}}},
        "responses": {"200": {"description": "The result: totals, categories, ranked indicators, unmet conditions, "
                                             "materials, plan outline, recommendation; with `saved` when saved, or "
                                             "already saved under this Idempotency-Key with this body (then with "
                                             "Idempotent-Replayed: true)",
                              "headers": {"Idempotent-Replayed": {
                                  "description": "true when this is the stored response of an earlier save with the "
                                                 "same key and body", "schema": {"type": "string", "enum": ["true"]}}}},
                      **openapi.errors("400", "413", "422", "429",
                                       r400=openapi.REASONS["400"] + "; or an Idempotency-Key "
                                            f"header that is present but empty, longer than {KEY_MAX} characters or "
                                            "outside its characters (error `bad_idempotency_key`). Nothing saved",
                                       r422="Missing or invalid answers, one error per field (error `invalid`); or "
                                            "the Idempotency-Key was already used with another body (error "
                                            "`idempotency_key_reused`: a new save needs a new key). Nothing saved")}}},
}
_SCHEMAS = {
    "IndicatorTable": {"type": "object", "properties": {
        "zone_type": {"type": "string"}, "annex": {"type": "string", "example": "annex-1"},
        "indicators": {"type": "array", "items": {"type": "object", "required": ["ref", "points", "method"], "properties": {
            "ref": {"type": "string", "example": "annex-1/16"}, "points": {"type": "integer"},
            "method": {"type": "string", "enum": ["定量", "定性", "定性+定量"]}, "text": {"type": "string"},
            "text_en": {"type": "string"}, "scoring": {"type": "object"}}}}}},
}


def _selfcheck_schemas(consultation) -> dict:
    """The answers of the text a new self-check is made on (the final revision once published, as
    POST /api/v1/self-check and GET /api/v1/self-check/questions use), not always the draft's."""
    text = current_text(db(), consultation)
    schema = SelfCheckIn.model_json_schema()
    schema["properties"]["answers"] = answers_schema(text)
    schema["example"] = {"answers": example_answers(text), "save": False}
    return {"SelfCheckIn": schema}


OPENAPI = openapi.Part(_PATHS, _SCHEMAS, builder=_selfcheck_schemas)
