"""Answers that do not fit WeChat's 5 seconds or one message: `success` now, the customer-service API later."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from bot.wechat.models import WeChatAccessToken, WeChatInbound, WeChatOutbox
from bot.wechat.protocol import utf8_len

from .conftest import APPID, TOKEN, _app
from .script import pick_number
from .simulator import WeChatServer


@pytest.fixture
def slow_app(services, platform):
    """The app with a short reply deadline and a core that waits for the test's signal."""
    app = _app(services, platform, WECHAT_REPLY_DEADLINE="0.2", WECHAT_ALLOW_PLAIN="true")
    runtime = app.extensions["wechat"]
    conversation = runtime.adapter.conversation
    original = conversation.handle
    gates: list[threading.Event] = []

    def gated_handle(*args, **kwargs):
        gate = threading.Event()
        gates.append(gate)
        assert gate.wait(30), "the test never released the slow answer"
        return original(*args, **kwargs)

    conversation.handle = gated_handle
    app.gates = gates
    yield app
    for gate in gates:
        gate.set()
    runtime.close()


def wait_until(predicate, timeout: float = 20.0):
    """Poll until `predicate()` is truthy (a liveness bound for background work, not a timing assertion)."""
    done = threading.Event()
    for _ in range(int(timeout / 0.02)):
        value = predicate()
        if value:
            return value
        done.wait(0.02)
    return predicate()


def _statuses(services, model):
    with services.session() as s:
        return {r.status for r in s.scalars(select(model))}


def _release(app, index: int) -> None:
    while len(app.gates) <= index:  # the worker thread has not reached the core yet
        threading.Event().wait(0.01)
    app.gates[index].set()


def test_slow_answer_is_success_then_custom_send_with_a_cached_token(slow_app, platform, services):
    wechat = WeChatServer(slow_app.test_client(), token=TOKEN, appid=APPID)
    xml = wechat.text_xml("o-slow", "/help", msg_id=9001)
    first = wechat.post(xml)
    assert first.is_success  # not ready within the deadline: "success", so WeChat does not retry
    retry = wechat.post(xml)  # WeChat's own retry while the answer is still being prepared
    assert retry.is_success
    assert platform.sent == []  # nothing sent before the answer exists

    _release(slow_app, 0)
    sent = platform.wait_for_sent(1)
    assert [b["touser"] for b in sent] == ["o-slow"]
    assert "“取消”" in sent[0]["text"]["content"]  # the help text, sent through message/custom/send

    for n, text in enumerate(("/help", "/read"), start=1):
        assert wechat.say("o-slow", text).is_success
        _release(slow_app, n)
        platform.wait_for_sent(n + 1)
    assert len(platform.texts_for("o-slow")) == 3  # one per message: the retry was not answered twice
    assert platform.token_calls == 1  # the access token was fetched once and reused from the database
    with services.session() as s:
        token = s.get(WeChatAccessToken, APPID)
        assert token.fetched == 1 and token.token in platform.valid_tokens
    assert wait_until(lambda: _statuses(services, WeChatOutbox) == {"sent"}), _statuses(services, WeChatOutbox)
    assert _statuses(services, WeChatInbound) == {"deferred"}


def test_long_answer_is_split_and_continued_in_order(wechat, platform, services):
    answer = wechat.event("o-long", "CLICK", "m:read")
    answer = wechat.say("o-long", str(pick_number(answer.content, "第二章")))
    answer = wechat.say("o-long", str(pick_number(answer.content, "第六条")))
    assert answer.status == 200
    assert utf8_len(answer.content) <= 2048
    rest = [b["text"]["content"] for b in platform.wait_for_sent(1)]
    assert rest and all(utf8_len(t) <= 2048 for t in rest)
    whole = answer.content + "\n" + "\n".join(rest)
    quote = services.consultation.quote("art-6")
    for line in quote.splitlines():
        assert line in whole  # every line of the exact text, across the pieces
    last_line = quote.splitlines()[-1]
    assert whole.index(quote.splitlines()[0]) < whole.index(last_line)  # in order


