"""Rules that every channel relies on, each pinned by a test that fails when the rule is weakened."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from consultation.models import Submission
from consultation.submissions import ValidationFailed, submit
from tests.conftest import OPEN_NOW, sample_payload


def _count(services) -> int:
    with services.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Submission)).scalar_one()


@pytest.mark.parametrize("consent", ["absent", False, None, "yes", 1])
def test_the_domain_stores_nothing_without_an_explicit_true_consent(services, consent):
    payload = sample_payload()
    if consent == "absent":
        del payload["consent"]
    else:
        payload["consent"] = consent
    with pytest.raises(ValidationFailed) as caught:
        submit(services.engine, services.consultation, payload, channel="api", locale="zh_CN",
               now=dt.datetime.fromisoformat(OPEN_NOW), secret_key="s", office_mailbox="office@example.cn")
    assert any(err.field == "consent" for err in caught.value.errors)
    assert _count(services) == 0


def test_the_api_refuses_a_body_with_no_consent_field(client, services):
    payload = sample_payload()
    del payload["consent"]
    response = client.post("/api/v1/feedback", json=payload)
    assert 400 <= response.status_code < 500
    assert "consent" in response.get_data(as_text=True)
    assert _count(services) == 0
