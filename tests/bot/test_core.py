"""The platform-free core, step by step, without any platform: what each event does to the stored state."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.core import Conversation, Event, split_text
from bot.models import BotUser
from consultation.models import Submission
from tests.conftest import set_now


@pytest.fixture
def conv(services):
    return Conversation(services, platform="telegram", max_length=4000)


def _row(services, user_id="1"):
    with services.session() as s:
        return s.scalars(select(BotUser).where(BotUser.user_id == str(user_id))).first()


def _submissions(services):
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(Submission))


def _to_summary(conv, user="1"):
    for event in [Event.command("comment"), Event.text("art-4"), Event.choice("k:amend"), Event.text("改为“负责”。"),
                  Event.text("更清楚。"), Event.choice("more:go"), Event.choice("cat:individual"),
                  Event.choice("consent:yes"), Event.text("赵六"), Event.choice("x:org")]:
        conv.handle(user, event, language_hint="zh")
    return conv.handle(user, Event.text("zhao@example.com"), language_hint="zh")


def test_a_redelivered_event_gets_the_same_reply_and_changes_nothing(conv, services):
    conv.handle("1", Event.command("comment"), event_id="10")
    first = conv.handle("1", Event.text("第三条"), event_id="11")
    again = conv.handle("1", Event.text("第三条"), event_id="11")
    assert again.to_json() == first.to_json()
    row = _row(services)
    assert row.events == 2 and row.state["step"] == "comment.kind" and row.state["hist"] == ["comment.target"]


def _send(summary) -> Event:
    """Pressing the summary's "Confirm and send" (its id carries the digest of the summary shown)."""
    return Event.choice(next(c.id for c in summary.choices if c.id.startswith("sum:send:")))


def test_confirming_twice_after_a_crash_stores_once(conv, services):
    summary = _to_summary(conv)
    assert summary.step == "comment.summary" and summary.expects == "choice"
    before = _row(services)
    saved_state, saved_draft = before.state, before.draft
    first = conv.handle("1", _send(summary))
    # As if the process died after the submission committed but before the bot's own row did:
    with services.session() as s:
        row = s.scalars(select(BotUser)).one()
        row.state, row.draft = saved_state, saved_draft
        s.commit()
    second = conv.handle("1", _send(summary))
    assert second.receipt["reference"] == first.receipt["reference"]
    assert _submissions(services) == 1


def test_the_window_closing_mid_conversation_stops_the_comment(conv, services):
    summary = _to_summary(conv)
    set_now(services, "2025-12-18T00:00:01+08:00")
    reply = conv.handle("1", _send(summary), language_hint="en")
    assert "no longer accepted" in reply.text and "December 17, 2025" in reply.text
    assert _submissions(services) == 0
    row = _row(services)
    assert row.state["step"] == "idle" and row.draft == {}
    assert "no longer accepted" in conv.handle("1", Event.command("comment"), language_hint="en").text


def test_before_the_window_opens_comments_are_refused_with_the_dates(conv, services):
    set_now(services, "2025-11-01T09:00:00+08:00")
    reply = conv.handle("1", Event.command("comment"), language_hint="en")
    assert "cannot be sent yet" in reply.text and "November 18, 2025" in reply.text
    assert _row(services).state["step"] == "idle"


def test_back_walks_the_steps_and_undoes_a_finished_comment(conv, services):
    for event in [Event.command("comment"), Event.text("附件2第3项"), Event.choice("k:amend"), Event.text("建议"),
                  Event.text("理由"), Event.text("3")]:
        conv.handle("1", event)
    assert _row(services).draft["comments"][0]["proposed_points"] == 3
    steps = [conv.handle("1", Event.command("back")).step for _ in range(5)]
    assert steps == ["comment.points", "comment.reason", "comment.proposal", "comment.kind", "comment.target"]
    assert _row(services).draft["comments"] == []
    assert "first step" in conv.handle("1", Event.command("back"), language_hint="en").text


def test_points_are_checked_against_the_tables_total(conv, services):
    for event in [Event.command("comment"), Event.text("附件3第8项"), Event.choice("k:amend"), Event.text("建议"),
                  Event.text("理由")]:
        conv.handle("1", event)
    for bad in ("ten", "2.5", "-1", "101", "1e2"):
        reply = conv.handle("1", Event.text(bad), language_hint="en")
        assert reply.step == "comment.points" and reply.expects == "number", bad
        assert "Points must" in reply.text, bad
    assert conv.handle("1", Event.text("10")).step == "comment.more"


