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


# --- attack 4, F1b: an extension to 9999-12-31 took every page down (OverflowError in window_state) --------

def test_an_extension_after_the_guideline_expires_is_refused_in_the_domain(office):
    from consultation.office.publishing import WindowTooLate

    with office.session() as s:
        with pytest.raises(WindowTooLate) as refused:
            extend_window(s, office.consultation, dt.date(2028, 1, 1), "太远", actor="admin", now=office.now())
        assert refused.value.latest == dt.date(2027, 12, 31) == office.consultation.source.valid_until
        s.rollback()
        extend_window(s, office.consultation, dt.date(2027, 12, 31), "到导则有效期止", actor="admin",
                      now=office.now())  # the bound itself is allowed


@pytest.mark.parametrize("day", ["9999-12-31", "2028-01-01"])
def test_the_window_page_refuses_a_day_after_the_guideline_expires_with_a_localized_400(office, clients, day):
    from consultation.models import WindowChange

    response = clients["admin"].post("/office/admin/window", data={"closes_on": day, "reason": "笔误"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "2027-12-31" in page and "导则" in page
    with office.session() as s:
        assert s.scalar(select(func.count()).select_from(WindowChange)) == 0
    for path in ("/", "/feedback", "/draft", "/office/", "/office/admin/window"):
        assert clients["admin"].get(path).status_code == 200, path


def test_a_stored_extreme_last_day_never_takes_the_pages_down(office, clients):
    """A row written before the bound (or by hand): the window ends when the guideline expires, and
    every page that works out the window still answers."""
    from consultation.models import WindowChange
    from consultation.window import window_state

    with office.session() as s:
        s.add(WindowChange(consultation_id=office.consultation.id, closes_on=dt.date(9999, 12, 31), reason="笔误",
                           changed_by="admin", changed_at=office.now()))
        s.commit()
        state = window_state(s, office.consultation, office.now())
    assert state.last_day == dt.date(2027, 12, 31) and state.is_open and state.days_left > 0
    for path in ("/", "/feedback", "/draft", "/summary", "/office/", "/office/admin/window", "/api/v1/document"):
        assert clients["admin"].get(path).status_code in (200, 404), path  # /summary: 404 before a publication
    assert clients["admin"].get("/office/admin/window").status_code == 200
