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
