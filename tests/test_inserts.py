"""The prepared write path stores what Connection.execute would, and fails the way it would."""
import datetime as dt

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, insert, select, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError

from consultation import submissions
from consultation.db import UTCDateTime
from consultation.storage.inserts import PreparedInsert, bind_rows, insert_rows, prepared
from consultation.models import Comment, OutboxMessage, Submission
from tests.conftest import sample_payload

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2025, 11, 20, 10, 0, 0, 123456, tzinfo=BEIJING)


def _row(reference: str, **changes) -> dict:
    row = {"reference": reference, "consultation_id": "c", "channel": "api", "locale": "zh_CN",
           "category": "individual", "name": "李四", "organisation": None, "phone": "+8613800138000",
           "email": None, "consent": True, "consent_basis": "form", "consent_at": NOW, "account": None, "idempotency_key": None,
           "created_at": NOW}
    row.update(changes)
    return row


STATEMENT = insert(Submission)


def _insert(session, *rows):
    statement = prepared(STATEMENT, tuple(_row("x")), session.get_bind().dialect)
    insert_rows(session.connection(), bind_rows([(statement, rows)]))


def test_a_prepared_row_reads_back_like_one_written_through_sqlalchemy(services):
    columns = tuple(_row("x"))
    with services.session() as s:
        _insert(s, _row("OURS-0000-0001"))
        theirs = s.execute(insert(Submission).returning(Submission.id), _row("CORE-0000-0001")).scalar_one()
        s.commit()
        ours = s.scalar(select(Submission.id).where(Submission.reference == "OURS-0000-0001"))
    assert ours is not None and ours != theirs
    with services.session() as s:
        a, b = (s.get(Submission, i) for i in (ours, theirs))
        assert a.reference == "OURS-0000-0001"
        for column in columns:
            if column != "reference":
                assert getattr(a, column) == getattr(b, column), column
        # The UTCDateTime bind processor ran: an aware UTC instant, microseconds kept.
        assert a.created_at == NOW and a.created_at.utcoffset() == dt.timedelta(0)
        assert a.consent is True and a.email is None
        # And the stored values themselves are the same, as the driver returns them (on SQLite a datetime
        # that skipped the processor would be kept as Beijing-time text and sort wrongly against the rest).
        raw = {row[0]: row[1:] for row in s.execute(text(
            f"SELECT id, {', '.join(c for c in columns if c != 'reference')} FROM submissions"
            " WHERE id IN (:a, :b)"), {"a": ours, "b": theirs})}
        assert raw[ours] == raw[theirs]


def test_a_unique_violation_is_sqlalchemys_integrity_error_and_nothing_stays(services):
    with services.session() as s:
        _insert(s, _row("SAME-SAME-SAME"))
        s.commit()
        with pytest.raises(IntegrityError):
            _insert(s, _row("ELSE-ELSE-ELSE"), _row("SAME-SAME-SAME", name="second"))
        s.rollback()
        # The session's connection is usable again after the rollback.
        _insert(s, _row("NEXT-NEXT-NEXT"))
        s.commit()
    with services.session() as s:
        assert s.scalars(select(Submission.name).order_by(Submission.id)).all() == ["李四", "李四"]


def test_a_column_with_a_python_default_must_be_given(services):
    """Otherwise the compiled statement would carry a parameter nobody fills."""
    names = tuple(c for c in _row("x") if c != "created_at")
    with pytest.raises(ValueError, match="created_at"):
        PreparedInsert(STATEMENT, names, services.engine.dialect)


def test_a_reference_collision_draws_again(services, monkeypatch):
    """The retry in submit depends on the driver's error arriving as IntegrityError."""
    svc = services
    draws = iter(["DUPE-DUPE-DUPE", "DUPE-DUPE-DUPE", "FRSH-FRSH-FRSH"])
    monkeypatch.setattr(submissions, "new_reference", lambda: next(draws))
    receipts = []
    for i in range(2):
        payload = sample_payload()
        payload["comments"][0]["reason"] = f"理由 {i}"  # not an identical repeat, which is not stored
        with svc.session() as s:
            receipts.append(submissions.submit(s, svc.consultation, payload, channel="api", locale="en",
                                               now=svc.now(), secret_key="k", office_mailbox="office@example.cn"))
    assert [r.reference for r in receipts] == ["DUPE-DUPE-DUPE", "FRSH-FRSH-FRSH"]
    with svc.session() as s:
        assert s.scalar(select(Submission.reference).where(Submission.id == s.scalar(
            select(Comment.submission_id).order_by(Comment.id.desc())))) == "FRSH-FRSH-FRSH"
        # Each submission has its own one comment and two mails; the failed attempt left none behind.
        assert len(s.scalars(select(Comment)).all()) == 2
        assert len(s.scalars(select(OutboxMessage)).all()) == 4


