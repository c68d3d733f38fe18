"""The public feedback form end to end, CSRF on, through the Flask test client.

Three steps (comments, about you, check your answers); nothing is stored before the confirmation.
"""
import pytest
from sqlalchemy import func, select

from consultation.models import Comment, FeedbackDraft, OutboxMessage, Submission
from consultation.submissions import MAX_COMMENTS
from tests.conftest import checked_from, csrf_token_from, set_now

COMMENTS = {
    "comments-0-target": "art-3", "comments-0-kind": "amend",
    "comments-0-proposal": "建议将“省级(含以上)开发区”扩展为“省级及以上各类园区”。",
    "comments-0-reason": "覆盖更多创建主体。",
    "comments-1-target": "annex-1/16", "comments-1-kind": "other",
    "comments-1-proposal": "", "comments-1-reason": "PFLOPS 口径需要说明。", "comments-1-proposed_points": "6",
}
DETAILS = {
    "submitter-category": "enterprise", "submitter-name": "李四", "submitter-organisation": "合肥某科技有限公司",
    "submitter-phone": "0551-62345678", "submitter-email": "lisi@example.com", "consent": "yes",
}


def form_data(token, **overrides):
    """Every field of the old one-page form, for the step a test posts to (extra fields are ignored)."""
    data = {"csrf_token": token, **COMMENTS, **DETAILS, "action": "continue"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def count(services, model):
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def token_of(client, path="/feedback"):
    return csrf_token_from(client.get(path).get_data(as_text=True))


def send(client, **overrides):
    """Comments, then about you, then confirm: the response of the confirmation."""
    token = token_of(client)
    r = client.post("/feedback", data=form_data(token, **overrides))
    assert r.status_code == 302 and r.headers["Location"].endswith("/feedback/about-you"), r.get_data(as_text=True)
    r = client.post("/feedback/about-you", data=form_data(token, **overrides))
    assert r.status_code == 302 and r.headers["Location"].endswith("/feedback/check"), r.get_data(as_text=True)
    check = client.get("/feedback/check")
    assert check.status_code == 200
    return client.post("/feedback/check", data={"csrf_token": token, "checked": checked_from(check.get_data(as_text=True))})


def test_comment_on_article_3_and_row_16_gets_a_receipt(client, services):
    page = client.get("/feedback?target=art-3", follow_redirects=True)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'value="art-3" selected' in html
    assert "示范区创建主体为县(市、区)" in html  # the original text, read-only
    response = send(client)
    assert response.status_code == 302
    receipt = client.get(response.headers["Location"])
    body = receipt.get_data(as_text=True)
    assert receipt.status_code == 200 and "感谢您" in body
    with services.session() as s:
        sub = s.scalars(select(Submission)).one()
        assert sub.channel == "web" and sub.name == "李四" and sub.phone == "+8655162345678"
        assert [(c.target_ref, c.kind, c.proposed_points) for c in sub.comments] == [
            ("art-3", "amend", None), ("annex-1/16", "other", 6)]
        assert sub.comments[1].original_text == "区域智能算力供给能力(PFLOPS )"
        assert sub.reference in body
        # A receipt mail and the office copy wait in the outbox, written in the same transaction.
        purposes = sorted(m.purpose for m in s.scalars(select(OutboxMessage)))
        assert purposes == ["office", "receipt"]
    # The basket is emptied and the details cookie dropped once the submission is stored.
    assert count(services, FeedbackDraft) == 0
    assert client.get_cookie("feedback_details") is None and client.get_cookie("feedback_draft") is None


def test_nothing_personal_is_stored_before_confirmation(client, services):
    token = token_of(client)
    client.post("/feedback", data=form_data(token))
    client.post("/feedback/about-you", data=form_data(token))
    html = client.get("/feedback/check").get_data(as_text=True)
    # Check your answers: every answer, each with a change link to its control.
    assert "李四" in html and "lisi@example.com" in html and "PFLOPS 口径需要说明。" in html
    for anchor in ("/feedback?from=check#comments-0-kind", "/feedback?from=check#comments-1-proposed_points", "/feedback/about-you#submitter-name",
                   "/feedback/about-you#submitter-email", "/feedback/about-you#consent"):
        assert f'href="{anchor}"' in html, anchor
    assert count(services, Submission) == 0
    with services.session() as s:
        draft = s.scalars(select(FeedbackDraft)).one()
        stored = repr(draft.comments) + draft.id
        assert "李四" not in stored and "lisi" not in stored and "62345678" not in stored
    assert "李四" not in client.get_cookie("feedback_details").value  # encrypted in the browser, not readable
    # Changing an answer goes back to its step with the other answers kept.
    html = client.get("/feedback/about-you").get_data(as_text=True)
    assert 'value="李四"' in html and "checked" in html


def test_steps_in_order(client, services):
    assert client.get("/feedback/check").headers["Location"].endswith("/feedback")
    assert client.get("/feedback/about-you").headers["Location"].endswith("/feedback")
    token = token_of(client)
    client.post("/feedback", data=form_data(token))
    assert client.get("/feedback/check").headers["Location"].endswith("/feedback/about-you")


@pytest.mark.parametrize("step,overrides,field_id,message", [
    ("about-you", {"consent": None}, "consent", "请同意"),
    ("about-you", {"submitter-phone": "", "submitter-email": ""}, "submitter-phone", "请填写电话或电子邮箱"),
    ("comments", {"comments-0-target": "art-99"}, "comments-0-target", "征求意见稿中没有该部分"),
    ("comments", {"comments-0-proposal": "长" * 5001}, "comments-0-proposal", "内容过长"),
    ("about-you", {"submitter-email": "not-an-email"}, "submitter-email", "电子邮箱格式不正确"),
    ("comments", {"comments-1-proposed_points": "abc"}, "comments-1-proposed_points", "分值必须是整数"),
    ("comments", {"comments-1-proposed_points": "101"}, "comments-1-proposed_points", "0 到 100"),
    ("comments", {"comments-0-kind": "amend", "comments-0-proposal": ""}, "comments-0-proposal", "请填写建议的表述"),
    ("comments", {"comments-0-kind": ""}, "comments-0-kind", "请选择意见类型"),
])
def test_bad_input_is_refused_next_to_its_field_and_nothing_stored(client, services, step, overrides, field_id, message):
    token = token_of(client)
    if step == "comments":
        response = client.post("/feedback", data=form_data(token, **overrides))
    else:
        client.post("/feedback", data=form_data(token))
        response = client.post("/feedback/about-you", data=form_data(token, **overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'href="#{field_id}"' in html  # in the summary at the top
    assert f'id="{field_id}-error"' in html  # and next to the field
    assert f'id="{field_id}"' in html  # a control carries the id the link points at (a radio, not a fieldset)
    assert message in html
    assert "<title>错误：" in html  # the title says there is an error
    assert count(services, Submission) == 0 and count(services, Comment) == 0


def test_errors_in_english(client, services):
    client.get("/lang/en")
    token = token_of(client)
    client.post("/feedback", data=form_data(token))
    html = client.post("/feedback/about-you", data=form_data(token, consent=None)).get_data(as_text=True)
    assert "Agree to the processing of your personal information" in html
    assert "<title>Error: " in html


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_missing_or_wrong_csrf_token(client, services, token):
    client.get("/feedback")
    response = client.post("/feedback", data=form_data(token))
    assert response.status_code == 400
    assert "安全令牌" in response.get_data(as_text=True)
    assert count(services, Submission) == 0 and count(services, FeedbackDraft) == 0


def test_script_payload_is_stored_as_given_and_shown_escaped(client, services):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    r = send(client, **{"comments-0-reason": payload})
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    with services.session() as s:
        assert s.scalars(select(Comment.reason).where(Comment.position == 0)).one() == payload


def test_unicode_is_normalised_and_zero_width_stripped(client, services):
    send(client, **{"comments-0-reason": "Cafe\u0301\u200b 理由\ufeff"})
    with services.session() as s:
        assert s.scalars(select(Comment.reason).where(Comment.position == 0)).one() == "Café 理由"


@pytest.mark.parametrize("control", ["\u0007", "\u202e", "\u2066"])
def test_control_and_bidi_characters_are_refused_on_the_field(client, services, control):
    r = client.post("/feedback", data=form_data(token_of(client), **{"comments-0-reason": f"理由{control}"}))
    assert r.status_code == 422 and "U+2066" in r.get_data(as_text=True)
    assert count(services, Comment) == 0


def test_add_and_remove_comment_blocks_without_javascript(client, services):
    token = token_of(client)
    r = client.post("/feedback", data=form_data(token, action="add"))
    assert r.status_code == 302
    html = client.get("/feedback").get_data(as_text=True)
    assert 'id="comments-2-target"' in html and "覆盖更多创建主体。" in html  # every comment kept
    client.post("/feedback", data=form_data(token, action="remove-0"))
    html = client.get("/feedback").get_data(as_text=True)
    assert 'id="comments-1-target"' not in html and 'value="annex-1/16" selected' in html
    assert count(services, Submission) == 0


def test_comment_links_fill_one_basket(client, services):
    """对此提意见 adds its part to the comments being written; the basket survives reading the draft."""
    r = client.get("/feedback?target=art-3")
    assert r.status_code == 302 and r.headers["Location"].endswith("/feedback#comments-0")
    token = token_of(client)
    client.post("/feedback", data={"csrf_token": token, "comments-0-target": "art-3", "comments-0-kind": "amend",
                                   "comments-0-proposal": "写到一半的意见", "action": "pick"})
    draft_page = client.get("/draft").get_data(as_text=True)
    assert "您正在填写的意见" in draft_page and "已加入您的意见" in draft_page
    r = client.get("/feedback?target=annex-1/16")
    assert r.headers["Location"].endswith("/feedback#comments-1")
    client.get("/feedback?target=annex-1/16")  # followed twice: still one comment on it
    html = client.get("/feedback").get_data(as_text=True)
    assert "写到一半的意见" in html and 'value="annex-1/16" selected' in html
    assert "区域智能算力供给能力(PFLOPS )" in html and "原定分值：4" in html
    assert 'id="comments-2-target"' not in html
    assert count(services, FeedbackDraft) == 1


def _basket(services) -> list[dict]:
    with services.session() as s:
        (draft,) = s.scalars(select(FeedbackDraft)).all()
        return list(draft.comments)


def _targets(client, services) -> list[str]:
    """The parts in the basket: the stored draft's, or those kept in the cookie before a step is posted."""
    if count(services, FeedbackDraft):
        return [c["target"] for c in _basket(services)]
    value = client.get_cookie("feedback_draft").value.strip('"')
    assert value.startswith("parts:")
    return value[len("parts:"):].split("|")


@pytest.mark.parametrize("lang, text", [("zh-CN", "每次提交最多 50 条意见"),
                                        ("en", "At most 50 comments in one submission")])
def test_a_full_basket_takes_no_more_parts_and_says_why(client, services, lang, text):
    """Attack round 3, F2: the 51st 对此提意见 link answered 500. It leads to the form, which says the maximum
    (the submission's), and the basket is left as it was; a part already in it is still found."""
    refs = list(services.consultation.commentable_refs)
    assert len(refs) > MAX_COMMENTS
    for i, ref in enumerate(refs[:MAX_COMMENTS]):
        r = client.get("/feedback", query_string={"target": ref})
        assert r.status_code == 302 and r.headers["Location"].endswith(f"/feedback#comments-{i}")
    before = _targets(client, services)
    assert len(before) == MAX_COMMENTS
    headers = {"Accept-Language": lang}
    r = client.get("/feedback", query_string={"target": refs[MAX_COMMENTS]}, headers=headers)
    assert r.status_code == 302 and r.headers["Location"].startswith("/feedback?")
    page = client.get(r.headers["Location"], headers=headers)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'class="error-summary"' in html and text in html
    assert _targets(client, services) == before
    r = client.get("/feedback", query_string={"target": refs[3]})  # already in it: its comment, as before
    assert r.status_code == 302 and r.headers["Location"].endswith("/feedback#comments-3")
    assert _targets(client, services) == before


@pytest.mark.parametrize("lang, text", [
    ("zh-CN", "每次提交最多 50 条意见，您已准备好 50 条，不能再添加。请先提交已写好的意见，再开始新的提交填写其余意见。"),
    ("en", "no more can be added. Send the comments you have first, then start a new submission for the rest.")])
def test_add_another_comment_on_a_full_form_says_why_and_keeps_what_was_typed(client, services, lang, text):
    """"Add another comment" from a page shown before the comments filled up (another tab filled them): the
    form comes back with the maximum and what to do, with what was typed kept, rather than doing nothing."""
    refs = list(services.consultation.commentable_refs)
    for ref in refs[:MAX_COMMENTS]:
        client.get("/feedback", query_string={"target": ref})
    data = {"csrf_token": token_of(client), "action": "add", "comments-0-reason": "理由：写到一半。"}
    for i, ref in enumerate(refs[:MAX_COMMENTS]):
        data[f"comments-{i}-target"] = ref
    r = client.post("/feedback", data=data, headers={"Accept-Language": lang})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and 'class="error-summary"' in html and text in html
    assert "理由：写到一半。" in html and f'id="comments-{MAX_COMMENTS}-target"' not in html
    basket = _basket(services)
    assert len(basket) == MAX_COMMENTS and basket[0]["reason"] == "理由：写到一半。"


def test_a_blank_comment_in_a_full_basket_takes_the_part(client, services):
    """A basket of the maximum with a comment left blank ("Add another comment", then back to the draft)
    is not full: the blank comment takes the part. The form's note that a part was not added is shown
    only while the basket is full."""
    refs = list(services.consultation.commentable_refs)
    for ref in refs[:MAX_COMMENTS - 1]:
        client.get("/feedback", query_string={"target": ref})
    comments = {"csrf_token": token_of(client), "action": "add"}
    for i, ref in enumerate(refs[:MAX_COMMENTS - 1]):
        comments[f"comments-{i}-target"] = ref
    assert client.post("/feedback", data=comments).status_code == 302
    assert len(_basket(services)) == MAX_COMMENTS and _basket(services)[-1]["target"] == ""
    assert 'class="error-summary"' not in client.get("/feedback?full=1").get_data(as_text=True)
    r = client.get("/feedback", query_string={"target": refs[MAX_COMMENTS]})
    assert r.headers["Location"].endswith(f"/feedback#comments-{MAX_COMMENTS - 1}")
    assert _basket(services)[-1]["target"] == refs[MAX_COMMENTS]
    assert 'class="error-summary"' in client.get("/feedback?full=1").get_data(as_text=True)  # full now


def test_keep_stores_the_text_typed_so_far_and_answers_with_no_page(client, services):
    """What the page sends in the background when it is left by a link (web/static/js/site.js): the
    comments as typed, stored like any step (unfinished ones too), with the draft cookie; no page, no
    redirect, nothing checked."""
    client.get("/feedback?target=art-3")
    r = client.post("/feedback", data={"csrf_token": token_of(client), "comments-0-target": "art-3",
                                       "comments-0-kind": "", "comments-0-reason": "写到一半", "action": "keep"})
    assert r.status_code == 204 and r.get_data() == b"" and "Location" not in r.headers
    assert "写到一半" in client.get("/feedback").get_data(as_text=True)
    with services.session() as s:
        (draft,) = s.scalars(select(FeedbackDraft)).all()
        assert draft.comments[0]["reason"] == "写到一半"
    refused = client.post("/feedback", data={"comments-0-target": "art-3", "comments-0-reason": "没有令牌",
                                             "action": "keep"})
    assert refused.status_code == 400  # the form's CSRF token is required as for every step
    assert "没有令牌" not in client.get("/feedback").get_data(as_text=True)


def test_drafts_expire_after_seven_days_on_the_real_clock(client, services):
    import datetime as dt

    from sqlalchemy import update

    token = token_of(client)
    client.post("/feedback", data={"csrf_token": token, "comments-0-target": "art-3", "action": "keep"})
    with services.session() as s:
        s.execute(update(FeedbackDraft).values(created_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=7, seconds=1)))
        s.commit()
    html = client.get("/feedback").get_data(as_text=True)
    assert 'value="art-3" selected' not in html
    # a new draft purges the expired one
    client.post("/feedback", data={"csrf_token": token, "comments-0-target": "art-4", "action": "keep"})
    assert count(services, FeedbackDraft) == 1


@pytest.mark.parametrize("moment,is_open", [
    ("2025-11-17T23:59:59+08:00", False),
    ("2025-11-18T00:00:00+08:00", True),
    ("2025-12-17T23:59:59+08:00", True),
    ("2025-12-18T00:00:00+08:00", False),
    ("2025-12-17T16:00:00Z", False),
    ("2025-12-17T15:59:59Z", True),
])
def test_window_boundaries_in_beijing_time(client, services, moment, is_open):
    set_now(services, "2025-11-20T10:00:00+08:00")
    token = token_of(client)
    client.post("/feedback", data=form_data(token))
    client.post("/feedback/about-you", data=form_data(token))
    shown = checked_from(client.get("/feedback/check").get_data(as_text=True))
    set_now(services, moment)
    response = client.post("/feedback/check", data={"csrf_token": token, "checked": shown})
    if is_open:
        assert response.status_code == 302
        assert count(services, Submission) == 1
    else:
        assert response.status_code == 403
        assert count(services, Submission) == 0
        text = response.get_data(as_text=True)
        assert "chenwubiao@ahjxw.gov.cn" in text and "未保存" in text
        assert ("尚未开始" in text) if moment < "2025-11-18" else ("截止" in text)


def test_closed_form_explains_before_typing(client, services):
    set_now(services, "2025-12-18T09:00:00+08:00")
    html = client.get("/feedback").get_data(as_text=True)
    assert 'name="csrf_token"' not in html and "2025年12月17日" in html
    assert "未保存" not in html  # a plain visit sent nothing


def test_home_shows_state_and_simulated_banner(client, services):
    html = client.get("/").get_data(as_text=True)
    assert "进行中" in html and "还剩 28 天" in html and "演示模式" in html
    set_now(services, "2025-12-20T09:00:00+08:00")
    assert "已截止" in client.get("/").get_data(as_text=True)


def test_language_switch_is_remembered(client, services):
    assert "首页" in client.get("/").get_data(as_text=True)
    client.get("/lang/en?next=/draft")
    html = client.get("/").get_data(as_text=True)
    assert ">Home<" in html and 'lang="en"' in html
    assert "Home" in client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_elder_mode_is_one_switch_remembered_without_javascript(client, services):
    html = client.get("/draft").get_data(as_text=True)
    assert 'class="care"' not in html and "/care?on=1" in html
    r = client.get("/care?on=1&next=/draft")
    assert r.status_code == 302 and r.headers["Location"] == "/draft"
    html = client.get("/privacy").get_data(as_text=True)
    assert '<html lang="zh-CN" class="care">' in html and "/care?on=0" in html
    assert client.get("/care?on=1&next=//evil.example").headers["Location"] == "/"
    client.get("/care?on=0")
    assert 'class="care"' not in client.get("/").get_data(as_text=True)


def test_draft_reader_links_every_article_item_and_row(client, services):
    html = client.get("/draft").get_data(as_text=True)
    for ref in services.consultation.commentable_refs:
        assert f"/feedback?target={ref.replace('/', '%2F')}" in html or f"/feedback?target={ref}" in html, ref
    assert "区域智能算力供给能力(PFLOPS )" in html


def test_public_counts_per_article(client, services):
    send(client)
    html = client.get("/draft").get_data(as_text=True)
    assert "1 条意见" in html
    assert "李四" not in html and "lisi@example.com" not in html
    services.settings.public_counts = False
    try:
        assert "1 条意见" not in client.get("/draft").get_data(as_text=True)
    finally:
        services.settings.public_counts = True


def test_privacy_notice_states_retention_and_deletion(client, services):
    html = client.get("/privacy").get_data(as_text=True)
    assert "7 天" in html and "180 天" in html and "2 小时" in html
    assert "删除" in html and "chenwubiao@ahjxw.gov.cn" in html


@pytest.mark.parametrize("index", ["1000", "999999", "-1", "1.0", "1_0", " 1", "01", "１", "٣", "12345678901234567890"])
def test_a_comment_field_the_page_never_writes_is_refused_not_dropped(client, services, index):
    """Attack round 11: comments whose index the form does not write (1000 and more, signs, fractions,
    leading zeros, other scripts' digits) were dropped without a word while the others went on to a
    receipt; now the whole post is a 400 that says why, and nothing moves on."""
    token = token_of(client)
    extra = {f"comments-{index}-target": "art-5", f"comments-{index}-kind": "other",
             f"comments-{index}-reason": "多出来的一条。"}
    r = client.post("/feedback", data=form_data(token, **extra))
    assert r.status_code == 400, (index, r.status_code)
    assert "comments-" in r.get_data(as_text=True)
    assert count(services, Submission) == 0


def test_fifty_comments_and_fifty_more_under_far_indices_are_not_cut_to_fifty(client, services):
    """Attack round 11: 0..49 and 1000..1049 went on with 50 comments; the page never writes 1000."""
    token = token_of(client)
    data = {"csrf_token": token, "action": "continue"}
    for i in [*range(50), *range(1000, 1050)]:
        data.update({f"comments-{i}-target": "art-3", f"comments-{i}-kind": "other", f"comments-{i}-reason": f"理由{i}。"})
    r = client.post("/feedback", data=data)
    assert r.status_code == 400
    assert count(services, FeedbackDraft) == 0
