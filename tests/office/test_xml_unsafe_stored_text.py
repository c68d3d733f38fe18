"""Text already stored that XML cannot hold never stops a Word or Excel file, nor the mail that carries one
(attack round 12, F1).

One comment holding U+FFFE or U+FFFF (legal in JSON, UTF-8 and both databases, illegal in XML 1.0) made every
office download but CSV answer 500, `consult export` and `consult feedback-form` fail, the receipt and the office
copy unbuildable (their DOCX form), and after publication the public summary downloads answer 500 for everyone.
The intake refuses such text now (test_text_rule.py); these rows are written straight into the database, as a
row stored before the rule or restored from an archive would be, and every writer is run on them.
"""
from __future__ import annotations

import email
import email.policy
import io
import zipfile

import docx
import openpyxl
from click.testing import CliRunner
from sqlalchemy import select, update

from consultation.mail.worker import run_once
from consultation.models import Comment, OutboxMessage, Submission
from consultation.office import publishing
from consultation.office.decisions import decide
from consultation.office.models import Decision
from tests.conftest import set_now
from tests.office_io.conftest import mail_settings
from tests.office_io.test_exports import cli_env

# What XML cannot hold (U+FFFE, U+FFFF, C0 controls) and a noncharacter it allows (U+FDD0); no NUL, which
# PostgreSQL's text refuses itself.
BAD = "\ufffe\uffff\x0b\x01\ufdd0"


def _poison(office, reference):
    """The submission's name, organisation and comments, and a decision's reason, holding BAD."""
    with office.session() as s:
        sub = s.scalars(select(Submission).where(Submission.reference == reference)).one()
        ids = list(s.scalars(select(Comment.id).where(Comment.submission_id == sub.id).order_by(Comment.id)))
        decide(s, comment_ids=ids[:1], outcome="not_adopted", reason="不予采纳。", actor="t", now=office.now(),
               approve=True)
        s.execute(update(Submission).where(Submission.id == sub.id)
                  .values(name=f"王{BAD}小二", organisation=f"某{BAD}单位"))
        s.execute(update(Comment).where(Comment.submission_id == sub.id)
                  .values(proposal=f"建议{BAD}修改", reason=f"理由{BAD}"))
        s.execute(update(Decision).where(Decision.comment_id == ids[0]).values(reason=f"不予{BAD}采纳"))
        s.commit()


def _xml_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def _readable(data: bytes, kind: str) -> str:
    """The file opened by its own library (a file Word or Excel could not open would fail here), as text."""
    if kind == "xlsx":
        wb = openpyxl.load_workbook(io.BytesIO(data))
        return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                         if c.value is not None)
    document = docx.Document(io.BytesIO(data))
    return "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])


def _clean(text: str) -> None:
    assert not any(ch in text for ch in BAD), repr(text)


def test_office_downloads_and_cli_exports_write_stored_unsafe_text(office, clients, submission, tmp_path):
    _poison(office, submission.reference)
    for path, kind in (("comments.xlsx", "xlsx"), ("summary.docx", "docx"), ("summary.xlsx", "xlsx")):
        response = clients["viewer"].get(f"/office/exports/{path}")
        assert response.status_code == 200, path
        shown = _readable(response.data, kind)
        assert "建议修改" in shown, path  # the text kept, without what XML cannot hold
        _clean(_xml_text(response.data))
    assert clients["admin"].get("/office/exports/comments.csv").status_code == 200

    from commands import main

    runner = CliRunner()
    env = cli_env(office, tmp_path)
    for fmt, kind in (("xlsx", "xlsx"), ("summary-xlsx", "xlsx"), ("summary-docx", "docx"), ("csv", None),
                      ("json", None)):
        out = tmp_path / f"export-{fmt}"
        result = runner.invoke(main, ["export", "--format", fmt, "--out", str(out)], env=env)
        assert result.exit_code == 0, (fmt, result.output, result.exception)
        if kind:
            assert "建议修改" in _readable(out.read_bytes(), kind)
    out = tmp_path / "form.docx"
    result = runner.invoke(main, ["feedback-form", submission.reference, "--out", str(out)], env=env)
    assert result.exit_code == 0, (result.output, result.exception)
    shown = _readable(out.read_bytes(), "docx")
    assert "王小二" in shown and "某单位" in shown and "理由" in shown
    _clean(_xml_text(out.read_bytes()))


def test_the_receipt_and_the_office_copy_are_built_and_sent(office, submission, tmp_path):
    _poison(office, submission.reference)
    stats = run_once(office, mail_settings(tmp_path))  # no SMTP host: each message written as an .eml file
    assert stats.sent == 2 and stats.failed == 0
    with office.session() as s:
        rows = s.scalars(select(OutboxMessage)).all()
        assert {r.status for r in rows} == {"sent"} and not any(r.last_error for r in rows)
    files = sorted((tmp_path / "outbox").rglob("*.eml"))
    assert len(files) == 2
    for path in files:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        (part,) = list(message.iter_attachments())
        shown = _readable(part.get_content(), "docx")
        assert "王小二" in shown and "建议修改" in shown


def test_the_published_summary_downloads_stay_up(office, clients, submission):
    _poison(office, submission.reference)
    set_now(office, "2025-12-18T09:00:00+08:00")  # the window closed
    with office.session() as s:
        publishing.freeze(s, office.consultation.id, actor="admin", now=office.now())  # copies the text
        s.commit()
    for path, kind in (("/summary.docx", "docx"), ("/summary.xlsx", "xlsx")):
        response = clients["anonymous"].get(path)
        assert response.status_code == 200, path
        shown = _readable(response.data, kind)
        assert "建议修改" in shown and "不予采纳" in shown, path
        _clean(_xml_text(response.data))
