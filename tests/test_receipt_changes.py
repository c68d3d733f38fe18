"""Changing and withdrawing feedback through the private link, in the domain and on the pages.

An amendment is a full edit of the comments by the form's rules (add, remove, another part of the
draft), checked before it is stored; the office is told of each change and of a withdrawal by mail.
"""
import pytest
from sqlalchemy import select

from consultation import amendments
from consultation.mail.messages import build_message
from consultation.models import Comment, OutboxMessage, Submission
from consultation.office.models import CommentNote
from consultation.submissions import MAX_COMMENTS, ValidationFailed, WindowClosed, lookup, submit
from tests.conftest import checked_from, csrf_token_from, sample_payload, set_now

OFFICE = "office@example.gov.cn"


def stored(services, **payload):
    return submit(services.engine, services.consultation, sample_payload(**payload), channel="web", locale="zh_CN",
                  now=services.now(), secret_key=services.settings.secret_key, office_mailbox=OFFICE)


def load(services, s, receipt):
    return lookup(s, receipt.reference, receipt.token, services.settings.secret_key)


def as_form(sub):
    return [{"id": str(c.id), "target": c.target_ref, "kind": c.kind, "proposal": c.proposal, "reason": c.reason,
             "proposed_points": "" if c.proposed_points is None else str(c.proposed_points)} for c in sub.comments]


def office_mail(s, purpose):
    return s.scalars(select(OutboxMessage).where(OutboxMessage.purpose == purpose)).all()


def test_amend_keeps_the_reference_and_marks_the_change(services):
    receipt = stored(services)
    with services.session() as s:
        sub = load(services, s, receipt)
        first_id = sub.comments[0].id
        changes = as_form(sub)
        changes[0].update(proposal="新的表述", reason="新的理由")
        assert amendments.amend(s, services.consultation, sub, changes, services.now(), office_mailbox=OFFICE)
    with services.session() as s:
        sub = load(services, s, receipt)
        assert sub.reference == receipt.reference and sub.amended_at is not None
        assert (sub.comments[0].id, sub.comments[0].proposal, sub.comments[0].reason) == (first_id, "新的表述", "新的理由")
        assert sub.comments[0].original_text.startswith("示范区创建主体")


def test_amend_adds_removes_and_moves_comments(services):
    receipt = stored(services, comments=[
        {"target": "art-3", "kind": "support", "reason": "同意。", "proposed_points": None},
        {"target": "art-5", "kind": "other", "reason": "第五条要细化。", "proposed_points": None}])
    with services.session() as s:
        sub = load(services, s, receipt)
        art3, art5 = sub.comments
        s.add(CommentNote(comment_id=art3.id, author="clerk", body="已读"))
        s.commit()
        art3_id, art5_id = art3.id, art5.id
        form = as_form(sub)
        # Comment 2 leaves; comment 1 moves to an annex row with points; a new comment on article 6.
        new = [{**form[0], "target": "annex-1/16", "kind": "amend", "proposal": "改为八分。", "proposed_points": "8"},
               {"target": "art-6", "kind": "other", "proposal": "", "reason": "新增的意见。", "proposed_points": ""}]
        amendments.amend(s, services.consultation, sub, new, services.now(), office_mailbox=OFFICE)
    with services.session() as s:
        sub = load(services, s, receipt)
        assert [(c.position, c.target_ref) for c in sub.comments] == [(0, "annex-1/16"), (1, "art-6")]
        moved = sub.comments[0]
        # Another part of the draft is another comment: new row, its own original text, the points kept.
        assert moved.id not in (art3_id, art5_id) and moved.proposed_points == 8
        assert moved.original_text == services.consultation.quote("annex-1/16")
        assert s.get(Comment, art5_id) is None and s.get(Comment, art3_id) is None
        assert s.scalars(select(CommentNote)).all() == []  # the office's note went with the old comment
        assert sub.amended_at is not None


