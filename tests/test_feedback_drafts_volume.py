"""The form's drafts cannot fill the database (attack round 4, F5): a link followed without a cookie writes
no row (the parts wait in the cookie until a step is posted), draft writes are limited per client address
(RATE_LIMIT_DRAFT), one draft's text is capped (DRAFT_MAX_CHARS) with a localized 422, and expired drafts
are purged by the hourly purge even when no one starts a new one."""
import datetime as dt

import pytest
from sqlalchemy import select, text, update

from consultation import drafts
from consultation.models import FeedbackDraft
from tests.test_feedback_form import COMMENTS, count, token_of
from web import create_app


def test_links_followed_without_a_cookie_write_no_row(app, services):
    """A cookieless GET /feedback?target=… inserted a draft each time: any page embedding it as an image
    made its visitors write rows. The parts are kept in the cookie; the first step posted stores one draft."""
    for _ in range(5):
        fresh = app.test_client()
        r = fresh.get("/feedback?target=art-3")
        assert r.status_code == 302 and r.headers["Location"].endswith("/feedback#comments-0")
    assert count(services, FeedbackDraft) == 0
    client = app.test_client()
    client.get("/feedback?target=art-3")
    r = client.get("/feedback?target=annex-1/16")  # a second link: the basket grows, still in the cookie
    assert r.headers["Location"].endswith("/feedback#comments-1")
    client.get("/feedback?target=art-3")  # followed again: not added twice
    html = client.get("/feedback").get_data(as_text=True)
    assert 'value="art-3" selected' in html and 'value="annex-1/16" selected' in html
    assert 'id="comments-2-target"' not in html
    assert "已加入您的意见" in client.get("/draft").get_data(as_text=True)  # the reader shows the basket
    assert count(services, FeedbackDraft) == 0
    token = token_of(client)
    r = client.post("/feedback", data={"csrf_token": token, "comments-0-target": "art-3",
                                       "comments-0-reason": "写到一半", "comments-1-target": "annex-1/16",
                                       "action": "keep"})
    assert r.status_code == 204
    with services.session() as s:
        (draft,) = s.scalars(select(FeedbackDraft)).all()
        assert [c["target"] for c in draft.comments] == ["art-3", "annex-1/16"]
    assert client.get_cookie("feedback_draft").value == draft.id
    client.get("/feedback?target=art-4")  # with a stored draft: added to it, no new row
    with services.session() as s:
        (draft,) = s.scalars(select(FeedbackDraft)).all()
        assert [c["target"] for c in draft.comments] == ["art-3", "annex-1/16", "art-4"]


def test_a_forged_parts_cookie_is_read_as_parts_only(app, services):
    client = app.test_client()
    client.set_cookie("feedback_draft", "parts:art-3|nothing|<script>|annex-1/16|art-3")
    html = client.get("/feedback").get_data(as_text=True)
    assert 'value="art-3" selected' in html and 'value="annex-1/16" selected' in html and "<script>|" not in html
    assert 'id="comments-2-target"' not in html
    assert count(services, FeedbackDraft) == 0


@pytest.mark.parametrize("lang, text", [("zh-CN", "请求过于频繁"), ("en", "Too many requests")])
def test_draft_writes_are_limited_per_address(services, lang, text):
    """`action=keep` (what the page sends when it is left) stored a draft of ~400 KB per request with no
    limit: 14 MB/s from one client. Every step posted on the comments page counts against RATE_LIMIT_DRAFT."""
    app = create_app(services, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_DRAFT="3/minute",
                     RATELIMIT_STORAGE_URI="memory://", WEB_WORKERS=1)
    statuses = []
    for _ in range(4):
        client = app.test_client()  # no cookie: a new draft each time, as the flood did
        token = token_of(client)
        r = client.post("/feedback", data={"csrf_token": token, **COMMENTS, "action": "keep"},
                        headers={"Accept-Language": lang})
        statuses.append(r.status_code)
    assert statuses == [204, 204, 204, 429]
    assert int(r.headers["Retry-After"]) > 0 and text in r.get_data(as_text=True)
    assert count(services, FeedbackDraft) == 3
    other = app.test_client()
    token = token_of(other)
    assert other.post("/feedback", data={"csrf_token": token, **COMMENTS, "action": "keep"},
                      environ_base={"REMOTE_ADDR": "10.0.0.8"}).status_code == 204


