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


def _extend(services, closes_on, changed_at, reason):
    import datetime as dt

    from consultation.models import WindowChange

    with services.session() as s:
        s.add(WindowChange(consultation_id=services.consultation.id, closes_on=closes_on, reason=reason,
                           changed_by="test", changed_at=dt.datetime.fromisoformat(changed_at)))
        s.commit()


def test_the_state_carries_the_opening_the_moment_in_beijing_time_and_the_opening_instant_is_open(services):
    import datetime as dt

    from consultation.window import window_state

    c = services.consultation
    moment = dt.datetime(2025, 11, 20, 2, 0, tzinfo=dt.timezone.utc)
    with services.session() as s:
        state = window_state(s, c, moment)
        assert state.opens_at == c.opens_at and state.now == moment
        assert state.now.utcoffset() == dt.timedelta(hours=8)
        assert window_state(s, c, c.opens_at).status == "open"
        assert refusal(s, c, c.opens_at) is None


def test_the_latest_extension_wins_and_its_last_day_is_open_to_midnight(services):
    import datetime as dt

    from consultation.window import latest_change, window_state

    c = services.consultation
    # Recorded later but with an earlier id-order: the time of the change decides, then the id.
    _extend(services, dt.date(2025, 12, 31), "2025-12-02T10:00:00+08:00", "later")
    _extend(services, dt.date(2025, 12, 24), "2025-12-01T10:00:00+08:00", "earlier")
    with services.session() as s:
        assert latest_change(s, c).reason == "later"
    _extend(services, dt.date(2026, 1, 5), "2025-12-02T10:00:00+08:00", "same moment, recorded after")
    with services.session() as s:
        assert latest_change(s, c).reason == "same moment, recorded after"
        tz = c.tz
        assert window_state(s, c, dt.datetime(2026, 1, 5, 23, 59, 59, tzinfo=tz)).status == "open"
        assert window_state(s, c, dt.datetime(2026, 1, 6, 0, 0, tzinfo=tz)).status == "closed"