def test_token_refreshed_once_when_the_platform_rejects_it(wechat_app, platform, services):
    from bot.wechat.api import WeChatAPI
    from bot.wechat.config import WeChatConfig

    runtime = wechat_app.extensions["wechat"]
    api = runtime.api
    api.send_text("o-a", "一")
    platform.valid_tokens.clear()  # the platform retires the token (e.g. fetched elsewhere)
    api.send_text("o-a", "二")
    assert platform.token_calls == 2
    other = WeChatAPI(WeChatConfig.load(wechat_app.config), services.sessionmaker)  # another process
    other.send_text("o-a", "三")
    other.close()
    assert platform.token_calls == 2
    assert platform.texts_for("o-a") == ["一", "二", "三"]


def test_outbox_gives_up_after_the_48_hour_window(wechat_app, platform, services):
    import datetime as dt

    from bot.wechat.outbox import deliver_due, enqueue

    long_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=49)
    with services.session() as s:
        enqueue(s, "o-gone", ["too late"], inbound_id=None, received_at=long_ago)
        s.commit()
    assert deliver_due(services.sessionmaker, wechat_app.extensions["wechat"].api) == 0
    assert platform.sent == []
    with services.session() as s:
        assert s.scalars(select(WeChatOutbox.status)).all() == ["expired"]


def test_token_renewed_shortly_before_it_expires(wechat_app, platform, services):
    import datetime as dt

    from bot.wechat.api import REFRESH_MARGIN, WeChatAPI
    from bot.wechat.config import WeChatConfig

    moment = [dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)]
    api = WeChatAPI(WeChatConfig.load(wechat_app.config), services.sessionmaker, clock=lambda: moment[0])
    first = api.access_token()
    moment[0] += dt.timedelta(seconds=platform.expires_in) - REFRESH_MARGIN - dt.timedelta(seconds=1)
    assert api.access_token() == first and platform.token_calls == 1  # still comfortably valid
    moment[0] += dt.timedelta(seconds=2)  # inside the margin: renewed before it expires
    second = api.access_token()
    assert second != first and platform.token_calls == 2
    api.close()


def test_a_long_comment_stays_within_the_message_limits(wechat, platform, services):
    """5,000 + 5,000 characters: every reply is the passive reply plus at most one customer-service text."""
    proposal, reason = ("建议明确示范区的创建主体范围。" * 400)[:5000], ("理由是覆盖更多园区和企业。" * 500)[:5000]
    steps = [("type", "/comment"), ("type", "第三条"), ("pick", "Amend"), ("type", proposal), ("type", reason),
             ("pick", "Go on to send"), ("pick", "Enterprise"), ("pick", "I agree"), ("type", "张三"),
             ("type", "合肥某科技有限公司"), ("type", "13800138000")]
    last = ""
    for action, value in steps:
        before = len(platform.sent)
        answer = wechat.say("o-long-comment", str(pick_number(last, value)) if action == "pick" else value)
        assert answer.status == 200 and utf8_len(answer.content) <= 2048
        wait_until(lambda: _statuses(services, WeChatOutbox) <= {"sent"})
        assert len(platform.sent) - before <= 1, (value[:20], len(platform.sent) - before)
        last = answer.content
    assert "共 5000 字" in last and "回执" in last  # the summary shows the beginning and says it is kept whole
    done = wechat.say("o-long-comment", str(pick_number(last, "Confirm and send")))
    assert "/receipt/" in done.content
    with services.session() as s:
        from consultation.models import Comment

        stored = s.scalars(select(Comment)).one()
        assert (stored.proposal, stored.reason) == (proposal, reason)


