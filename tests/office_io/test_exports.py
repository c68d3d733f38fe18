"""Exports read back with the library that reads each format: csv, openpyxl, python-docx, json."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from consultation.db import Base
from consultation.exports import archive, tabular
from consultation.exports.archive import ArchiveImportRefused, import_json
from consultation.exports.decisions import CommentDecision, Decisions
from consultation.exports.feedback_form import feedback_form_docx
from consultation.exports.retention import purge_contacts
from consultation.models import Comment, OutboxMessage, Submission
from tests.conftest import set_now

from .conftest import make_submission

PERSONAL = ("张三", "李四", "王五", "13800138000", "13900139000", "zhangsan@example.com", "wangwu@example.com")
ORGANISATION = "合肥某科技有限公司"  # 提出单位: not personal data, in every export


def comment(target, proposal="", reason="理由。", kind="other", points=None):
    return {"target": target, "kind": kind, "proposal": proposal, "reason": reason, "proposed_points": points}


@pytest.fixture
def feedback(services):
    """Four submissions at different times, comments on many parts of the draft, in scrambled order."""
    set_now(services, "2025-11-20T09:00:00+08:00")
    a = make_submission(services, comments=[comment("annex-1/16", "算力口径需说明。", points=6),
                                            comment("art-3", "建议增加园区。", kind="amend"),
                                            comment("explanation", "说明过简。")])
    set_now(services, "2025-11-21T09:00:00+08:00")
    b = make_submission(services, channel="telegram", locale="en",
                        submitter={"category": "individual", "name": "王五", "organisation": "",
                                   "phone": "13900139000", "email": "wangwu@example.com"},
                        comments=[comment("art-6.1.2", "=HYPERLINK(\"http://evil\")", kind="amend"),
                                  comment("notice", "延长征求意见期。"),
                                  comment("art-3", "建议增加园区。", kind="amend")])
    set_now(services, "2025-11-19T09:00:00+08:00")
    c = make_submission(services, submitter={"category": "enterprise", "name": "李四",
                                             "organisation": "合肥某科技有限公司", "phone": "",
                                             "email": "lisi@example.com"},
                        comments=[comment("art-3", "建议增加园区!", kind="amend"), comment("general", "总体支持。",
                                                                                   kind="support"),
                                  comment("annex-3/8", "平台建设情况应为定性。")])
    set_now(services, "2025-11-20T10:00:00+08:00")
    return a, b, c


def expected_order(services):
    """(ref, proposal) of every comment: node order in the draft, then time."""
    c = services.consultation
    with services.session() as s:
        rows = s.execute(select(Comment.target_ref, Comment.proposal, Comment.created_at, Comment.submission_id,
                                Comment.position, Comment.id)).all()
    rows.sort(key=lambda r: (c.nodes[r[0]].order, r[2], r[3], r[4]))
    return rows


@pytest.fixture
def decided(monkeypatch, services, feedback):
    """Decisions through the seam: the three art-3 comments are one duplicate group, adopted; one rejected."""
    rows = expected_order(services)
    art3 = [r[5] for r in rows if r[0] == "art-3"]
    notice = next(r[5] for r in rows if r[0] == "notice")
    by_comment = {cid: CommentDecision("adopted", "", "G1", 3) for cid in art3}
    by_comment[notice] = CommentDecision("not_adopted", "征求意见期限按规定执行。")
    decisions = Decisions(by_comment)
    monkeypatch.setattr(tabular, "load_decisions", lambda session, cid: decisions)
    monkeypatch.setattr("consultation.exports.decisions.load_decisions", lambda session, cid: decisions)
    return decisions


def csv_rows(services, **kwargs):
    buffer = io.StringIO()
    with services.session() as s:
        count = tabular.write_csv(s, services.consultation, buffer, **kwargs)
    text = buffer.getvalue()
    return count, text, list(csv.reader(io.StringIO(text)))


def test_csv_every_comment_in_draft_order_without_personal_data(services, decided):
    count, text, rows = csv_rows(services)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["序号", "条款编号", "条款/指标", "原文"]
    assert "姓名" not in header and "电子邮箱" not in header
    expected = expected_order(services)
    assert count == len(body) == len(expected) == 9
    ref_col, proposal_col = header.index("条款编号"), header.index("修改意见/建议内容")
    assert [r[ref_col] for r in body] == [e[0] for e in expected]
    assert [r[ref_col] for r in body] == ["general", "notice", "art-3", "art-3", "art-3", "art-6.1.2",
                                         "annex-1/16", "annex-3/8", "explanation"]
    # Within art-3, by time: the enterprise (19th), then A (20th), then B (21st).
    assert [r[proposal_col] for r in body if r[ref_col] == "art-3"] == ["建议增加园区!", "建议增加园区。", "建议增加园区。"]
    for secret in PERSONAL:
        assert secret not in text
    assert next(r for r in body if r[proposal_col] == "建议增加园区!")[header.index("单位")] == ORGANISATION
    outcome = header.index("处理结果")
    assert [r[outcome] for r in body if r[ref_col] == "art-3"] == ["采纳"] * 3
    assert next(r for r in body if r[ref_col] == "notice")[header.index("处理理由")] == "征求意见期限按规定执行。"
    assert next(r for r in body if r[ref_col] == "art-3")[header.index("重复意见组")] == "G1"
    # Formula text from the public is neutralised; printed and proposed points side by side.
    assert next(r for r in body if r[ref_col] == "art-6.1.2")[proposal_col] == "'=HYPERLINK(\"http://evil\")"
    row16 = next(r for r in body if r[ref_col] == "annex-1/16")
    assert (row16[header.index("原分值")], row16[header.index("建议分值")]) == ("4", "6")
    assert row16[header.index("原文")] == "区域智能算力供给能力(PFLOPS )"


def test_csv_with_contacts_and_in_english(services, feedback):
    _, text, rows = csv_rows(services, with_contacts=True, locale="en")
    header = rows[0]
    assert header[-3:] == ["Name", "Phone", "Email"] and "Organisation" in header
    assert "张三" in text and "+8613900139000" in text and "lisi@example.com" in text
    assert "Article 3" in text and "Telegram" in text


def load_xlsx(services, **kwargs):
    buffer = io.BytesIO()
    with services.session() as s:
        count = tabular.write_xlsx(s, services.consultation, buffer, now=services.now(), **kwargs)
    buffer.seek(0)
    return count, openpyxl.load_workbook(buffer)


def test_xlsx_sheets_per_chapter_and_summary(services, decided):
    count, wb = load_xlsx(services)
    assert wb.sheetnames[0] == "汇总"
    assert wb.sheetnames[1:] == ["通知及全文", "第一章 总则", "第二章 创建条件", "第三章 申报程序", "第四章 评估管理",
                                 "第五章 附则", "附件1", "附件2", "附件3", "起草说明"]
    refs = []
    for name in wb.sheetnames[1:]:
        ws = wb[name]
        header = [c.value for c in ws[1]]
        assert header[1] == "条款编号" and "姓名" not in header
        refs += [(name, row[1]) for row in ws.iter_rows(min_row=2, values_only=True)]
    assert [r for _, r in refs] == [e[0] for e in expected_order(services)]
    assert count == len(refs) == 9
    assert dict(refs)["第一章 总则"] == "art-3" and ("附件3", "annex-3/8") in refs
    # Formula text stays text.
    ws = wb["第二章 创建条件"]
    cell = ws.cell(row=2, column=6)
    assert cell.value == "=HYPERLINK(\"http://evil\")" and cell.data_type == "s"
    values = [c for row in wb["汇总"].iter_rows(values_only=True) for c in row if c is not None]
    assert 9 in values and 3 in values  # comments, submissions
    art3 = next(row for row in wb["汇总"].iter_rows(values_only=True) if row[0] == "art-3")
    assert art3[2:5] == (3, 1, 3)  # 3 comments, 1 after merging, 3 adopted
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                assert not any(secret in str(value) for secret in PERSONAL)


def test_xlsx_with_contacts(services, feedback):
    _, wb = load_xlsx(services, with_contacts=True)
    header = [c.value for c in wb["第一章 总则"][1]]
    assert header[-3:] == ["姓名", "电话", "电子邮箱"] and "单位" in header
    names = {row[-3] for row in wb["第一章 总则"].iter_rows(min_row=2, values_only=True)}
    assert names == {"张三", "王五", "李四"}


def _snapshot(services):
    with services.session() as s:
        subs = [(x.id, x.reference, x.channel, x.category, x.created_at, x.name, x.email)
                for x in s.scalars(select(Submission).order_by(Submission.id))]
        comments = [(c.id, c.submission_id, c.target_ref, c.kind, c.proposal, c.reason, c.proposed_points,
                     c.original_text, c.created_at) for c in s.scalars(select(Comment).order_by(Comment.id))]
    return subs, comments


def _empty(services):
    with services.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.mark.parametrize("with_contacts", [True, False])
def test_json_round_trip(services, feedback, with_contacts):
    before_subs, before_comments = _snapshot(services)
    buffer = io.StringIO()
    with services.session() as s:
        n = archive.export_json(s, services.consultation, buffer, with_contacts=with_contacts, now=services.now())
    data = json.loads(buffer.getvalue())
    assert n == 9 and data["contacts_included"] is with_contacts
    assert data["consultation"]["source"]["email_subject"] == "关于安徽省人工智能赋能新型工业化示范区建设导则的意见建议"
    assert ("张三" in buffer.getvalue()) is with_contacts
    with services.session() as s:  # not into a database that already has feedback
        with pytest.raises(ArchiveImportRefused):
            import_json(s, data)
    _empty(services)
    with services.session() as s:
        result = import_json(s, io.StringIO(buffer.getvalue()))
    assert (result.submissions, result.comments, result.document_matches) == (3, 9, True)
    after_subs, after_comments = _snapshot(services)
    assert after_comments == before_comments
    if with_contacts:
        assert after_subs == before_subs
    else:
        assert [s[:5] for s in after_subs] == [s[:5] for s in before_subs]
        assert all(s[5] is None and s[6] is None for s in after_subs)
    assert {s[2] for s in after_subs} == {"web", "telegram"}  # channels as recorded
    # New feedback after the import gets fresh ids.
    make_submission(services)
    assert len(_snapshot(services)[0]) == 4


def test_feedback_form_in_english(services, feedback):
    with services.session() as s:
        sub = s.scalars(select(Submission).where(Submission.name == "王五")).one()
        data = feedback_form_docx(sub, services.consultation, locale="en")
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs[0].text == "Feedback form"
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Individual" in cells and "王五" in cells and "Article 6 (一) 2.\n(art-6.1.2)" in cells


def age_by_real_time(services, days_by_calendar_day: dict[int, int]):
    """Set each submission's real storing time (received_at) to so many days ago, by its simulated day."""
    now = dt.datetime.now(dt.timezone.utc)
    with services.session() as s:
        for sub in s.scalars(select(Submission)):
            sub.received_at = now - dt.timedelta(days=days_by_calendar_day[sub.created_at.day])
        s.commit()
    return now


