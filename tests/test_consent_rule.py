"""Consent is given, not assumed: a feedback body with no `consent` at all is refused on every channel.

Refusing an explicit `false` is not enough: each test here sends nothing in its place (no key in the
JSON, no box in the form, no answer in a chat's draft) and checks that nothing was stored.
"""
import pytest
from sqlalchemy import func, select

from bot.core import Conversation, Event, submitter_states
from bot.models import BotUser
from consultation import checked
from consultation.models import Submission
from consultation.submissions import ValidationFailed, submit
from tests.conftest import sample_payload
from tests.test_feedback_form import form_data, token_of


def _stored(services) -> int:
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(Submission))


def _without_consent() -> dict:
    payload = sample_payload()
    del payload["consent"]
    return payload


@pytest.mark.parametrize("channel", ["web", "api", "telegram", "wechat"])
def test_the_one_store_refuses_a_body_without_consent(services, channel):
    with pytest.raises(ValidationFailed) as refused:
        submit(services.engine, services.consultation, _without_consent(), channel=channel, locale="zh_CN",
               now=services.now(), secret_key=services.settings.secret_key)
    assert [e.field for e in refused.value.errors] == ["consent"]
    assert _stored(services) == 0


def test_the_api_refuses_a_body_without_consent(client, services):
    r = client.post("/api/v1/feedback", json=_without_consent(), headers={"Accept-Language": "en"})
    assert r.status_code == 422
    assert [e["field"] for e in r.get_json()["errors"]] == ["consent"]
    assert _stored(services) == 0


def test_the_form_refuses_details_without_the_consent_box(client, services):
    token = token_of(client)
    assert client.post("/feedback", data=form_data(token)).status_code == 302
    r = client.post("/feedback/about-you", data=form_data(token, consent=None), headers={"Accept-Language": "en"})
    assert r.status_code == 422
    assert "Agree to the processing of your personal information" in r.get_data(as_text=True)
    # Not past the step: the check page sends back to it, and confirming stores nothing.
    assert client.get("/feedback/check").status_code == 302
    client.post("/feedback/check", data={"csrf_token": token})
    assert _stored(services) == 0


def _to_summary(conv, user):
    for event in [Event.command("comment"), Event.text("art-4"), Event.choice("k:amend"), Event.text("改为“负责”。"),
                  Event.text("更清楚。"), Event.choice("more:go"), Event.choice("cat:individual"),
                  Event.choice("consent:yes"), Event.text("赵六"), Event.choice("x:org")]:
        conv.handle(user, event, language_hint="zh")
    return conv.handle(user, Event.text("zhao@example.com"), language_hint="zh")


@pytest.mark.parametrize("platform", ["telegram", "wechat"])
def test_a_chat_whose_draft_holds_no_consent_sends_nothing(services, platform):
    conv = Conversation(services, platform=platform, max_length=4000)
    assert _to_summary(conv, "7").step == "comment.summary"
    with services.session() as s:  # as if the consent step had been skipped
        row = s.scalars(select(BotUser).where(BotUser.user_id == "7")).one()
        row.draft = draft = {k: v for k, v in row.draft.items() if k != "consent"}
        s.commit()
    # The button of a summary of this draft (one shown before the change is refused as changed): the domain's
    # consent rule is what refuses it.
    shown = checked.digest(submitter_states._payload(draft), services.settings.secret_key, checked.BUTTON_SIZE)
    reply = conv.handle("7", Event.choice(f"sum:send:{shown}"))
    assert reply.receipt is None
    assert _stored(services) == 0
