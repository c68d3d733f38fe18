"""What a client of POST /api/v1/feedback does, for schemathesis: a new Idempotency-Key for each new body.

The document says it (the header's description and the 422 `idempotency_key_reused`), but no schema can: a
key's uniqueness is state, and schemathesis draws the same header value for many bodies (its coverage phase
sends one fixed value, "0", with every body variant; `format: uuid` gets one fixed UUID the same way), so
it would read the designed 422 as drift. Its positive-data check (ST202) reads no documented response, only
its expected statuses, and allowing 422 there would hide the real drift it exists to find (a schema-valid
body that validation refuses). So the generated key keeps its form and is made unique per request, as a
client's would be, and every other check stays as it is.

Loaded by the repository's schemathesis.toml (`schemathesis run …` from the repository root) and called by
tests/test_openapi_schemathesis.py.
"""
from __future__ import annotations

import uuid

import schemathesis

from consultation.intake.idempotency import KEY


def fresh_key(case) -> None:
    """A schema-valid Idempotency-Key made unique (a suffix in the allowed characters, within the length);
    an absent or schema-invalid one (negative data) is left as generated."""
    key = (case.headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and KEY.fullmatch(key):
        case.headers["Idempotency-Key"] = f"{key[:80]}.{uuid.uuid4().hex[:12]}"


def expected_within_request(case) -> None:
    """A positive body of the office decisions/approve API whose `expected` names only comments of its
    comment_ids, as a client following the document does: the rule ties two fields together (EXPECTED_DOC),
    which no JSON Schema can say, and the app refuses a stray key with a 400 (attack round 10, F11).
    Negative data is left as generated."""
    meta = getattr(case, "meta", None)
    body = case.body
    if meta is None or not meta.generation.mode.is_positive or not isinstance(body, dict):
        return
    if isinstance(body.get("expected"), dict) and isinstance(body.get("comment_ids"), list):
        ids = {str(i) for i in body["comment_ids"] if isinstance(i, int) and not isinstance(i, bool)}
        body["expected"] = {k: v for k, v in body["expected"].items() if k in ids}


def _whole(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_whole(v) for v in value]
    if isinstance(value, dict):
        return {k: _whole(v) for k, v in value.items()}
    return value


def ids_as_integers(case) -> None:
    """A positive body of the office API with its ids and versions written as JSON integers (9701, not
    9701.0), as the document's descriptions ask: JSON Schema counts 9701.0 an integer, so schemathesis draws
    it as valid data, but the office models refuse a fraction like a boolean (attack round 10, F11) and no
    schema can tell the two apart. Negative data, and every other operation, are left as generated."""
    meta = getattr(case, "meta", None)
    if meta is None or not meta.generation.mode.is_positive or not isinstance(case.body, dict):
        return
    if case.path.startswith("/api/v1/office/"):
        case.body = _whole(case.body)


def office_body(case) -> None:
    """Both office rules above, in order (ids first: `expected_within_request` compares them)."""
    ids_as_integers(case)
    expected_within_request(case)


@schemathesis.hook
def before_call(context, case, kwargs):
    fresh_key(case)
    office_body(case)