def test_too_many_messages_45047_is_retried_later_not_dropped(wechat_app, platform, services):
    import datetime as dt

    from bot.wechat.outbox import deliver_due, enqueue

    api = wechat_app.extensions["wechat"].api
    with services.session() as s:
        enqueue(s, "o-quota", ["第一段", "第二段"], inbound_id=None, received_at=dt.datetime.now(dt.timezone.utc))
        s.commit()
    platform.refuse_next.append(45047)
    assert deliver_due(services.sessionmaker, api) == 0
    with services.session() as s:
        rows = s.scalars(select(WeChatOutbox).order_by(WeChatOutbox.id)).all()
        assert [r.status for r in rows] == ["pending", "pending"] and rows[0].last_error.startswith("45047")
    with services.session() as s:  # the user writes again: the held text is due at once, and goes first
        enqueue(s, "o-quota", ["回复"], inbound_id=None, received_at=dt.datetime.now(dt.timezone.utc))
        s.commit()
    assert deliver_due(services.sessionmaker, api) == 3
    assert platform.texts_for("o-quota") == ["第一段", "第二段", "回复"] and platform.refused == [45047]


def test_text_held_by_45047_reaches_the_user_before_the_next_answer(wechat, platform, services):
    """docs/wechat.md: a text held back by 45047 is due as soon as the user writes again, ahead of the new
    answer. The new answer is not the passive reply (which would arrive first): it is queued behind the
    owed text, so the last message on screen carries the numbers the user's next reply refers to."""
    answer = wechat.event("o-owed", "CLICK", "m:read")
    answer = wechat.say("o-owed", str(pick_number(answer.content, "第二章")))
    platform.refuse_next.append(45047)
    article = wechat.say("o-owed", str(pick_number(answer.content, "第六条")))
    assert article.status == 200 and platform.sent == []

    def held():
        with services.session() as s:
            rows = s.scalars(select(WeChatOutbox).where(WeChatOutbox.openid == "o-owed")
                             .order_by(WeChatOutbox.id)).all()
            return rows if rows and rows[0].last_error and rows[0].last_error.startswith("45047") else None

    owed = [r.content for r in wait_until(held)]
    assert owed and platform.refused == [45047]

    help_answer = wechat.say("o-owed", "帮助")
    assert help_answer.is_success  # not shown ahead of the owed text
    sent = platform.wait_for_sent(len(owed) + 1)
    texts = [b["text"]["content"] for b in sent if b["touser"] == "o-owed"]
    assert texts[:len(owed)] == owed and len(texts) == len(owed) + 1
    assert "帮助" in texts[-1] and "阅读征求意见稿" in texts[-1]  # the help, with the main menu, last
    # "1" now means the first option of the message the user sees last: the main menu's 阅读征求意见稿.
    assert wait_until(lambda: _statuses(services, WeChatOutbox) == {"sent"})  # nothing owed any more
    toc = wechat.say("o-owed", "1")
    assert "第二章" in toc.content


class _WriterHoldsTheDatabase:
    """Another process's writer holding the database (the outsider's `BEGIN EXCLUSIVE` for 16 s): SQLite's
    exclusive lock on the file; on PostgreSQL an exclusive lock on the table every message is recorded in.
    Released by the test, or by a timer as a bound (so the code before the fix fails instead of hanging)."""

    def __init__(self, services, bound: float = 20.0):
        self.engine = services.engine
        self.released = threading.Event()
        self.bound = bound

    def __enter__(self):
        if self.engine.dialect.name == "sqlite":
            import sqlite3

            self.conn = sqlite3.connect(self.engine.url.database, isolation_level=None, check_same_thread=False)
            self.conn.execute("BEGIN EXCLUSIVE")
        else:
            self.conn = self.engine.raw_connection()
            self.conn.cursor().execute("LOCK TABLE wechat_inbound IN ACCESS EXCLUSIVE MODE")
        self.timer = threading.Timer(self.bound, self.release)
        self.timer.start()
        return self

    def release(self):
        if not self.released.is_set():
            self.released.set()
            self.conn.rollback() if self.engine.dialect.name != "sqlite" else self.conn.execute("ROLLBACK")
            self.conn.close()

    def __exit__(self, *exc):
        self.timer.cancel()
        self.release()


