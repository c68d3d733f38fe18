"""The window rule every channel shares."""
from sqlalchemy import event

from consultation.window import refusal
from tests.conftest import set_now


def test_inside_the_published_window_no_query_is_needed(services):
    """Extensions only move the end later, so the answer inside the published window is known."""
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(services.engine, "before_cursor_execute", count)
    try:
        with services.session() as s:
            assert refusal(s, services.consultation, services.now()) is None
            assert statements == []
            set_now(services, "2025-11-17T23:59:59+08:00")
            state = refusal(s, services.consultation, services.now())
            assert state is not None and state.status == "upcoming" and statements
    finally:
        event.remove(services.engine, "before_cursor_execute", count)


def test_an_engine_is_enough_outside_the_window_and_sees_an_extension(services):
    """Stateless requests (web form, API) hand submit only the engine; the window is read on it."""
    import datetime as dt

    from consultation.models import WindowChange

    set_now(services, "2025-12-18T00:00:00+08:00")
    state = refusal(services.engine, services.consultation, services.now())
    assert state is not None and state.status == "closed" and state.extended is None
    with services.session() as s:
        s.add(WindowChange(consultation_id=services.consultation.id, closes_on=dt.date(2025, 12, 31),
                           reason="延长", changed_by="test", changed_at=services.now()))
        s.commit()
    assert refusal(services.engine, services.consultation, services.now()) is None
    set_now(services, "2026-01-01T00:00:00+08:00")
    state = refusal(services.engine, services.consultation, services.now())
    assert state.status == "closed" and state.extended.reason == "延长"  # loaded before its session closed
