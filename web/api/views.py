"""/api/v1: the draft, feedback in and receipts out, with the same rules as the form."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from consultation.intake import idempotency
from consultation.office.publishing import decisions_for_submission
from consultation.references import label
from consultation.submissions import ValidationFailed, WindowClosed, lookup, public_view, submit

from .. import limits
from ..context import db, services
from ..errors import is_api_request, json_error
from ..i18n import current_locale
from ..texts import window_message
from . import openapi
from .body import BodyRefused, json_object

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def node_json(ref: str) -> dict:
    c = services().consultation
    node = c.node(ref)
    data = {"ref": node.ref, "kind": node.kind, "label": node.label, "label_en": label(node, "en"),
            "title": node.title, "text": node.text, "quote": c.quote(ref), "commentable": node.commentable,
            "children": list(node.children)}
    if node.kind == "row":
        data.update(annex=node.annex, row=node.row, category=node.category, group=node.group,
                    method=node.method, points=node.points)
    return data


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.document(services().consultation, current_app.extensions["openapi"]))


@bp.get("/document")
def document():
    c = services().consultation
    s = c.source
    return jsonify({
        "id": c.id, "title": c.title, "publisher": s.publisher, "mailbox": s.mailbox,
        "email_subject": s.email_subject, "feedback_form": s.feedback_form,
        "window": {"opens_at": c.opens_at.isoformat(), "closes_at": c.closes_at.isoformat()},
        "valid_until": s.valid_until.isoformat(),
        "nodes": [node_json(ref) for ref in c.nodes],
        "findings": [{"ref": f.ref, "code": f.code, "zh": f.zh, "en": f.en} for f in c.findings],
    })


@bp.get("/document/<path:ref>")
def document_node(ref):
    if ref not in services().consultation.nodes:
        return json_error(404, "unknown_reference", _("Unknown part of the draft: %(ref)s.", ref=ref[:40]))
    return jsonify(node_json(ref))


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException):
    """Every HTTP error under /api/ (a wrong method, …) in the documented Error shape, localized; pages
    keep their own. The more specific handlers (404, 413, 429, 400 for a bad parameter) answer first."""
    if not is_api_request() or exc.code is None:
        return exc
    if exc.code == 405:
        message = _("This address does not accept the %(method)s method.", method=request.method[:10])
    else:
        message = _("The request could not be handled (HTTP %(code)d).", code=exc.code)
    code = "_".join((exc.name or "error").lower().split())
    headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
    response = jsonify({"error": code, "message": message})
    response.status_code = exc.code
    response.headers.extend(headers)
    return response


@bp.post("/feedback")
def feedback():
    svc = services()
    try:
        key = idempotency.check_key(request.headers.get("Idempotency-Key"))
    except idempotency.KeyRefused as exc:
        return json_error(400, "bad_idempotency_key", _(exc.message, **exc.params))
    try:
        payload = json_object()
    except BodyRefused as exc:
        return exc.response
    try:
        receipt = submit(svc.engine, svc.consultation, payload, channel="api", locale=current_locale(),
                         now=svc.now(), secret_key=svc.settings.secret_key, office_mailbox=svc.office_mailbox,
                         idempotency_key=key, replay_only=limits.replay_only(),
                         before_store=limits.before_store())
    except idempotency.KeyReused as exc:
        return json_error(422, "idempotency_key_reused", _(exc.message))
    except WindowClosed as exc:
        return json_error(403, f"window_{exc.state.status}", window_message(exc.state))
    except ValidationFailed as exc:
        errors = [{"field": e.field, "message": _(e.message) % e.params if e.params else _(e.message)}
                  for e in exc.errors]
        return json_error(422, "invalid", _("The feedback has errors; nothing was stored."), errors)
    if receipt.created:
        limits.stored()
    if receipt.repeat:
        # An identical repeat without the key: the reference only. The token was given (and mailed) the
        # first time; whoever merely sends the same text and contact again must not get it.
        return jsonify({"reference": receipt.reference, "repeat": True,
                        "message": _("This feedback was already received; it was not stored again.")}), 200
    # Stored now, or a retry with the same Idempotency-Key and the same body: the stored response, the
    # same for both (a client whose first 201 was lost gets its private link by retrying; it proved it
    # holds the key and the exact body). A key with another body never gets here (422).
    body = {"reference": receipt.reference, "token": receipt.token,
            "receipt_url": svc.receipt_url(receipt.reference, receipt.token)}
    return jsonify(body), 201, {} if receipt.created else {REPLAYED: "true"}


REPLAYED = "Idempotent-Replayed"  # on a retry answered with the stored response (as Stripe's API says it)


@bp.get("/feedback/<reference>")
def feedback_lookup(reference):
    svc = services()
    submission = lookup(db(), reference, request.args.get("token", ""), svc.settings.secret_key)
    if submission is None:
        return json_error(404, "not_found", _("No feedback matches this reference and token."))
    limits.found()  # the link's owner: not a miss (RATE_LIMIT_RECEIPT_MISS)
    body = public_view(submission)
    body["decisions"] = decisions_for_submission(db(), submission.id)
    return jsonify(body), 200, {"Cache-Control": "no-store"}