@pytest.fixture
def deadline_app(services, platform):
    app = _app(services, platform, WECHAT_REPLY_DEADLINE="3", WECHAT_ALLOW_PLAIN="true")
    yield app
    app.extensions["wechat"].close()


def test_a_database_held_past_the_deadline_still_answers_in_time_and_sends_the_reply_once(
        deadline_app, platform, services):
    """The outsider's A9b: with the database write-locked longer than WeChat's three attempts, every attempt
    must still be answered within the deadline (`success`), and the reply, once the step is committed, goes
    through the customer-service API exactly once; the retries of the same MsgId do not do the step twice."""
    from bot.models import BotUser

    wechat = WeChatServer(deadline_app.test_client(), token=TOKEN, appid=APPID)
    menu = wechat.say("o-locked", "菜单")
    number = pick_number(menu.content, "Comment on the draft")
    xml = wechat.text_xml("o-locked", str(number), msg_id=777001)
    with _WriterHoldsTheDatabase(services) as lock:
        attempts = [wechat.post(xml) for _ in range(3)]  # WeChat's attempt and its two retries
        answered_while_locked = not lock.released.is_set()
    assert answered_while_locked  # each attempt returned while the database was still held
    assert all(a.is_success for a in attempts), [a.body[:80] for a in attempts]

    sent = platform.wait_for_sent(1)
    assert [b["touser"] for b in sent] == ["o-locked"]
    assert wait_until(lambda: _statuses(services, WeChatOutbox) == {"sent"}), _statuses(services, WeChatOutbox)
    free = wechat.say("o-free", "菜单")
    expected = wechat.say("o-free", str(pick_number(free.content, "Comment on the draft")))
    assert sent[0]["text"]["content"] == expected.content  # the answer to "2", as an unhindered user gets it
    with services.session() as s:
        user = s.scalars(select(BotUser).where(BotUser.user_id == "o-locked")).one()
        assert user.events == 2 and user.state["step"] != "idle"  # the step was done once
        assert len(s.scalars(select(WeChatInbound).where(WeChatInbound.openid == "o-locked")).all()) == 2
    assert len(platform.texts_for("o-locked")) == 1  # once, not per attempt
    retry = wechat.post(xml)  # a later retry is answered from the record, not processed again
    assert retry.is_success and len(platform.texts_for("o-locked")) == 1


def test_an_answer_committed_but_never_queued_is_recovered_once(wechat_app, platform, services):
    """The process stops between the core's commit (the step is done) and writing the outbox: the worker's
    recovery queues the stored answer, once, even if the original thread comes back later."""
    import datetime as dt

    from bot.wechat.runtime import recover_stranded

    runtime = wechat_app.extensions["wechat"]
    wechat = WeChatServer(wechat_app.test_client(), token=TOKEN, appid=APPID)
    menu = wechat.say("o-stranded", "菜单")
    expected = wechat.say("o-other", "菜单")  # the answer an unhindered user gets to the same message
    expected = wechat.say("o-other", str(pick_number(expected.content, "Comment on the draft"))).content
    real_record, calls = runtime._record, []
    runtime._record = lambda *args, **kwargs: calls.append((args, kwargs))  # "killed" right after the commit
    try:
        assert wechat.say("o-stranded", str(pick_number(menu.content, "Comment on the draft"))).is_success
    finally:
        runtime._record = real_record
    assert len(calls) == 1 and platform.sent == []
    assert _statuses(services, WeChatInbound) >= {"processing"}

    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    assert recover_stranded(services, now=later) == 1
    assert recover_stranded(services, now=later) == 0  # taken once
    runtime.deliver()
    assert platform.texts_for("o-stranded") == [expected]
    args, kwargs = calls[0]
    assert real_record(*args, **kwargs) is None  # the original thread, back late, queues nothing
    runtime.deliver()
    assert platform.texts_for("o-stranded") == [expected]
