"""The adapter in-process through PTB's real network stack: failures are logged and the bot stays up."""
from __future__ import annotations

import logging



from .telegram_users import joined


def test_a_failing_update_is_logged_and_the_bot_stays_up(running, api, caplog):
    real = running.conversation.handle

    def flaky(user_id, event, **kwargs):
        if event.kind == "text" and event.value == "boom":
            raise RuntimeError("database on fire")
        return real(user_id, event, **kwargs)

    running.conversation.handle = flaky
    user = api.user(5601, "en")
    with caplog.at_level(logging.ERROR, logger="bot.telegram.adapter"):
        sorry = joined(user.say("boom"))
    assert "something went wrong on our side" in sorry
    assert any("database on fire" in str(r.exc_info) for r in caplog.records)
    assert "Welcome" in joined(user.say("/start"))


def test_non_text_messages_get_a_plain_answer(running, api, services):
    user = api.user(5602, "zh")
    update = user.message_update("x")
    del update["message"]["text"]
    update["message"]["sticker"] = {"file_id": "f", "file_unique_id": "u", "type": "regular", "width": 1,
                                    "height": 1, "is_animated": False, "is_video": False}
    before = len(api.messages_to(user.id))
    api.wait_confirmed(api.push(update))
    answer = [r["message"]["text"] for r in api.messages_to(user.id)[before:]]
    assert len(answer) == 1 and answer[0].startswith("我只能阅读文字。")
    assert services.consultation.source.mailbox in answer[0]  # where files can go instead


def test_group_chats_are_not_served(running, api, services):
    user = api.user(5603, "zh")
    update = user.message_update("第三条怎么理解?")
    update["message"]["chat"] = {"id": -100123, "type": "supergroup", "title": "某群"}
    api.wait_confirmed(api.push(update))
    assert api.messages_to(-100123) == [] and api.messages_to(5603) == []
    assert "您好" in joined(user.say("/start"))  # the same person in a private chat is