def test_purge_contacts_keeps_comments_and_cancels_owed_receipts(services, feedback):
    # Ages on the real clock: the 19th and 20th were stored 102 and 101.5 days ago, the 21st 100 days ago.
    now = age_by_real_time(services, {19: 102, 20: 101.5, 21: 100})
    set_now(services, "2025-11-20T10:00:00+08:00")  # the simulated calendar plays no part
    with services.session() as s:
        result = purge_contacts(s, services.consultation.id, older_than_days=101, now=now)
    assert result.submissions == 2 and result.outbox == 2
    with services.session() as s:
        subs = {x.created_at.day: x for x in s.scalars(select(Submission))}
        assert all(subs[d].name is None and subs[d].phone is None and subs[d].email is None for d in (19, 20))
        assert subs[19].organisation == "合肥某科技有限公司"  # an enterprise keeps its name
        assert subs[20].contacts_purged_at is not None and subs[21].contacts_purged_at is None
        assert subs[21].name == "王五"
        assert s.query(Comment).count() == 9
        receipts = {m.submission.created_at.day: m for m in s.scalars(select(OutboxMessage)
                                                                       .where(OutboxMessage.purpose == "receipt"))}
        assert receipts[19].recipient == "" and receipts[19].status == "failed"
        assert receipts[21].recipient == "wangwu@example.com" and receipts[21].status == "pending"
    with services.session() as s:  # idempotent
        assert purge_contacts(s, services.consultation.id, older_than_days=101, now=now).submissions == 0