@pytest.mark.parametrize("lang, text", [("zh-CN", "意见内容过长"), ("en", "too long to keep together")])
def test_a_draft_larger_than_the_cap_is_refused_and_the_stored_one_kept(client, services, lang, text):
    token = token_of(client)
    assert client.post("/feedback", data={"csrf_token": token, **COMMENTS, "action": "keep"}).status_code == 204
    big = {"csrf_token": token, "action": "keep"}
    per = drafts.DRAFT_MAX_CHARS // 20 + 100
    for i in range(20):
        big[f"comments-{i}-target"] = "art-3"
        big[f"comments-{i}-reason"] = "长" * per
    r = client.post("/feedback", data=big, headers={"Accept-Language": lang})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and 'class="error-summary"' in html and text in html
    with services.session() as s:
        (draft,) = s.scalars(select(FeedbackDraft)).all()
        assert draft.comments[0]["reason"] == COMMENTS["comments-0-reason"]  # left as it was
    fresh = app_client_without_cookie(client)
    assert fresh.post("/feedback", data={**big, "csrf_token": token_of(fresh)}).status_code == 422
    assert count(services, FeedbackDraft) == 1  # and no new row either


def _full_draft(token: str, char: str) -> dict:
    """Ten comments whose text is DRAFT_MAX_CHARS characters in all, each of them `char`."""
    per = (drafts.DRAFT_MAX_CHARS - 10 * len("art-3")) // 10
    form = {"csrf_token": token, "action": "keep"}
    for i in range(10):
        form[f"comments-{i}-target"] = "art-3"
        form[f"comments-{i}-reason"] = char * per
    return form


def _stored_bytes(services) -> list[int]:
    with services.session() as s:
        return [len(v.encode("utf-8")) for v in s.execute(text("SELECT CAST(comments AS TEXT) FROM feedback_drafts"))
                .scalars()]


