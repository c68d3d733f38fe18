"""An extension moves the end of the window for every channel (submit is the one store they share)."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from consultation.models import Submission
from consultation.office.publishing import extend_window
from consultation.submissions import WindowClosed, submit
from tests.conftest import sample_payload, set_now


def _submit(services):
    """A fresh submission each time (an identical repeat within minutes would not be stored again)."""
    payload = sample_payload()
    payload["comments"][0]["reason"] = f"理由 {services.now().isoformat()}"
    with services.session() as s:
        return submit(s, services.consultation, payload, channel="api", locale="zh_CN",
                      now=services.now(), secret_key="k")


def test_an_extension_opens_the_days_after_the_published_close(office):
    services = office
    set_now(services, "2025-12-20T09:00:00+08:00")
    with pytest.raises(WindowClosed) as closed:
        _submit(services)
    assert closed.value.state.status == "closed"
    with services.session() as s:
        extend_window(s, services.consultation, dt.date(2025, 12, 31), "应企业要求延长", actor="admin",
                      now=services.now())
        s.commit()
    assert _submit(services).created
    set_now(services, "2025-12-31T23:59:59+08:00")
    assert _submit(services).created
    set_now(services, "2026-01-01T00:00:00+08:00")
    with pytest.raises(WindowClosed) as after:
        _submit(services)
    assert after.value.state.closes_at.isoformat() == "2026-01-01T00:00:00+08:00"
    with services.session() as s:
        assert s.scalar(select(func.count()).select_from(Submission)) == 2