def test_a_comment_on_the_same_part_keeps_its_row_and_the_office_notes(services):
    receipt = stored(services)
    with services.session() as s:
        sub = load(services, s, receipt)
        s.add(CommentNote(comment_id=sub.comments[0].id, author="clerk", body="已读"))
        s.commit()
        form = as_form(sub)
        form[0]["reason"] = "理由改了。"
        form.append({"target": "art-5", "kind": "support", "reason": "赞成。", "proposed_points": ""})
        amendments.amend(s, services.consultation, sub, form, services.now())
    with services.session() as s:
        assert s.scalars(select(CommentNote.body)).all() == ["已读"]
        assert [c.target_ref for c in load(services, s, receipt).comments] == ["art-3", "art-5"]


def test_amend_refuses_what_the_form_refuses_and_changes_nothing(services):
    receipt = stored(services)
    with services.session() as s:
        sub = load(services, s, receipt)
        cases = [
            ([{**as_form(sub)[0], "proposal": ""}], "comments.0.proposal"),
            ([{**as_form(sub)[0], "target": "art-999"}], "comments.0.target"),
            ([{**as_form(sub)[0], "proposed_points": "5"}], "comments.0.proposed_points"),  # not a row
            ([], "comments"),
            ([as_form(sub)[0]] + [{**as_form(sub)[0], "id": ""}] * MAX_COMMENTS, "comments"),  # ids once each
        ]
        for comments, field in cases:
            with pytest.raises(ValidationFailed) as exc:
                amendments.amend(s, services.consultation, sub, comments, services.now(), office_mailbox=OFFICE)
            assert exc.value.errors[0].field == field, comments
            s.rollback()
        set_now(services, "2025-12-18T00:00:00+08:00")
        with pytest.raises(WindowClosed):
            amendments.amend(s, services.consultation, sub, as_form(sub), services.now())
        with pytest.raises(WindowClosed):
            amendments.withdraw(s, services.consultation, sub, services.now())
    with services.session() as s:
        sub = load(services, s, receipt)
        assert sub.amended_at is None and sub.withdrawn_at is None and sub.comments[0].proposal == "建议增加“省级以上园区”。"
        assert office_mail(s, "amended") == [] and office_mail(s, "withdrawn") == []


def test_an_unchanged_amendment_is_not_a_change(services):
    receipt = stored(services)
    with services.session() as s:
        sub = load(services, s, receipt)
        assert not amendments.amend(s, services.consultation, sub, as_form(sub), services.now(), office_mailbox=OFFICE)
    with services.session() as s:
        assert load(services, s, receipt).amended_at is None and office_mail(s, "amended") == []


def amend_twice(services, receipt):
    """Two changes in a row, before the worker has sent anything."""
    for reason in ("第一次修改。", "第二次修改。"):
        with services.session() as s:
            sub = load(services, s, receipt)
            form = as_form(sub)
            form[0]["reason"] = reason
            amendments.amend(s, services.consultation, sub, form, services.now(), office_mailbox=OFFICE)


def test_the_office_is_mailed_the_latest_text_once_per_pending_notice(services):
    receipt = stored(services)
    amend_twice(services, receipt)
    with services.session() as s:
        (row,) = office_mail(s, "amended")  # not yet sent: one notice carries both changes
        assert row.recipient == OFFICE and row.status == "pending"
        msg = build_message(row, services.consultation, mail_from="noreply@example.org",
                            secret_key=services.settings.secret_key, receipt_url=lambda r, t: "", now=services.now())
        body = msg.get_body(("plain",)).get_content()
        assert receipt.reference in msg["Subject"] and "修改" in msg["Subject"]
        assert "第二次修改。" in body and "第一次修改。" not in body
        assert msg["X-Consultation-Reference"] == receipt.reference and msg["Message-ID"].startswith("<outbox-")
        assert [p.get_filename() for p in msg.iter_attachments()][0].endswith(".docx")
        row.status = "sent"
        s.commit()
    with services.session() as s:  # after it went out, the next change is a new notice
        sub = load(services, s, receipt)
        form = as_form(sub)
        form[0]["reason"] = "第三次修改。"
        amendments.amend(s, services.consultation, sub, form, services.now(), office_mailbox=OFFICE)
        assert len(office_mail(s, "amended")) == 2


