"""The office's intake pages: who sees what, bad input refused with a clear 400, entries audited."""
from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

import pytest
from sqlalchemy import select

from consultation.clock import BEIJING
from consultation.inbound import filing
from consultation.inbound.models import InboundItem
from consultation.models import Comment, Submission
from consultation.office.models import AuditEntry
from tests.inbound import mails
from tests.office.conftest import accounts, app, clients, login, office  # noqa: F401  (fixtures)

ARRIVED = dt.datetime(2025, 11, 21, 8, 0, tzinfo=BEIJING)


def queued(services, body="对第九十九条的意见:建议删除。", **kwargs) -> int:
    raw = mails.message(body=body, **kwargs)
    return filing.store_message(services, raw, mailbox="test", uidvalidity=1, uid=1, arrived_at=ARRIVED).item_id


def test_viewers_see_the_queue_without_senders_and_cannot_open_originals(office, clients):
    item_id = queued(office)
    page = clients["viewer"].get("/office/inbound/").get_data(as_text=True)
    assert f"item-{item_id}" in page and "lisi@example.com" not in page
    assert "lisi@example.com" in clients["admin"].get("/office/inbound/").get_data(as_text=True)
    with office.session() as s:
        file_id = s.scalar(select(InboundItem).where(InboundItem.id == item_id)).files[0].id
    assert clients["viewer"].get(f"/office/inbound/file/{file_id}").status_code == 403
    original = clients["admin"].get(f"/office/inbound/file/{file_id}")
    assert original.status_code == 200 and b"Message-ID" in original.data
    assert clients["anonymous"].get("/office/inbound/").status_code == 302
    assert clients["viewer"].post(f"/office/inbound/{item_id}/confirm", data={}).status_code == 403


def test_the_text_outside_the_comments_is_personal_data(office, clients):
    body = "您好：\n对第三条的意见:建议将创建主体扩大到省级以上园区。\n理由:园区是主阵地。\n\n钱七 13900001111\n"
    item_id = queued(office, body=body, sender="钱七 <qianqi@example.com>")
    with office.session() as s:
        assert "13900001111" in s.get(InboundItem, item_id).draft["preamble"]  # the signature, outside the comments
    for role in ("viewer", "editor"):
        page = clients[role].get(f"/office/inbound/{item_id}").get_data(as_text=True)
        assert "13900001111" not in page and "钱七" not in page, role
        assert 'id="outside-text-withheld"' in page, role  # they see that there is such text, and who can read it
    page = clients["admin"].get(f"/office/inbound/{item_id}").get_data(as_text=True)
    assert "钱七 13900001111" in page and 'id="outside-text-withheld"' not in page


def test_a_phone_number_in_the_signature_is_offered_to_an_admin_never_taken(office, clients):
    """An unlabelled number in a signature may be the sender's, or a colleague's, or the switchboard's: the
    reader does not put it in the submission; an admin reviewing the item is shown it to confirm by hand."""
    body = ("对第九十九条的意见:建议删除。\n理由:重复。\n\n钱七 139-0000-1111\n"
            "在2025年11月20日，office@example.gov.cn 写道：\n> 联系人 0551-62871234\n")
    item_id = queued(office, body=body, sender="钱七 <qianqi@example.com>")
    with office.session() as s:
        draft = s.get(InboundItem, item_id).draft
    assert draft["submitter"]["phone"] == ""  # never taken silently
    assert draft["suggested_phone"] == "13900001111"  # the quoted reply's number is not the sender's
    page = clients["admin"].get(f"/office/inbound/{item_id}").get_data(as_text=True)
    assert 'id="phone-suggested"' in page and "13900001111" in page
    assert 'id="submitter-phone" name="submitter-phone" value=""' in page  # the clerk fills it in, or not
    for role in ("viewer", "editor"):
        page = clients[role].get(f"/office/inbound/{item_id}").get_data(as_text=True)
        assert "13900001111" not in page and 'id="phone-suggested"' not in page, role
    raw = mails.message(body="对第九十九条的意见:建议删除。\n联系电话:13800002222\n\n钱七 13900001111\n")
    labelled = filing.store_message(office, raw, mailbox="test", uidvalidity=1, uid=2, arrived_at=ARRIVED).item_id
    with office.session() as s:
        draft = s.get(InboundItem, labelled).draft
    assert draft["submitter"]["phone"] == "13800002222" and "suggested_phone" not in draft