def test_purge_clears_the_address_from_every_mail_to_the_submitter(services, feedback):
    """Receipts of changes and the mail answering a submitter carry the address as the receipt does."""
    from consultation.amendments import CHANGE_RECEIPT
    from consultation.office.publishing import ANSWERED

    now = age_by_real_time(services, {19: 102, 20: 100, 21: 100})
    with services.session() as s:
        old = next(x for x in s.scalars(select(Submission)) if x.created_at.day == 19)
        for purpose, status in ((CHANGE_RECEIPT, "pending"), (ANSWERED, "sent")):
            s.add(OutboxMessage(submission_id=old.id, purpose=purpose, recipient=old.email, locale="zh_CN",
                                status=status, attempts=0, created_at=now, next_attempt_at=now))
        s.commit()
        address = old.email
        purge_contacts(s, services.consultation.id, older_than_days=101, now=now)
    with services.session() as s:
        rows = s.scalars(select(OutboxMessage).where(OutboxMessage.purpose.in_((CHANGE_RECEIPT, ANSWERED)))).all()
        assert sorted((r.purpose, r.recipient, r.status) for r in rows) == [
            (ANSWERED, "", "sent"), (CHANGE_RECEIPT, "", "failed")]
        assert address not in {r.recipient for r in s.scalars(select(OutboxMessage))}


