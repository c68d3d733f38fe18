"""The bot answers from the same text as the web: the final revision once its comparison table is published,
naming it and linking to what changed; the draft before that (each source a button that shows it)."""
from __future__ import annotations

import asyncio
import threading

import pytest

from bot.telegram import build_application
from bot.telegram.runner import polling
from tests.revision_support import NEW_WORDING, QUESTION, publish_final

from .emulator import choice_ids, joined


@pytest.fixture
def running(services, api):
    application, adapter = build_application(services, api.token, base_url=api.base_url)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    thread = threading.Thread(target=loop.run_until_complete, args=(polling(application, adapter, stop, timeout=1),))
    thread.start()
    api.wait_for(lambda: api.getupdates_calls > 0)
    yield adapter
    loop.call_soon_threadsafe(stop.set)
    thread.join(timeout=30)
    assert not thread.is_alive()
    loop.close()


def test_the_bot_answers_from_the_published_final_revision(running, api, services):
    draft = services.consultation
    user = api.user(5801, "zh")
    before = user.say(QUESTION)
    text = joined(before)
    assert draft.node("annex-1/1").text in text and "修改稿" not in text
    assert "r:annex-1/1" in choice_ids(before)  # on the draft, the source opens in the reader

    publish_final(services)
    after = user.say(QUESTION)
    text = joined(after)
    assert NEW_WORDING in text and "6" in text
    assert "以下回答引用修改稿（第1稿，定稿）" in text
    assert f"{services.settings.base_url}/comparison" in text  # the link to what changed
    assert not [c for c in choice_ids(after) if c.startswith("r:")]  # the reader shows the draft, not this text