def test_a_plain_text_mail_with_full_width_punctuation_is_read(office):
    """Chinese mail is typed with full-width colons and brackets (对第三条的意见：…，第六条（一）2); the reader
    took only ASCII ones, so such a mail found no comment and went to a clerk to be typed in by hand."""
    body = ("您好！\n对第三条的意见：建议扩大创建主体。\n理由：园区是主阵地。\n\n"
            "关于第六条（一）2的意见：建议明确认定方式。\n\n联系人：钱七\n联系电话：13800002222\n\n"
            "在2025年11月20日，office@example.gov.cn 写道：\n对第四条的意见：这是引用的旧信。\n")
    item_id = queued(office, body=body, sender="钱七 <qianqi@example.com>")
    with office.session() as s:
        item = s.get(InboundItem, item_id)
        draft = item.draft
    assert [(c["target"], c["proposal"], c["reason"]) for c in draft["comments"]] == [
        ("art-3", "建议扩大创建主体。", "园区是主阵地。"), ("art-6.1.2", "建议明确认定方式。", "")]
    assert (draft["submitter"]["name"], draft["submitter"]["phone"]) == ("钱七", "13800002222")
    assert item.reasons == [] and item.status == "filing"  # nothing for a clerk: filed by the next step


def test_the_subject_is_personal_data(office, clients):
    """A subject is the sender's own free text and often names them; it is guarded like the sender."""
    item_id = queued(office, subject="张三关于第三条的意见")  # waits for review (an unknown article)
    for role in ("viewer", "editor"):
        for path in ("/office/inbound/", f"/office/inbound/{item_id}"):
            page = clients[role].get(path).get_data(as_text=True)
            assert "张三" not in page, (role, path)
        page = clients[role].get(f"/office/inbound/{item_id}").get_data(as_text=True)
        assert 'id="subject-withheld"' in page, role  # they are told there is one, and who can read it
    for path in ("/office/inbound/", f"/office/inbound/{item_id}"):
        assert "张三关于第三条的意见" in clients["admin"].get(path).get_data(as_text=True), path


def test_a_files_name_is_personal_data(office, clients):
    """Senders name files after themselves ("张三-…-意见反馈表.docx" is the norm): only administrators read
    the name; others are told there is a file, its type and its size."""
    named = "周附件-13400000000-意见.pdf"
    item_id = queued(office, attachments=[(named, ("application", "pdf"), mails.minimal_pdf())])
    for role in ("viewer", "editor"):
        page = clients[role].get(f"/office/inbound/{item_id}").get_data(as_text=True)
        assert "13400000000" not in page and "周附件" not in page, role
        assert "application/pdf" in page, role
    assert named in clients["admin"].get(f"/office/inbound/{item_id}").get_data(as_text=True)


def test_a_confirmation_with_a_wrong_target_is_refused_and_changes_nothing(office, clients):
    item_id = queued(office)
    form = {"target-0": "第九十九条", "kind-0": "delete", "proposal-0": "建议删除。", "reason-0": ""}
    response = clients["editor"].post(f"/office/inbound/{item_id}/confirm", data=form)
    assert response.status_code == 400
    assert "第九十九条" in response.get_data(as_text=True)
    with office.session() as s:
        assert s.get(InboundItem, item_id).status == "review"
        assert s.scalars(select(Submission)).first() is None

    form["target-0"] = "第三条"
    assert clients["editor"].post(f"/office/inbound/{item_id}/confirm", data=form).status_code == 303
    with office.session() as s:
        assert s.get(InboundItem, item_id).status == "filed"
        [sub] = s.scalars(select(Submission)).all()
        assert [c.target_ref for c in sub.comments] == ["art-3"] and sub.email == "lisi@example.com"
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.target == f"inbound-{item_id}")) == "inbound.confirm"
    submission_page = clients["admin"].get(f"/office/submission/{sub.id}").get_data(as_text=True)
    assert f'href="/office/inbound/{item_id}"' in submission_page  # the submission links to its original
    again = clients["editor"].post(f"/office/inbound/{item_id}/confirm", data=form)
    assert again.status_code == 303  # already filed: said so, nothing stored twice
    with office.session() as s:
        assert len(s.scalars(select(Submission)).all()) == 1


