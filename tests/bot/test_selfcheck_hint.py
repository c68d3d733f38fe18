import logging
from types import SimpleNamespace

from bot.core import selfcheck


def test_an_unreadable_self_check_is_logged_and_the_reply_takes_text(services, caplog):
    with services.session() as session:
        ctx = SimpleNamespace(session=session, consultation=services.consultation,
                              state={"sc": {"answers": 7, "order": []}})
        with caplog.at_level(logging.ERROR, logger="bot.core.selfcheck"):
            assert selfcheck.expects(ctx) == "text"
    assert "the current question could not be read" in caplog.text
