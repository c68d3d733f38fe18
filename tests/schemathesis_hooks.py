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
        ids = {str(int(i)) for i in body["comment_ids"]
               if (isinstance(i, int) and not isinstance(i, bool)) or (isinstance(i, float) and i.is_integer())}
        body["expected"] = {k: v for k, v in body["expected"].items() if k in ids}


def office_body(case) -> None:
    """The office API's rule above (its ids written 3.0 are the integers they equal: the models take them)."""
    expected_within_request(case)


@schemathesis.hook
def before_call(context, case, kwargs):
    fresh_key(case)
    office_body(case)