@pytest.mark.parametrize("char", ["中", "\u200b"], ids=["chinese", "zero-width-space"])
def test_a_full_draft_stores_at_most_its_bound_in_bytes(client, services, char):
    """Attack round 5, N5: a draft within DRAFT_MAX_CHARS of Chinese or zero-width characters was stored as
    ~600 KB (the JSON's \\uXXXX escapes, 6 bytes a character); as UTF-8 it is 3 bytes a character, within
    DRAFT_MAX_BYTES."""
    r = client.post("/feedback", data=_full_draft(token_of(client), char))
    assert r.status_code == 204
    (size,) = _stored_bytes(services)
    assert size <= drafts.DRAFT_MAX_BYTES and size < 3 * drafts.DRAFT_MAX_CHARS + 4096
    with services.session() as s:
        (draft,) = s.scalars(select(FeedbackDraft)).all()
        assert draft.comments[9]["reason"] == char * ((drafts.DRAFT_MAX_CHARS - 50) // 10)


@pytest.mark.parametrize("lang, message", [("zh-CN", "意见内容过长"), ("en", "too long to keep together")])
def test_text_that_json_escapes_is_capped_by_stored_bytes(client, services, lang, message):
    """Characters JSON writes as \\u00XX (control characters: 6 bytes each) would still make a row of ~600 KB
    within DRAFT_MAX_CHARS: refused with the same 422 once the row would pass DRAFT_MAX_BYTES."""
    r = client.post("/feedback", data=_full_draft(token_of(client), "\x01"), headers={"Accept-Language": lang})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and 'class="error-summary"' in html and message in html
    assert _stored_bytes(services) == []


def app_client_without_cookie(client):
    return client.application.test_client()


def test_the_hourly_purge_deletes_expired_drafts(client, services):
    """Expired drafts were deleted only when someone started a new draft; the mail worker's hourly purge
    (consult worker, consult purge-contacts' scheduled form) deletes them too."""
    from consultation.exports.retention import purge_expired

    token = token_of(client)
    client.post("/feedback", data={"csrf_token": token, **COMMENTS, "action": "keep"})
    with services.session() as s:
        s.execute(update(FeedbackDraft).values(created_at=dt.datetime.now(dt.timezone.utc)
                                               - dt.timedelta(days=drafts.DRAFT_DAYS, seconds=1)))
        s.commit()
    with services.session() as s:
        purge_expired(s)
    assert count(services, FeedbackDraft) == 0


def _keep(app, address: str, client=None, reason: str = "写到一半"):
    """One step posted from `address` (a new browser, without the draft cookie, unless `client`)."""
    client = client or app.test_client()
    token = token_of(client)
    r = client.post("/feedback", data={"csrf_token": token, **COMMENTS, "comments-0-reason": reason, "action": "keep"},
                    environ_base={"REMOTE_ADDR": address})
    assert r.status_code == 204
    return client


def _drafts(services) -> list[FeedbackDraft]:
    with services.session() as s:
        return s.scalars(select(FeedbackDraft)).all()


def test_one_address_keeps_a_bounded_number_of_drafts(app, services):
    """Attack round 10, F7: every post without the draft cookie started a new draft of up to DRAFT_MAX_BYTES,
    kept for DRAFT_DAYS, so one address at the rate limit wrote ~2 GB a day. An address now keeps at most
    DRAFTS_PER_CLIENT drafts: a new one evicts that address's least recently saved draft; a browser that keeps
    saving its own draft keeps it, and other addresses' drafts are untouched."""
    cap = drafts.DRAFTS_PER_CLIENT
    other = _keep(app, "10.0.0.9", reason="别处的草稿")
    first = _keep(app, "10.0.0.8", reason="最早的草稿")
    mine = _keep(app, "10.0.0.8", reason="我的草稿")
    for i in range(cap - 2):
        _keep(app, "10.0.0.8", reason=f"脚本{i}")
    assert len(_drafts(services)) == cap + 1  # the cap, and the other address's
    _keep(app, "10.0.0.8", client=mine, reason="我的草稿，改过")  # saved again: the browser's own row
    _keep(app, "10.0.0.8", reason="脚本再来")
    reasons = {d.comments[0]["reason"] for d in _drafts(services)}
    assert "最早的草稿" not in reasons and {"我的草稿，改过", "别处的草稿", "脚本再来"} <= reasons
    for i in range(cap):  # a flood of new drafts: the address's count stays at the cap
        _keep(app, "10.0.0.8", reason=f"洪水{i}")
    left = _drafts(services)
    assert len(left) == cap + 1 and sum(d.comments[0]["reason"] == "别处的草稿" for d in left) == 1
    assert "别处的草稿" in other.get("/feedback").get_data(as_text=True)  # its browser still has it
    assert first.get_cookie("feedback_draft") is not None
    assert "最早的草稿" not in first.get("/feedback").get_data(as_text=True)  # evicted: an empty form again
    # The address is kept only as a keyed hash.
    assert all(d.client and "10.0.0" not in d.client for d in left)


def test_an_ipv6_network_counts_as_one_address_for_drafts(app, services):
    for i in range(drafts.DRAFTS_PER_CLIENT + 3):
        _keep(app, f"2001:db8:1:2::{i + 1:x}")
    _keep(app, "2001:db8:1:3::1")
    assert len(_drafts(services)) == drafts.DRAFTS_PER_CLIENT + 1
