"""WeChat answers from the same text as the web and Telegram: the final revision once its comparison table is
published (named, with a plain link to what changed), the draft before that."""
from __future__ import annotations

from guidance.current import current_index
from tests.revision_support import NEW_WORDING, QUESTION, publish_final


def _whole(answer, platform, openid: str) -> str:
    """The passive reply and anything continued through the customer-service API."""
    parts = [] if answer.is_success else [answer.content]
    return "\n".join(parts + platform.texts_for(openid))


def test_wechat_answers_from_the_published_final_revision(wechat, platform, services):
    draft = services.consultation
    before = wechat.say("o-rev-1", QUESTION)
    text = _whole(before, platform, "o-rev-1")
    assert draft.node("annex-1/1").text in text and "修改稿" not in text

    publish_final(services)
    with services.session() as s:
        assert current_index(s, draft).consultation.revision == 1  # the index over the final text, built now
    after = wechat.say("o-rev-2", QUESTION)
    text = _whole(after, platform, "o-rev-2")
    assert NEW_WORDING in text and draft.node("annex-1/1").text not in text
    assert "以下回答引用修改稿（第1稿，定稿）" in text
    assert f"{services.settings.base_url}/comparison" in text


def test_wechat_notes_what_a_draft_number_meant_once_the_final_text_renumbered_it(wechat, platform, services):
    from tests.revision_support import renumbered_final

    draft = services.consultation
    publish_final(services, *renumbered_final(draft))
    text = _whole(wechat.say("o-rev-3", "附件1第17项是什么"), platform, "o-rev-3")
    assert f"征求意见稿的附件1第17项（{draft.node('annex-1/17').text}）在修改稿中已删除。" in text