def test_a_stale_button_is_not_acted_on(conv, services):
    conv.handle("1", Event.command("comment"))
    conv.handle("1", Event.text("art-1"))
    reply = conv.handle("1", Event.choice("cat:enterprise"), language_hint="en")
    assert "earlier step" in reply.text and reply.step == "comment.kind"
    assert "who" not in _row(services).draft or not _row(services).draft["who"]


def test_reading_during_a_comment_keeps_the_step(conv, services):
    conv.handle("1", Event.command("comment"))
    conv.handle("1", Event.text("art-1"))
    reply = conv.handle("1", Event.choice("r:art-2"), language_hint="en")
    assert "示范区建设应坚持创新引领" in reply.text and reply.step == "comment.kind"
    assert "What kind of comment" in reply.messages[-1].text


def test_delete_and_edit_from_the_summary(conv, services):
    _to_summary(conv)
    conv.handle("1", Event.choice("sum:edit"))
    conv.handle("1", Event.choice("ed:c1"))
    conv.handle("1", Event.choice("k:support"))
    conv.handle("1", Event.choice("x:proposal"))
    summary = conv.handle("1", Event.text("同意。"))
    assert summary.step == "comment.summary"
    assert _row(services).draft["comments"] == [
        {"target": "art-4", "kind": "support", "proposal": "", "reason": "同意。", "proposed_points": None}]
    conv.handle("1", Event.choice("sum:edit"))
    assert conv.handle("1", Event.choice("ed:d1")).step == "comment.target"


def test_language_is_per_user_and_remembered(conv, services):
    assert conv.handle("a", Event.command("start"), language_hint="en").locale == "en"
    assert conv.handle("b", Event.command("start"), language_hint=None).locale == "zh_CN"
    conv.handle("b", Event.choice("l:en"))
    assert conv.handle("b", Event.command("start"), language_hint="zh-hans").locale == "en"
    assert conv.handle("a", Event.command("start"), language_hint="en").locale == "en"
    assert conv.last_reply("b").locale == "en"


def test_commands_are_translated_for_the_menus():
    zh, en = dict(Conversation.commands("zh_CN")), dict(Conversation.commands("en"))
    assert zh.keys() == en.keys() and "cancel" in zh
    assert all(zh[k] != en[k] for k in zh if k != "lang")


@pytest.mark.parametrize("limit", [16, 100, 4000])
def test_split_text_keeps_every_character_under_the_limit(limit):
    text = ("第一条示范区建设应坚持创新引领。\n" * 400) + "x" * 9000
    pieces = split_text(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")


def test_self_check_back_and_stale_answers(conv, services):
    conv.handle("1", Event.command("selfcheck"))
    conv.handle("1", Event.choice("sc:product_innovation"))
    entity = conv.handle("1", Event.choice("sc:county"))
    assert entity.expects == "choice" and "sc:yes" in [c.id for c in entity.choices]
    assert "entity_kind" in _row(services).state["sc"]["answers"]
    stale = conv.handle("1", Event.choice("sc:excellent"), language_hint="en")  # not an option here
    assert "Choose one of the options" in stale.text
    assert _row(services).state["sc"]["order"] == ["zone_types", "entity_kind"]
    back = conv.handle("1", Event.command("back"))
    assert "sc:county" in [c.id for c in back.choices]
    assert _row(services).state["sc"]["order"] == ["zone_types"]
    typed = conv.handle("1", Event.text("county"), language_hint="en")
    assert "choose one of the options" in typed.text and _row(services).state["sc"]["order"] == ["zone_types"]
    left = conv.handle("1", Event.command("cancel"), language_hint="en")
    assert left.step == "idle" and "sc" not in _row(services).state


def test_receipts_show_the_office_decision_once_published(conv, services):
    from consultation.office.models import Decision
    from consultation.office.publishing import freeze
    from tests.office.conftest import _clear_audit

    reference = conv.handle("1", _send(_to_summary(conv))).receipt["reference"]
    before = conv.handle("1", Event.command("myreceipts"), language_hint="en").text
    assert reference in before and "Decision" not in before
    with services.session() as s:
        sub = s.scalars(select(Submission).where(Submission.reference == reference)).one()
        s.add(Decision(consultation_id=sub.consultation_id, comment_id=sub.comments[0].id, outcome="adopted",
                       reason="已修改第四条。", decided_by="office"))
        s.commit()
        assert "Decision" not in conv.handle("1", Event.command("myreceipts"), language_hint="en").text
        freeze(s, sub.consultation_id, actor="office", now=services.now())
        s.commit()
    after = conv.handle("1", Event.command("myreceipts"), language_hint="en").text
    _clear_audit(services.engine)  # publishing is audited; the shared teardown empties tables
    assert "Decision: Adopted (已修改第四条。)" in after
