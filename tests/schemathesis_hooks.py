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


@schemathesis.hook
def before_call(context, case, kwargs):
    fresh_key(case)