def test_the_running_worker_purges_contacts_after_the_notices_retention(services, feedback, tmp_path):
    """`consult worker` runs the purge as an hourly chore, at the privacy notice's 180 days of real time,
    whatever date CONSULT_NOW simulates (here the calendar says the window is still open)."""
    from commands.office_io import HOUSEKEEPING
    from consultation.mail.settings import MailSettings
    from consultation.mail.worker import Worker
    from consultation.privacy import CONTACT_RETENTION_DAYS

    assert CONTACT_RETENTION_DAYS == 180
    age_by_real_time(services, {19: 181, 20: 179, 21: 1})
    worker = Worker(services, MailSettings(eml_dir=tmp_path), housekeeping=HOUSEKEEPING)
    worker._chores()
    with services.session() as s:
        subs = {x.created_at.day: x for x in s.scalars(select(Submission))}
        assert subs[19].email is None and subs[19].contacts_purged_at is not None
        assert subs[20].email == "zhangsan@example.com" and subs[21].email == "wangwu@example.com"


def cli_env(services, tmp_path):
    return {"DATABASE_URL": services.settings.database_url, "SECRET_KEY": services.settings.secret_key,
            "CONSULT_INSTANCE": str(tmp_path), "CONSULT_NOW": services.settings.consult_now,
            "SMTP_HOST": "", "OFFICE_MAILBOX": ""}


def test_cli_export_import_and_purge(services, feedback, tmp_path):
    from commands import main

    runner = CliRunner()
    env = cli_env(services, tmp_path)
    for fmt, name in (("csv", "c.csv"), ("xlsx", "c.xlsx"), ("summary-docx", "s.docx"), ("summary-xlsx", "s.xlsx"),
                      ("json", "a.json")):
        result = runner.invoke(main, ["export", "--format", fmt, "--out", str(tmp_path / name)], env=env)
        assert result.exit_code == 0, result.output
    with open(tmp_path / "c.csv", encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) == 10
    assert openpyxl.load_workbook(tmp_path / "c.xlsx").sheetnames[0] == "汇总"
    assert docx.Document(tmp_path / "s.docx").paragraphs[0].text == "意见采纳情况汇总表"
    refused = runner.invoke(main, ["import-json", str(tmp_path / "a.json")], env=env)
    assert refused.exit_code != 0 and "empty" in refused.output
    _empty(services)
    result = runner.invoke(main, ["import-json", str(tmp_path / "a.json")], env=env)
    assert result.exit_code == 0 and "imported 3 submissions, 9 comments" in result.output
    env["CONSULT_NOW"] = "2026-03-01T10:00:00+08:00"
    result = runner.invoke(main, ["purge-contacts", "--consultation", services.consultation.id,
                                  "--older-than", "1"], env=env)
    assert result.exit_code == 0 and "purged contact details of 3 submissions" in result.output