def test_an_editor_files_what_they_can_and_an_administrator_adds_the_missing_name(office, clients):
    """Editors neither see nor enter the sender's details (docs/office.md): an item whose only problem is
    a missing name keeps the editor's corrections and waits for an administrator, instead of refusing
    the editor with an error about a field their form does not have."""
    item_id = queued(office, body="对第三条的意见:建议修改。", sender="gbk@example.com")
    with office.session() as s:
        assert s.get(InboundItem, item_id).reasons == ["incomplete_submitter"]
    page = clients["editor"].get(f"/office/inbound/{item_id}").get_data(as_text=True)
    assert 'id="sender-incomplete"' in page and "submitter-name" not in page
    form = {"target-0": "第五条", "kind-0": "amend", "proposal-0": "建议修改。", "reason-0": ""}
    response = clients["editor"].post(f"/office/inbound/{item_id}/confirm", data=form)
    assert response.status_code == 303
    with office.session() as s:
        item = s.get(InboundItem, item_id)
        assert (item.status, [c["target"] for c in item.draft["comments"]]) == ("review", ["art-5"])
        assert item.draft["submitter"]["email"] == "gbk@example.com"  # the sender's details untouched
        assert s.scalar(select(AuditEntry.action).where(AuditEntry.target == f"inbound-{item_id}")) == \
            "inbound.correct"
        assert s.scalars(select(Submission)).first() is None
    admin_page = clients["admin"].get(f"/office/inbound/{item_id}").get_data(as_text=True)
    assert 'value="第五条"' in admin_page or 'value="art-5"' in admin_page  # the editor's work is there
    form.update({"submitter-category": "individual", "submitter-name": "孙先生", "submitter-email": "gbk@example.com"})
    assert clients["admin"].post(f"/office/inbound/{item_id}/confirm", data=form).status_code == 303
    with office.session() as s:
        [sub] = s.scalars(select(Submission)).all()
        assert (sub.name, [c.target_ref for c in sub.comments]) == ("孙先生", ["art-5"])


def test_rejecting_needs_a_reason(office, clients):
    item_id = queued(office)
    assert clients["editor"].post(f"/office/inbound/{item_id}/reject", data={"note": ""}).status_code == 400
    assert clients["editor"].post(f"/office/inbound/{item_id}/reject", data={"note": "广告"}).status_code == 303
    with office.session() as s:
        assert s.get(InboundItem, item_id).status == "rejected"


def form_token(client) -> str:
    """The token the entry form carries (drawn when the form is shown)."""
    import re

    page = client.get("/office/inbound/new").get_data(as_text=True)
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("bad", [{"received_on": "yesterday"}, {"source": "pigeon"}, {"target-0": ""},
                                 {"submitter-name": ""}, {"received_on": "2031-01-01"}, {"form_token": ""},
                                 {"form_token": "<script>"}])
def test_manual_entry_refuses_incomplete_input_with_a_400(office, clients, bad):
    form = {"form_token": form_token(clients["admin"]), "source": "letter", "received_on": "2025-11-19", "submitter-category": "individual",
            "submitter-name": "孙八", "submitter-phone": "13700137000", "target-0": "附件1第16项",
            "kind-0": "amend", "proposal-0": "建议下调分值。", "reason-0": ""}
    form.update(bad)
    response = clients["admin"].post("/office/inbound/new", data=form)
    assert response.status_code == 400 and "error-summary" in response.get_data(as_text=True)
    with office.session() as s:
        assert s.scalars(select(InboundItem)).first() is None


