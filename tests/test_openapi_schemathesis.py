"""Property-based tests over the served OpenAPI document (schemathesis: every check, valid and invalid data).

Run once per test run, on SQLite (the PostgreSQL pass skips it): it holds the document against the app,
which the database does not change. Bounded examples keep it to seconds per operation. The app is built
at collection, on a database of its own, because schemathesis makes one test per operation from it.
"""
import os
import tempfile

import pytest

if os.environ.get("TEST_DATABASE_URL"):
    pytest.skip("the document is checked once per test run, on SQLite", allow_module_level=True)

import schemathesis
from hypothesis import HealthCheck, settings

from consultation.config import Settings
from consultation.office.accounts import create_account, issue_token
from consultation.services import Services
from tests.conftest import OPEN_NOW
from tests.schemathesis_hooks import fresh_key
from web import create_app

_folder = tempfile.mkdtemp(prefix="schemathesis-")
_services = Services(Settings.from_env(instance=_folder, database_url=f"sqlite:///{_folder}/api.db",
                                       secret_key="schemathesis", consult_now=OPEN_NOW))
app = create_app(_services, TESTING=True, RATELIMIT_ENABLED=False)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
with _services.session() as _s:  # the office API is exercised as an administrator (every role's routes)
    _TOKEN = issue_token(_s, create_account(_s, "schemathesis", "amber river lantern seven", "admin", actor="test"),
                         actor="test")
    _s.commit()


@schema.auth()
class _Bearer:
    """The office API's bearer token, given the way schemathesis expects, so that its checks of the
    API without authentication, or with a wrong one, still run."""

    def get(self, case, ctx):
        return _TOKEN

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


_EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))
# Hypothesis's "too slow" health check stays on: a pattern whose character classes are too large to build a
# strategy from in time made fuzzing POST /api/v1/feedback and /api/v1/office/decisions fail it (retest round
# 12, N4; tests/test_retest12.py bounds the patterns). POST /api/v1/feedback alone still has it suppressed:
# its email pattern names its non-ASCII letters in six classes (168,488 code points, about 0.85 s to build).
_STRICT = [check for check in HealthCheck if check is not HealthCheck.too_slow]


def _call(case):
    fresh_key(case)  # a new Idempotency-Key for each new body, as a client sends (tests/schemathesis_hooks.py)
    case.call_and_validate()


@schema.exclude(method="POST", path="/api/v1/feedback").parametrize()
@settings(max_examples=_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=_STRICT)
def test_the_api_keeps_its_document(case):
    _call(case)


@schema.include(method="POST", path="/api/v1/feedback").parametrize()
@settings(max_examples=_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_the_feedback_api_keeps_its_document(case):
    _call(case)