def test_a_session_with_work_in_flight_commits_it_with_the_submission(services):
    """The bot's case: the chat's state and the submission are one transaction."""
    svc = services
    with svc.session() as s:
        s.add(OutboxMessage(purpose="office", recipient="state@example.cn", locale="zh_CN", status="pending",
                            attempts=0, next_attempt_at=svc.now(), created_at=svc.now()))
        s.flush()
        assert s.in_transaction()
        receipt = submissions.submit(s, svc.consultation, sample_payload(), channel="telegram", locale="zh_CN",
                                     now=svc.now(), secret_key="k", account="telegram:1")
        assert not s.in_transaction()  # committed by submit
    with svc.session() as s:
        assert s.scalar(select(Submission.account).where(Submission.reference == receipt.reference)) == "telegram:1"
        assert "state@example.cn" in s.scalars(select(OutboxMessage.recipient)).all()


def test_a_session_with_nothing_in_flight_stores_on_its_own_connection_and_commits(services):
    svc = services
    with svc.session() as s:
        assert not s.in_transaction()
        receipt = submissions.submit(s, svc.consultation, sample_payload(), channel="api", locale="zh_CN",
                                     now=svc.now(), secret_key="k")
    # Seen from another connection: committed, not left to a rollback when the connection went back to the pool.
    with svc.engine.connect() as conn:
        assert conn.scalar(select(Submission.id).where(Submission.reference == receipt.reference)) is not None
        assert conn.scalar(select(Comment.target_ref)) == "art-3"


class CountingUTC(UTCDateTime):
    cache_ok = True
    calls = 0

    def process_bind_param(self, value, dialect):
        CountingUTC.calls += 1
        return super().process_bind_param(value, dialect)


def test_one_value_object_is_bound_once_per_write_and_equal_ones_each_on_their_own():
    """The memo goes by identity: a submission's one timestamp is converted once, whichever columns and
    statements it goes to, while two equal instants written in different time zones, which a plain
    DateTime column stores differently, are not confused."""
    metadata = MetaData()
    table = Table("t", metadata, Column("id", Integer, primary_key=True), Column("counted", CountingUTC()),
                  Column("again", CountingUTC()), Column("plain", DateTime()))
    other = Table("u", metadata, Column("id", Integer, primary_key=True), Column("counted", CountingUTC()))
    dialect = sqlite.dialect()
    stmt = PreparedInsert(insert(table), ("counted", "again", "plain"), dialect)
    other_stmt = PreparedInsert(insert(other), ("counted",), dialect)
    beijing = dt.datetime(2025, 11, 20, 10, 0, tzinfo=BEIJING)
    utc = dt.datetime(2025, 11, 20, 2, 0, tzinfo=dt.timezone.utc)
    assert beijing == utc  # equal, and hashed alike
    CountingUTC.calls = 0
    [(_, bound), (_, bound_other)] = bind_rows([
        (stmt, [{"counted": NOW, "again": NOW, "plain": beijing}, {"counted": NOW, "again": NOW, "plain": utc}]),
        (other_stmt, [{"counted": NOW}])])
    assert CountingUTC.calls == 1
    assert bound[0][:2] == bound[1][:2] == bound_other[0] * 2 == ("2025-11-20 02:00:00.123456",) * 2
    assert [row[2] for row in bound] == ["2025-11-20 10:00:00.000000", "2025-11-20 02:00:00.000000"]
    bind_rows([(other_stmt, [{"counted": NOW}])])  # a new write converts anew
    assert CountingUTC.calls == 2
