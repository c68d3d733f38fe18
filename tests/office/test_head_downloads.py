"""HEAD on a download neither builds the file nor audits a download (attack round 13, F6).

`HEAD /office/exports/comments.xlsx` built the whole workbook (5 HEADs: 9.7 s) and wrote an `export.download`
audit row each time, though nothing was downloaded; for an admin the same held for contacts.csv/xlsx and
archive.json, so the audit log, the record of who took personal data, listed downloads of contacts that never
happened. Now a HEAD of any download the office builds or reads from the database (the exports, the published
summary's files, the inbound originals; the revisions comparison in tests/revisions) is answered with the GET's
status and headers (no Content-Length: unknown until built), the builders never called, no audit row; a GET is
built and audited as before. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from consultation.clock import BEIJING
from consultation.exports import archive, summary, tabular
from consultation.inbound import filing
from consultation.inbound.models import InboundItem
from consultation.office import publishing
from consultation.office.models import AuditEntry
from tests.conftest import set_now
from tests.inbound import mails
from web.office.downloads import EXPORTS

EXPORT_NAMES = tuple(EXPORTS)

BUILDERS = ((tabular, "write_csv"), (tabular, "write_xlsx"), (archive, "export_json"),
            (summary, "write_summary_docx"), (summary, "write_summary_xlsx"))


def _downloads(office) -> int:
    with office.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "export.download"))


def _refuse(*args, **kwargs):
    raise AssertionError("a download was built for a HEAD")


@pytest.fixture
def unbuildable(monkeypatch):
    """Every builder of a download raises: a HEAD that reaches one fails the test (TESTING re-raises)."""
    for module, name in BUILDERS:
        monkeypatch.setattr(module, name, _refuse)


def _same_headers(head, get) -> None:
    assert head.status_code == get.status_code == 200
    assert head.get_data() == b"" and "Content-Length" not in head.headers
    for name in ("Content-Type", "Content-Disposition", "Cache-Control"):
        assert head.headers.get(name) == get.headers.get(name), name


def test_head_of_an_export_builds_nothing_and_audits_nothing(office, clients, submission, monkeypatch):
    gets = {name: clients["admin"].get(f"/office/exports/{name}") for name in EXPORT_NAMES}
    assert _downloads(office) == len(EXPORT_NAMES)  # each GET audited, as before
    with monkeypatch.context() as patched:
        for module, name in BUILDERS:
            patched.setattr(module, name, _refuse)
        for name in EXPORT_NAMES:
            for _ in range(3):
                _same_headers(clients["admin"].head(f"/office/exports/{name}"), gets[name])
        # The role checks still answer as for a GET.
        assert clients["viewer"].head("/office/exports/contacts.csv").status_code == 403
        assert clients["viewer"].head("/office/exports/comments.xlsx").status_code == 200
        assert clients["editor"].head("/office/exports/archive.json").status_code == 403
        assert clients["admin"].head("/office/exports/nothing.csv").status_code == 404
        assert clients["anonymous"].head("/office/exports/comments.csv").status_code == 302
    assert _downloads(office) == len(EXPORT_NAMES)
    assert clients["viewer"].get("/office/exports/comments.csv").status_code == 200
    assert _downloads(office) == len(EXPORT_NAMES) + 1


def test_head_of_the_published_summary_builds_nothing(office, clients, submission, unbuildable):
    assert clients["anonymous"].head("/summary.docx").status_code == 404  # nothing published yet, as a GET
    set_now(office, "2025-12-18T09:00:00+08:00")
    with office.session() as s:
        publishing.freeze(s, office.consultation.id, actor="admin", now=office.now())
        s.commit()
    for path in ("/summary.docx", "/summary.xlsx"):
        head = clients["anonymous"].head(path)
        assert head.status_code == 200 and head.get_data() == b"" and "Content-Length" not in head.headers
        assert head.headers["Content-Disposition"].startswith("attachment;")
        assert "filename*=UTF-8''" in head.headers["Content-Disposition"]


def test_head_of_an_inbound_original_reads_no_bytes(office, clients):
    raw = mails.message(body="对第九十九条的意见:建议删除。")
    item_id = filing.store_message(office, raw, mailbox="test", uidvalidity=1, uid=1,
                                   arrived_at=dt.datetime(2025, 11, 21, 8, 0, tzinfo=BEIJING)).item_id
    with office.session() as s:
        file_id = s.scalar(select(InboundItem).where(InboundItem.id == item_id)).files[0].id
    path = f"/office/inbound/file/{file_id}"
    get = clients["admin"].get(path)
    assert b"Message-ID" in get.data
    _same_headers(clients["admin"].head(path), get)
    assert clients["viewer"].head(path).status_code == 403
    assert clients["admin"].head("/office/inbound/file/999999").status_code == 404
    with office.session() as s:  # the bytes purged: 404 for a HEAD as for a GET
        s.get(InboundItem, item_id).files[0].data = None
        s.commit()
    assert clients["admin"].get(path).status_code == clients["admin"].head(path).status_code == 404


def test_an_original_downloaded_is_on_the_record_without_its_name(office, clients):
    """An admin taking a sender's original or attachment is audited like an export (retest of round 13, N1):
    the row names the item and the file by number, never by the file's name (the sender's own choice)."""
    named = "冯八-13100000000-意见.pdf"
    raw = mails.message(body="对第九十九条的意见:建议删除。", attachments=[(named, ("application", "pdf"), mails.minimal_pdf())])
    item_id = filing.store_message(office, raw, mailbox="test", uidvalidity=1, uid=1,
                                   arrived_at=dt.datetime(2025, 11, 21, 8, 0, tzinfo=BEIJING)).item_id
    with office.session() as s:
        file_ids = [f.id for f in s.get(InboundItem, item_id).files]
    for file_id in file_ids:
        assert clients["admin"].head(f"/office/inbound/file/{file_id}").status_code == 200  # a HEAD: not taken
        assert clients["admin"].get(f"/office/inbound/file/{file_id}").status_code == 200
    with office.session() as s:
        rows = s.execute(select(AuditEntry.actor, AuditEntry.target, AuditEntry.after)
                         .where(AuditEntry.action == "inbound.download").order_by(AuditEntry.id)).all()
    assert [(actor, target) for actor, target, _ in rows] == [
        ("admin", f"inbound/{item_id}/file/{file_id}") for file_id in file_ids]
    assert all("冯八" not in str(after) and "13100000000" not in str(after) for *_, after in rows)


@pytest.mark.parametrize("byte_range", ["bytes=99999999-", "bytes=0-0"])
def test_an_audited_export_is_sent_whole_whatever_range_is_asked(office, clients, submission, byte_range):
    """An audit row says the file was taken: a 416 or a one-byte 206 would make it untrue (retest of round 13,
    N2), so a Range is ignored (RFC 9110 allows it) and the whole file is sent with its one row."""
    whole = clients["admin"].get("/office/exports/contacts.csv")
    ranged = clients["admin"].get("/office/exports/contacts.csv", headers={"Range": byte_range})
    assert ranged.status_code == 200 and ranged.data == whole.data and len(whole.data) > 1
    assert _downloads(office) == 2