def test_a_letter_with_its_scan_is_entered_audited_and_counted(office, clients):
    form = {"form_token": form_token(clients["admin"]), "source": "letter", "received_on": "2025-11-19", "submitter-category": "enterprise",
            "submitter-name": "孙八", "submitter-organisation": "蚌埠某公司", "submitter-phone": "13700137000",
            "target-0": "附件1第16项", "kind-0": "amend", "proposal-0": "建议下调分值。", "reason-0": "",
            "points-0": "3", "scan": (io.BytesIO(mails.minimal_pdf()), "来信.pdf", "application/pdf")}
    response = clients["admin"].post("/office/inbound/new", data=form, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    with office.session() as s:
        item = s.scalars(select(InboundItem)).one()
        sub = s.get(Submission, item.submission_id)
        assert (item.source, item.status, item.entered_by) == ("letter", "filed", "admin")
        assert (sub.channel, sub.consent_basis, sub.organisation) == ("letter", "sent_to_office", "蚌埠某公司")
        assert [(c.target_ref, c.proposed_points) for c in sub.comments] == [("annex-1/16", 3)]
        assert sub.created_at.date() == dt.date(2025, 11, 19)
        assert [f.filename for f in item.files] == ["来信.pdf"]
        assert s.scalar(select(AuditEntry.actor).where(AuditEntry.action == "inbound.manual_entry")) == "admin"


@pytest.mark.parametrize("typed, status, stored", [("３", 303, 3), (" 3 ", 303, 3), ("٣", 400, None), ("+3", 400, None)])
def test_manual_entry_reads_points_by_the_rule_for_typed_numbers(office, clients, typed, status, stored):
    """Full-width digits as a Chinese input method types them, as on every form; no other script's digits or
    sign (consultation.intake.fields.typed_number; attack 7, F4)."""
    form = {"form_token": form_token(clients["admin"]), "source": "letter", "received_on": "2025-11-19",
            "submitter-category": "individual", "submitter-name": "孙八", "submitter-phone": "13700137000",
            "target-0": "附件1第16项", "kind-0": "amend", "proposal-0": "建议下调分值。", "reason-0": "",
            "points-0": typed}
    response = clients["admin"].post("/office/inbound/new", data=form)
    assert response.status_code == status, response.get_data(as_text=True)
    with office.session() as s:
        assert s.scalars(select(Comment.proposed_points)).all() == ([stored] if stored is not None else [])


def test_the_same_entry_form_posted_twice_makes_one_entry(office, clients):
    form = {"form_token": form_token(clients["admin"]), "source": "letter", "received_on": "2025-11-19",
            "submitter-category": "government", "submitter-name": "黄主任", "submitter-organisation": "合肥市经济和信息化局",
            "submitter-phone": "0551-62000000", "target-0": "第八条", "kind-0": "amend",
            "proposal-0": "建议简化初审材料。", "reason-0": ""}
    first = clients["admin"].post("/office/inbound/new", data=form)
    again = clients["admin"].post("/office/inbound/new", data=form)  # a double click, a repeated request
    assert (first.status_code, again.status_code) == (303, 303)
    assert again.headers["Location"] == first.headers["Location"]  # answered with the first entry
    with office.session() as s:
        assert len(s.scalars(select(InboundItem)).all()) == 1
        assert len(s.scalars(select(Submission)).all()) == 1
        assert len(s.scalars(select(AuditEntry).where(AuditEntry.action == "inbound.manual_entry")).all()) == 1
    form["form_token"] = form_token(clients["admin"])  # the form opened anew is another entry
    assert clients["admin"].post("/office/inbound/new", data=form).headers["Location"] != first.headers["Location"]


def test_an_incomplete_manual_entry_is_told_every_problem_in_plain_words(office, clients):
    form = {"form_token": form_token(clients["admin"]), "source": "letter", "received_on": "",
            "submitter-category": "individual", "submitter-name": "", "submitter-phone": "13700137000",
            "target-0": "", "kind-0": "amend", "proposal-0": "建议下调分值。", "reason-0": ""}
    response = clients["admin"].post("/office/inbound/new", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "类型错误" not in page and "Wrong type" not in page  # not a validator's words
    summary = page[page.index("error-summary"):page.index("</div>", page.index("error-summary"))]
    for field in ("received_on", "row-0-target", "submitter-name"):  # all at once, not the date alone
        assert f'href="#{field}"' in summary, field
    assert "请选择意见针对的条款或指标" in summary or "Choose what the comment is about" in summary


def test_a_confirmation_posted_again_after_filing_is_told_it_is_filed(office, clients):
    item_id = queued(office)  # 第九十九条: a target the reader cannot place, so it waits for review
    form = {"target-0": "第三条", "kind-0": "delete", "proposal-0": "建议删除。", "reason-0": ""}
    assert clients["editor"].post(f"/office/inbound/{item_id}/confirm", data=form).status_code == 303
    again = clients["editor"].post(f"/office/inbound/{item_id}/confirm", data={}, follow_redirects=True)
    page = again.get_data(as_text=True)
    assert again.status_code == 200 and "error-summary" not in page
    assert "已有人处理" in page or "someone has already dealt with it" in page
    with office.session() as s:
        assert len(s.scalars(select(Submission)).all()) == 1


HOSTILE = '../../../../../../tmp/hostile_pwn.pdf%22><script>alert(6)</script>'  # %22: '"' as browsers send it


def _multipart(fields: dict, filename: str, data: bytes) -> bytes:
    """The form as a browser or a hostile script sends it, the file name written raw into the part's
    header (the test client would clean it on the way)."""
    parts = [f'--B\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()]
    head = f'--B\r\nContent-Disposition: form-data; name="scan"; filename="{filename}"\r\n' \
           "Content-Type: application/pdf\r\n\r\n"
    return "".join(parts).encode() + head.encode() + data + b"\r\n--B--\r\n"


@pytest.mark.parametrize("sent, kept", [
    (HOSTILE, "script_"),
    ("C:\\\\扫描\\\\..\\\\来信：意见\u202e（一）\x07.pdf", "来信：意见（一）.pdf"),
    ("长" * 300 + ".pdf", "长" * 116 + ".pdf"),
    ("../..", "scan"),
])
def test_an_uploaded_scan_keeps_only_a_safe_display_name(office, clients, sent, kept):
    """The hostile tester's upload name came back whole in Content-Disposition: only the display name is
    kept (no path parts, no control or bidi characters, at most 120 characters, Chinese kept)."""
    form = {"form_token": form_token(clients["admin"]), "source": "letter", "received_on": "2025-11-19",
            "submitter-category": "individual", "submitter-name": "孙八", "submitter-phone": "13700137000",
            "target-0": "第八条", "kind-0": "amend", "proposal-0": "建议简化。", "reason-0": ""}
    entered = clients["admin"].post("/office/inbound/new", data=_multipart(form, sent, mails.minimal_pdf()),
                                     content_type="multipart/form-data; boundary=B")
    assert entered.status_code == 303, entered.get_data(as_text=True)
    with office.session() as s:
        [kept_file] = s.scalars(select(InboundItem)).one().files
        assert kept_file.filename == kept
    page = clients["admin"].get(entered.headers["Location"]).get_data(as_text=True)
    assert f">{kept}</a>" in page and "hostile_pwn" not in page and "<script>alert" not in page
    download = clients["admin"].get(f"/office/inbound/file/{kept_file.id}")
    disposition = download.headers["Content-Disposition"]
    assert disposition == "attachment; filename*=UTF-8''" + quote(kept)
    assert not [part for part in ("..", "%2F", "%5C", "%22", "%3C", "%07", "%E2%80%AE") if part in disposition]


LETTER = {"source": "letter", "received_on": "2025-11-19", "target-0": "第三条", "kind-0": "amend",
          "proposal-0": "来信意见：建议扩大范围。", "reason-0": "理由"}
SENDER = {"submitter-category": "individual", "submitter-name": "编辑录入的姓名", "submitter-organisation": "某雇主",
          "submitter-phone": "13911112222", "submitter-email": "letter@example.com"}


def test_the_entry_form_shows_editors_no_personal_fields(clients):
    """Attack 10 F10: docs/inbound.md says editors neither see nor enter personal data."""
    page = clients["editor"].get("/office/inbound/new").get_data(as_text=True)
    assert 'id="sender-by-admin"' in page
    for key in ("name", "organisation", "phone", "email", "category"):
        assert f'name="submitter-{key}"' not in page, key
    admin_page = clients["admin"].get("/office/inbound/new").get_data(as_text=True)
    assert 'name="submitter-name"' in admin_page and 'id="sender-by-admin"' not in admin_page


@pytest.mark.parametrize("field", ["submitter-name", "submitter-organisation", "submitter-phone", "submitter-email"])
def test_an_editor_posting_personal_details_is_refused_and_nothing_is_stored(office, clients, field):
    form = {"form_token": form_token(clients["editor"]), **LETTER, "submitter-category": "individual",
            field: SENDER[field]}
    response = clients["editor"].post("/office/inbound/new", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'href="#submitter"' in page
    assert SENDER[field] not in page  # not echoed back either
    with office.session() as s:
        assert s.scalars(select(InboundItem)).first() is None and s.scalars(select(Submission)).first() is None


def test_an_editors_entry_waits_for_an_administrator_to_add_the_sender(office, clients):
    """As for a mail item whose sender is missing: the entry is kept with its comments and scan, is not
    counted, and an administrator adds the details and files it."""
    form = {"form_token": form_token(clients["editor"]), **LETTER,
            "scan": (io.BytesIO(mails.minimal_pdf()), "来信.pdf", "application/pdf")}
    response = clients["editor"].post("/office/inbound/new", data=form, content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    with office.session() as s:
        item = s.scalars(select(InboundItem)).one()
        assert (item.status, item.reasons, item.submission_id) == ("review", ["incomplete_submitter"], None)
        assert (item.sender, item.sender_name, item.entered_by) == (None, None, "editor")
        assert s.scalars(select(Submission)).first() is None
        item_id = item.id
    page = clients["editor"].get(f"/office/inbound/{item_id}").get_data(as_text=True)
    assert 'id="sender-incomplete"' in page and 'name="submitter-name"' not in page
    admin_page = clients["admin"].get(f"/office/inbound/{item_id}").get_data(as_text=True)
    assert 'name="submitter-name"' in admin_page and "来信意见" in admin_page
    confirm = {"target-0": "第三条", "kind-0": "amend", "proposal-0": LETTER["proposal-0"], "reason-0": "理由",
               **SENDER}
    assert clients["admin"].post(f"/office/inbound/{item_id}/confirm", data=confirm).status_code == 303
    with office.session() as s:
        [sub] = s.scalars(select(Submission)).all()
        assert (sub.name, sub.channel, [c.target_ref for c in sub.comments]) == ("编辑录入的姓名", "letter", ["art-3"])
        assert s.get(InboundItem, item_id).status == "filed"


def test_an_editors_entry_with_a_wrong_comment_is_still_refused(office, clients):
    form = {"form_token": form_token(clients["editor"]), **LETTER, "target-0": "第九十九条"}
    response = clients["editor"].post("/office/inbound/new", data=form)
    assert response.status_code == 400 and 'href="#row-0-target"' in response.get_data(as_text=True)
    with office.session() as s:
        assert s.scalars(select(InboundItem)).first() is None
