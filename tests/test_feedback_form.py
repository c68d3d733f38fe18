"""The public feedback form end to end, CSRF on, through the Flask test client."""
import pytest
from sqlalchemy import func, select

from consultation.models import Comment, OutboxMessage, Submission
from tests.conftest import csrf_token_from, set_now


def form_data(token, **overrides):
    data = {
        "csrf_token": token,
        "comments-0-target": "art-3", "comments-0-kind": "amend",
        "comments-0-proposal": "建议将“省级(含以上)开发区”扩展为“省级及以上各类园区”。",
        "comments-0-reason": "覆盖更多创建主体。",
        "comments-1-target": "annex-1/16", "comments-1-kind": "other",
        "comments-1-proposal": "", "comments-1-reason": "PFLOPS 口径需要说明。", "comments-1-proposed_points": "6",
        "submitter-category": "enterprise", "submitter-name": "李四", "submitter-organisation": "合肥某科技有限公司",
        "submitter-phone": "0551-62345678", "submitter-email": "lisi@example.com",
        "consent": "yes", "action": "submit",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def count(services, model):
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_comment_on_article_3_and_row_16_gets_a_receipt(client, services):
    page = client.get("/feedback?target=art-3")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'value="art-3" selected' in html
    assert "示范区创建主体为县(市、区)" in html  # the original text, read-only
    response = client.post("/feedback", data=form_data(csrf_token_from(html)))
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


def test_reference_is_not_sequential_and_link_needs_the_token(client, services):
    refs = []
    for _ in range(3):
        token = csrf_token_from(client.get("/feedback").get_data(as_text=True))
        r = client.post("/feedback", data=form_data(token))
        refs.append(r.headers["Location"])
    references = [loc.split("/receipt/")[1].split("?")[0] for loc in refs]
    assert len(set(references)) == 3
    assert all(len(ref) == 14 and ref.count("-") == 2 for ref in references)
    assert client.get(f"/receipt/{references[0]}?token=wrong").status_code == 404
    assert client.get(f"/receipt/{references[0]}").status_code == 404


@pytest.mark.parametrize("overrides,field_id,message", [
    ({"consent": None}, "consent", "请同意"),
    ({"submitter-phone": "", "submitter-email": ""}, "submitter-contact", "请填写电话或电子邮箱"),
    ({"comments-0-target": "art-99"}, "comments-0-target", "征求意见稿中没有该部分"),
    ({"comments-0-proposal": "长" * 5001}, "comments-0-proposal", "内容过长"),
    ({"submitter-email": "not-an-email"}, "submitter-email", "电子邮箱格式不正确"),
    ({"comments-1-proposed_points": "abc"}, "comments-1-proposed_points", "分值必须是整数"),
    ({"comments-1-proposed_points": "101"}, "comments-1-proposed_points", "0 到 100"),
    ({"comments-0-kind": "amend", "comments-0-proposal": ""}, "comments-0-proposal", "请填写建议的表述"),
])
def test_bad_input_is_refused_next_to_its_field_and_nothing_stored(client, services, overrides, field_id, message):
    token = csrf_token_from(client.get("/feedback").get_data(as_text=True))
    response = client.post("/feedback", data=form_data(token, **overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'href="#{field_id}"' in html  # in the summary at the top
    assert f'id="{field_id}-error"' in html  # and next to the field
    assert message in html
    assert count(services, Submission) == 0 and count(services, Comment) == 0


def test_errors_in_english(client, services):
    client.get("/lang/en")
    token = csrf_token_from(client.get("/feedback").get_data(as_text=True))
    html = client.post("/feedback", data=form_data(token, consent=None)).get_data(as_text=True)
    assert "Agree to the processing of your personal information" in html


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_missing_or_wrong_csrf_token(client, services, token):
    client.get("/feedback")
    response = client.post("/feedback", data=form_data(token))
    assert response.status_code == 400
    assert "安全令牌" in response.get_data(as_text=True)
    assert count(services, Submission) == 0


def test_script_payload_is_stored_as_given_and_shown_escaped(client, services):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    token = csrf_token_from(client.get("/feedback").get_data(as_text=True))
    r = client.post("/feedback", data=form_data(token, **{"comments-0-reason": payload}))
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    with services.session() as s:
        assert s.scalars(select(Comment.reason).where(Comment.position == 0)).one() == payload


def test_unicode_is_normalised_and_zero_width_stripped(client, services):
    token = csrf_token_from(client.get("/feedback").get_data(as_text=True))
    decomposed = "Cafe\u0301\u200b 理由\ufeff"
    client.post("/feedback", data=form_data(token, **{"comments-0-reason": decomposed}))
    with services.session() as s:
        assert s.scalars(select(Comment.reason).where(Comment.position == 0)).one() == "Café 理由"


@pytest.mark.parametrize("control", ["\u0007", "\u202e", "\u2066"])
def test_control_and_bidi_characters_are_refused_on_the_field(client, services, control):
    token = csrf_token_from(client.get("/feedback").get_data(as_text=True))
    r = client.post("/feedback", data=form_data(token, **{"comments-0-reason": f"理由{control}"}))
    assert r.status_code == 422 and "U+2066" in r.get_data(as_text=True)
    with services.session() as s:
        assert s.scalar(select(func.count()).select_from(Comment)) == 0


def test_add_and_remove_comment_blocks_without_javascript(client, services):
    token = csrf_token_from(client.get("/feedback").get_data(as_text=True))
    html = client.post("/feedback", data=form_data(token, action="add")).get_data(as_text=True)
    assert 'id="comments-2-target"' in html
    html = client.post("/feedback", data=form_data(token, action="remove-0")).get_data(as_text=True)
    assert 'id="comments-1-target"' not in html and 'value="annex-1/16" selected' in html
    assert count(services, Submission) == 0


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
    token = csrf_token_from(client.get("/feedback").get_data(as_text=True))
    set_now(services, moment)
    response = client.post("/feedback", data=form_data(token))
    if is_open:
        assert response.status_code == 302
        assert count(services, Submission) == 1
    else:
        assert response.status_code == 403
        assert count(services, Submission) == 0
        text = response.get_data(as_text=True)
        assert "chenwubiao@ahjxw.gov.cn" in text
        assert ("尚未开始" in text) if moment < "2025-11-18" else ("截止" in text)


def test_closed_form_explains_before_typing(client, services):
    set_now(services, "2025-12-18T09:00:00+08:00")
    html = client.get("/feedback").get_data(as_text=True)
    assert 'name="csrf_token"' not in html and "2025年12月17日" in html


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


def test_draft_reader_links_every_article_item_and_row(client, services):
    html = client.get("/draft").get_data(as_text=True)
    for ref in services.consultation.commentable_refs:
        assert f"/feedback?target={ref.replace('/', '%2F')}" in html or f"/feedback?target={ref}" in html, ref
    assert "区域智能算力供给能力(PFLOPS )" in html


def test_public_counts_per_article(client, services):
    token = csrf_token_from(client.get("/feedback").get_data(as_text=True))
    client.post("/feedback", data=form_data(token))
    html = client.get("/draft").get_data(as_text=True)
    assert "1 条意见" in html
    assert "李四" not in html and "lisi@example.com" not in html
    services.settings.public_counts = False
    try:
        assert "1 条意见" not in client.get("/draft").get_data(as_text=True)
    finally:
        services.settings.public_counts = True