def test_withdraw_deletes_contacts_tells_the_office_and_blocks_further_changes(services):
    receipt = stored(services)
    with services.session() as s:
        sub = load(services, s, receipt)
        form = as_form(sub)
        form[0]["reason"] = "改过。"
        amendments.amend(s, services.consultation, sub, form, services.now(), office_mailbox=OFFICE)
        amendments.withdraw(s, services.consultation, load(services, s, receipt), services.now(), office_mailbox=OFFICE)
    with services.session() as s:
        sub = load(services, s, receipt)
        assert sub.withdrawn_at is not None and sub.name is None and sub.email is None and sub.phone is None
        assert sub.organisation == "合肥某科技有限公司"  # an enterprise's name is not personal data
        # The receipt not yet sent is not sent, and the address leaves the outbox too.
        (receipt_row,) = office_mail(s, "receipt")
        assert (receipt_row.status, receipt_row.recipient) == ("skipped", "")
        assert [r.status for r in office_mail(s, "amended")] == ["skipped"]  # the withdrawal supersedes it
        (row,) = office_mail(s, "withdrawn")
        msg = build_message(row, services.consultation, mail_from="noreply@example.org",
                            secret_key=services.settings.secret_key, receipt_url=lambda r, t: "", now=services.now())
        assert "撤回" in msg["Subject"] and receipt.reference in msg.get_body(("plain",)).get_content()
        assert "zhangsan@example.com" not in msg.as_string()
        with pytest.raises(ValidationFailed):
            amendments.amend(s, services.consultation, sub, as_form(sub), services.now())


def test_add_another_comment_on_a_full_change_page_says_why_and_keeps_what_was_typed(client, services):
    """The change page's "Add another comment" with the maximum already on it (a page from before they filled up,
    or a crafted post): the page comes back with the maximum and what to do, nothing stored, nothing lost."""
    receipt = stored(services)
    url = f"/receipt/{receipt.reference}/change?token={receipt.token}"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    refs = list(services.consultation.commentable_refs)[:MAX_COMMENTS]
    data = {"csrf_token": token, "action": "add"}
    for i, ref in enumerate(refs):
        data.update({f"comments-{i}-target": ref, f"comments-{i}-kind": "support", f"comments-{i}-reason": f"理由{i}。"})
    r = client.post(url, data=data)
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "每次提交最多 50 条意见，您已准备好 50 条，不能再添加。" in html
    assert f'name="comments-{MAX_COMMENTS - 1}-reason"' in html and f"理由{MAX_COMMENTS - 1}。" in html
    assert f'id="comments-{MAX_COMMENTS}-target"' not in html
    with services.session() as s:
        assert s.scalars(select(Submission.amended_at)).one() is None and s.query(Comment).count() == 1


