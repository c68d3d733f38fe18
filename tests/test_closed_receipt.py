"""After the window: the receipt and the change/withdraw links say the consultation closed (not a
silent redirect)."""
from tests.conftest import sample_payload, set_now
from consultation.submissions import submit

CLOSED = "征求意见已于2025-12-17截止（北京时间），意见不能再修改或撤回。"


def _stored(services):
    return submit(services.engine, services.consultation, sample_payload(), channel="web", locale="zh_CN",
                  now=services.now(), secret_key=services.settings.secret_key)


def test_receipt_and_late_change_links_say_the_window_closed(client, services):
    receipt = _stored(services)
    base = f"/receipt/{receipt.reference}"
    assert CLOSED not in client.get(f"{base}?token={receipt.token}").get_data(as_text=True)
    set_now(services, "2025-12-20T10:00:00+08:00")
    assert CLOSED in client.get(f"{base}?token={receipt.token}").get_data(as_text=True)
    for action in ("change", "withdraw"):
        answer = client.get(f"{base}/{action}?token={receipt.token}", follow_redirects=True)
        html = answer.get_data(as_text=True)
        assert answer.status_code == 200 and CLOSED in html and 'role="status"' in html, action


def test_a_repeat_explains_how_to_find_the_receipt_without_the_token(client, services):
    from tests.test_feedback_form import send

    first = send(client)
    token = first.headers["Location"].split("token=")[1].split("&")[0]
    again = send(client)
    html = again.get_data(as_text=True)
    assert again.status_code == 200 and "已经收到" in html
    assert "首次提交后显示的页面" in html and "chenwubiao@ahjxw.gov.cn" in html
    assert "电子邮箱" in html  # the first one had an email address: the receipt mail is where to look
    assert token not in html and "token=" not in html


def test_error_summary_says_which_comment_each_error_is_about(client):
    from tests.test_feedback_form import token_of

    token = token_of(client)
    answer = client.post("/feedback", data={
        "csrf_token": token, "action": "continue",
        "comments-0-target": "art-3", "comments-0-reason": "理由一。",
        "comments-1-target": "art-5", "comments-1-reason": "理由二。"})
    html = answer.get_data(as_text=True)
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    assert answer.status_code == 422
    assert "第1条意见：请选择意见类型。" in summary and "第2条意见：请选择意见类型。" in summary
    assert 'href="#comments-1-kind' in summary


def test_continue_after_a_change_link_returns_to_the_check_page(client):
    from tests.test_feedback_form import form_data, token_of

    token = token_of(client)
    client.post("/feedback", data=form_data(token))
    client.post("/feedback/about-you", data=form_data(token))
    check = client.get("/feedback/check").get_data(as_text=True)
    assert "/feedback?from=check#" in check
    page = client.get("/feedback?from=check").get_data(as_text=True)
    assert 'name="from" value="check"' in page
    answer = client.post("/feedback", data=form_data(token, **{"from": "check", "comments-0-reason": "改过的理由。"}))
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/feedback/check")
    assert "改过的理由。" in client.get("/feedback/check").get_data(as_text=True)
    # Without the change link, continuing is step 2 as before.
    plain = client.post("/feedback", data=form_data(token))
    assert plain.headers["Location"].endswith("/feedback/about-you")


def test_closed_window_draft_and_home_say_so(client, services):
    open_draft = client.get("/draft").get_data(as_text=True)
    assert open_draft.count('class="comment-link"') > 100
    set_now(services, "2025-12-20T10:00:00+08:00")
    draft = client.get("/draft").get_data(as_text=True)
    assert 'class="comment-link"' not in draft and "对此提意见" not in draft
    assert "征求意见已于2025-12-17截止（北京时间），不再接收意见。" in draft
    home = client.get("/").get_data(as_text=True)
    assert "结束后在此公布" not in home and "征求意见已于2025-12-17结束，意见采纳情况将在此公布。" in home
    assert "通过电子邮件反馈：发送至" not in home  # our own line; the quoted notice keeps its words


def test_ui_glue_beside_chinese_is_full_width(client):
    home = client.get("/").get_data(as_text=True)
    assert "征求意见期限：进行中" in home and "征求意见期限: " not in home
    client.get("/feedback?target=art-3")
    form = client.get("/feedback").get_data(as_text=True)
    assert "<legend>第1条意见：第三条</legend>" in form and "第1条意见: " not in form
    assert "（第1条意见）" in form and "(第1条意见)" not in form


def test_self_check_first_question_is_in_its_legend(client):
    html = client.get("/self-check").get_data(as_text=True)
    legend = html.split("<legend>")[1].split("</legend>")[0]
    assert "您想对照哪一类示范区自评？" in legend


def test_template_download_says_it_is_not_the_official_form(client):
    html = client.get("/draft").get_data(as_text=True)
    assert "并非通知所附的官方《征求意见反馈信息表》" in html
