"""The bot answers from the same text as the web: the final revision once its comparison table is published,
naming it and linking to what changed; the draft before that (each source a button that shows it)."""
from __future__ import annotations



from tests.revision_support import NEW_WORDING, QUESTION, publish_final

from .telegram_users import choice_ids, joined


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


def test_the_bot_self_check_uses_the_published_final_revision(running, api, services):
    from sqlalchemy import select

    from bot.models import BotUser
    from guidance.models import SavedSelfCheck

    publish_final(services)
    user = api.user(5802, "zh")
    user.say("/selfcheck")
    user.press("sc:deep_application")
    user.press("sc:county")
    for _ in range(60):
        with services.session() as s:
            state = s.scalars(select(BotUser.state).where(BotUser.user_id == str(user.id))).one()
        if state.get("step") != "selfcheck":
            break
        assert state["sc"]["text"] == 1  # fixed when it started
        last = api.messages_to(user.id)[-1]["message"]
        if "附件1第1项" in last["text"]:
            assert NEW_WORDING in last["text"]  # the question quotes the final text
        options = [c for c in choice_ids([last]) if c.startswith("sc:") and c != "sc:back"]
        if options:
            user.press("sc:yes" if "sc:yes" in options else options[-1])
        else:
            user.say("25")
    result = api.messages_to(user.id)[-1]["message"]["text"]
    assert "自评结果" in result and "本自检依据修改稿（第1稿，定稿）的创建条件和指标表。" in result
    with services.session() as s:
        assert s.scalars(select(SavedSelfCheck.text_revision)).all() == [1]


def test_the_bot_notes_what_a_draft_number_meant_once_the_final_text_renumbered_it(running, api, services):
    from tests.revision_support import renumbered_final

    draft = services.consultation
    publish_final(services, *renumbered_final(draft))
    text = joined(api.user(5803, "zh").say("附件1第21项多少分?"))
    assert f"征求意见稿的附件1第21项（{draft.node('annex-1/21').text}）在修改稿中为附件1第19项。" in text
    assert draft.node("annex-1/23").text in text  # the final text's row 21 is answered
    assert "附件1第19项" in text.split("依据：")[-1]  # and the draft's row 21 is among the sources