def test_pages_change_check_then_withdraw(client, services):
    receipt = stored(services)
    base = f"/receipt/{receipt.reference}"
    url = f"{base}/change?token={receipt.token}"
    html = client.get(f"{base}?token={receipt.token}").get_data(as_text=True)
    assert url in html and f"{base}/withdraw?token={receipt.token}" in html
    assert client.get(f"{base}/change?token=wrong").status_code == 404
    form = client.get(url).get_data(as_text=True)
    token = csrf_token_from(form)
    with services.session() as s:
        first_id = str(s.scalars(select(Comment.id)).one())
    assert f'name="comments-0-id" value="{first_id}"' in form and 'name="comments-0-target"' in form
    one = {"csrf_token": token, "comments-0-id": first_id, "comments-0-target": "art-3", "comments-0-kind": "amend",
           "comments-0-proposal": "", "comments-0-reason": "", "comments-0-proposed_points": ""}
    bad = client.post(url, data={**one, "action": "continue"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'href="#comments-0-proposal"' in page and "<title>错误：" in page
    # Add another comment: the form comes back with both, nothing stored.
    added = client.post(url, data={**one, "comments-0-proposal": "改后的表述", "action": "add"}).get_data(as_text=True)
    assert 'id="comments-1-target"' in added and "改后的表述" in added
    two = {**one, "comments-0-proposal": "改后的表述", "comments-1-target": "annex-1/16", "comments-1-kind": "other",
           "comments-1-proposal": "", "comments-1-reason": "新增一条。", "comments-1-proposed_points": "5"}
    check = client.post(url, data={**two, "action": "continue"})
    page = check.get_data(as_text=True)
    assert check.status_code == 200 and "检查" in page and "新增一条。" in page and "改后的表述" in page
    assert 'value="confirm"' in page and 'name="comments-1-reason" value="新增一条。"' in page
    with services.session() as s:  # the check page stores nothing
        assert s.scalars(select(Submission.amended_at)).one() is None and s.query(Comment).count() == 1
    back = client.post(url, data={**two, "action": "edit"}).get_data(as_text=True)
    assert 'id="comments-1-target"' in back and "新增一条。" in back
    r = client.post(url, data={**two, "checked": checked_from(page), "action": "confirm"})
    assert r.status_code == 302 and "done=amended" in r.headers["Location"]
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "改后的表述" in html and "新增一条。" in html and "已修改" in html and receipt.reference in html
    with services.session() as s:
        sub = s.scalars(select(Submission)).one()
        assert [c.target_ref for c in sub.comments] == ["art-3", "annex-1/16"] and str(sub.comments[0].id) == first_id
        assert len(office_mail(s, "amended")) == 1
    # Remove the first comment.
    form = client.get(url).get_data(as_text=True)
    with services.session() as s:
        ids = [str(i) for i in s.scalars(select(Comment.id).order_by(Comment.position))]
    both = {**two, "comments-0-id": ids[0], "comments-1-id": ids[1]}
    removed = client.post(url, data={**both, "action": "remove-0"}).get_data(as_text=True)
    assert 'id="comments-1-target"' not in removed and f'name="comments-0-id" value="{ids[1]}"' in removed
    rest = {"csrf_token": token, **{k.replace("comments-1-", "comments-0-"): v for k, v in both.items()
                                    if k.startswith("comments-1-")}}
    check = client.post(url, data={**rest, "action": "continue"}).get_data(as_text=True)
    assert "你删除的意见" in check or "删除" in check
    client.post(url, data={**rest, "checked": checked_from(check), "action": "confirm"})
    with services.session() as s:
        assert [c.target_ref for c in s.scalars(select(Submission)).one().comments] == ["annex-1/16"]
    r = client.post(f"{base}/withdraw?token={receipt.token}", data={"csrf_token": token})
    html = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "已撤回" in html and f"{base}/change" not in html
    with services.session() as s:
        sub = s.scalars(select(Submission)).one()
        assert sub.withdrawn_at is not None and len(office_mail(s, "withdrawn")) == 1
    assert client.post(url, data={**rest, "action": "confirm"}).status_code == 302  # withdrawn: back to the receipt


def test_no_change_after_the_window(client, services):
    receipt = stored(services)
    url = f"/receipt/{receipt.reference}/change?token={receipt.token}"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    set_now(services, "2025-12-18T00:00:00+08:00")
    html = client.get(f"/receipt/{receipt.reference}?token={receipt.token}").get_data(as_text=True)
    assert "/change?" not in html and "/withdraw?" not in html
    assert client.get(url).status_code == 302
    refused = client.post(url, data={"csrf_token": token, "comments-0-target": "art-3", "comments-0-kind": "support",
                                     "comments-0-reason": "好", "action": "confirm"})
    assert refused.status_code == 403
    with services.session() as s:
        assert s.scalars(select(Submission.amended_at)).one() is None


def test_the_submitter_gets_a_receipt_of_the_change_once_per_pending_receipt(services):
    receipt = stored(services)
    amend_twice(services, receipt)
    with services.session() as s:
        (row,) = office_mail(s, amendments.CHANGE_RECEIPT)  # not yet sent: one receipt carries both changes
        assert (row.recipient, row.locale, row.status) == ("zhangsan@example.com", "zh_CN", "pending")
        msg = build_message(row, services.consultation, mail_from="noreply@example.org",
                            secret_key=services.settings.secret_key, receipt_url=lambda r, t: f"https://x/{r}?{t}",
                            now=services.now())
        body = msg.get_body(("plain",)).get_content()
        assert msg["To"] == "zhangsan@example.com" and receipt.reference in msg["Subject"] and "修改" in msg["Subject"]
        assert "第二次修改。" in body and "第一次修改。" not in body and f"https://x/{receipt.reference}?" in body
        assert [p.get_filename() for p in msg.iter_attachments()][0].endswith(".docx")
        row.status = "sent"
        s.commit()
    with services.session() as s:
        sub = load(services, s, receipt)
        assert not amendments.amend(s, services.consultation, sub, as_form(sub), services.now())  # no change, no mail
        form = as_form(sub)
        form[0]["reason"] = "第三次修改。"
        amendments.amend(s, services.consultation, sub, form, services.now())  # no office mailbox: still a receipt
        assert len(office_mail(s, amendments.CHANGE_RECEIPT)) == 2


def test_no_change_receipt_without_an_email_and_none_left_after_withdrawal(services):
    without = stored(services, submitter={"category": "individual", "name": "李四", "organisation": "",
                                          "phone": "13900139000", "email": ""})
    receipt = stored(services)
    for r in (without, receipt):
        with services.session() as s:
            sub = load(services, s, r)
            form = as_form(sub)
            form[0]["reason"] = "改过。"
            amendments.amend(s, services.consultation, sub, form, services.now(), office_mailbox=OFFICE)
    with services.session() as s:
        (row,) = office_mail(s, amendments.CHANGE_RECEIPT)
        assert row.submission.reference == receipt.reference
        amendments.withdraw(s, services.consultation, load(services, s, receipt), services.now())
    with services.session() as s:
        (row,) = office_mail(s, amendments.CHANGE_RECEIPT)
        assert (row.status, row.recipient) == ("skipped", "")


def test_check_page_says_the_changes_are_not_saved_yet(client, services):
    """The check page said "Nothing has been changed yet." right after an edit (read: the edit was not
    taken). With an edit it says the changes are not saved yet; only an untouched form says nothing changed."""
    receipt = stored(services)
    url = f"/receipt/{receipt.reference}/change?token={receipt.token}"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    with services.session() as s:
        c = s.scalars(select(Comment)).one()
        same = {"csrf_token": token, "comments-0-id": str(c.id), "comments-0-target": c.target_ref,
                "comments-0-kind": c.kind, "comments-0-proposal": c.proposal, "comments-0-reason": c.reason,
                "comments-0-proposed_points": "", "action": "continue"}
    edited = client.post(url, data={**same, "comments-0-proposal": c.proposal + " 补充"}).get_data(as_text=True)
    assert "修改尚未保存" in edited and "尚未作任何修改" not in edited
    assert edited.count('<span class="status-tag">已修改</span>') == 1  # the edited comment is marked
    untouched = client.post(url, data=same).get_data(as_text=True)
    assert "尚未作任何修改" in untouched and "修改尚未保存" not in untouched
    assert 'class="status-tag"' not in untouched
    client.get("/lang/en?next=/")
    edited_en = client.post(url, data={**same, "comments-0-kind": "delete"}).get_data(as_text=True)
    assert "Your changes are not saved yet" in edited_en and "Nothing has been changed" not in edited_en


def test_a_withdrawal_cancels_the_answered_notice_a_publication_queued(services):
    """A publication queues an "answered" mail to each sender (consultation.office.publishing); a sender who
    withdraws before it goes out (the window extended after publishing) was still mailed at the address the
    withdrawal deleted, with the private link (attack round 10, retest)."""
    receipt = stored(services)
    with services.session() as s:
        sub = load(services, s, receipt)
        assert sub.email
        s.add(OutboxMessage(submission_id=sub.id, purpose=amendments.ANSWERED, recipient=sub.email, locale="zh_CN",
                            status="pending", attempts=0, next_attempt_at=services.now(), created_at=services.now()))
        s.commit()
        amendments.withdraw(s, services.consultation, load(services, s, receipt), services.now())
    with services.session() as s:
        (row,) = office_mail(s, amendments.ANSWERED)
        assert (row.status, row.recipient) == ("skipped", "")
