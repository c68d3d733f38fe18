"""The identical-repeat rule's guard table (consultation/intake/repeats.py): racing processes store once,
an amendment or a withdrawal moves or frees the guard, and rows the window has left behind are deleted."""
import datetime as dt
import multiprocessing
import time

import pytest
from sqlalchemy import func, select, update

from consultation import amendments, submissions
from consultation.db import make_engine
from consultation.intake import repeats
from consultation.models import Comment, OutboxMessage, RepeatGuard, Submission
from consultation.submissions import lookup, submit
from tests.conftest import sample_payload


def _count(services, model=Submission):
    with services.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def _store(services, payload=None, channel="web"):
    return submit(services.engine, services.consultation, payload or sample_payload(), channel=channel,
                  locale="zh_CN", now=services.now(), secret_key=services.settings.secret_key,
                  office_mailbox="office@example.gov.cn")


def _race(url, consultation, now, secret, barrier, results, tries):
    """One process: its own engine (as a web worker has), the same body `tries` times, after the barrier."""
    engine = make_engine(url)
    barrier.wait()
    for _ in range(tries):
        receipt = submit(engine, consultation, sample_payload(), channel="api", locale="zh_CN", now=now,
                         secret_key=secret, office_mailbox="office@example.gov.cn")
        results.put((receipt.reference, receipt.created))
    engine.dispose()


def test_identical_submissions_racing_in_two_processes_store_once(services):
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    services.engine.dispose()  # no pooled connection crosses the fork
    args = (services.settings.database_url, services.consultation, services.now(), services.settings.secret_key,
            barrier, results)
    workers = [ctx.Process(target=_race, args=(*args, 20)) for _ in range(2)]
    for worker in workers:
        worker.start()
    answers = [results.get(timeout=120) for _ in range(40)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert sum(created for _, created in answers) == 1
    assert len({reference for reference, _ in answers}) == 1
    assert _count(services) == 1 and _count(services, Comment) == 1 and _count(services, OutboxMessage) == 2
    assert _count(services, RepeatGuard) == 1


def test_a_repeat_answers_the_first_reference_and_leaves_the_guard_as_it_was(services):
    first = _store(services)
    with services.session() as s:
        before = s.execute(select(RepeatGuard.fingerprint, RepeatGuard.reference, RepeatGuard.received_ms)).all()
    again = _store(services)
    assert (again.reference, again.token, again.created) == (first.reference, None, False)
    with services.session() as s:
        assert s.execute(select(RepeatGuard.fingerprint, RepeatGuard.reference, RepeatGuard.received_ms)).all() == before
    assert _count(services) == 1


def test_staff_intake_claims_no_guard(services):
    _store(services, channel="email")
    _store(services, channel="email")
    assert _count(services) == 2 and _count(services, RepeatGuard) == 0


def test_after_the_window_the_guard_is_taken_over_by_the_new_submission(services):
    first = _store(services)
    with services.engine.begin() as conn:
        conn.execute(update(RepeatGuard).values(
            received_ms=repeats.stamp(dt.datetime.now(dt.timezone.utc) - repeats.window() - dt.timedelta(seconds=1))))
    second = _store(services)
    assert second.created and second.reference != first.reference
    with services.session() as s:
        assert s.scalars(select(RepeatGuard.reference)).all() == [second.reference]
    assert _store(services).reference == second.reference  # and a repeat now names the second


def test_guard_rows_older_than_the_window_are_swept(services, monkeypatch):
    old = _store(services)
    with services.engine.begin() as conn:
        conn.execute(update(RepeatGuard).values(
            received_ms=repeats.stamp(dt.datetime.now(dt.timezone.utc) - repeats.window() - dt.timedelta(minutes=1))))
    monkeypatch.setattr(repeats, "_sweep_at", [float("-inf")])  # a sweep is due in this process
    other = sample_payload()
    other["submitter"]["email"] = "lisi@example.com"
    new = _store(services, other)
    with services.session() as s:
        assert s.scalars(select(RepeatGuard.reference)).all() == [new.reference]
    assert old.reference != new.reference and _count(services) == 2
    assert not repeats.sweep_due()  # at most once per window


def test_an_amendment_moves_the_guard_to_the_new_comments(services):
    receipt = _store(services)
    with services.session() as s:
        sub = lookup(s, receipt.reference, receipt.token, services.settings.secret_key)
        changed = [{"id": str(c.id), "target": c.target_ref, "kind": c.kind, "proposal": "新的表述",
                    "reason": c.reason, "proposed_points": ""} for c in sub.comments]
        assert amendments.amend(s, services.consultation, sub, changed, services.now())
    amended = sample_payload()
    amended["comments"][0]["proposal"] = "新的表述"
    again = _store(services, amended)
    assert (again.reference, again.created) == (receipt.reference, False)  # the amended text is the repeat
    original = _store(services)
    assert original.created and original.reference != receipt.reference  # the old text no longer is
    assert _count(services) == 2


def test_a_withdrawal_frees_the_guard(services):
    receipt = _store(services)
    with services.session() as s:
        sub = lookup(s, receipt.reference, receipt.token, services.settings.secret_key)
        amendments.withdraw(s, services.consultation, sub, services.now())
    assert _count(services, RepeatGuard) == 0
    again = _store(services)
    assert again.created and again.reference != receipt.reference


def test_the_hourly_purge_deletes_the_guard_rows_the_window_left_behind(services):
    from consultation.exports.retention import purge_expired

    old = _store(services)
    with services.engine.begin() as conn:
        conn.execute(update(RepeatGuard).values(
            received_ms=repeats.stamp(dt.datetime.now(dt.timezone.utc) - repeats.window() - dt.timedelta(minutes=1))))
    other = sample_payload()
    other["submitter"]["email"] = "lisi@example.com"
    repeats._sweep_at[0] = time.monotonic() + 3600  # no sweep due in this process: only the purge deletes
    new = _store(services, other)
    with services.session() as s:
        assert len(s.scalars(select(RepeatGuard.reference)).all()) == 2
        purge_expired(s)
    with services.session() as s:
        assert s.scalars(select(RepeatGuard.reference)).all() == [new.reference] != [old.reference]


def test_on_postgresql_the_claims_cursor_is_kept_with_its_connection_and_replaced_after_an_error(services,
                                                                                                monkeypatch):
    """In psycopg's pipeline the claim has a cursor of its own (its row count decides), kept with the
    connection rather than created per submission (storage/inserts.py); after an error in the pipeline it
    is replaced, and every claim is still judged by its own row count."""
    from consultation.storage.inserts import _CLAIM_CURSOR

    if services.engine.dialect.name != "postgresql":
        pytest.skip("only a pipeline (psycopg) gives the claim a cursor of its own")

    def kept():
        with services.engine.connect() as conn:
            return conn.connection.info.get(_CLAIM_CURSOR)

    def payload(reason):
        body = sample_payload()
        body["comments"][0]["reason"] = reason
        return body

    first = _store(services, payload("一"))
    cursor = kept()
    assert cursor is not None and not cursor.closed
    second = _store(services, payload("二"))
    assert kept() is cursor
    again = _store(services, payload("一"))
    assert (again.reference, again.created) == (first.reference, False)
    # A reference collision fails the pipeline (IntegrityError at its sync): the cursor is closed and not
    # kept, the submission draws again and is stored, judged through a new cursor.
    draws = iter([second.reference, "FRSH-FRSH-FRSH"])
    monkeypatch.setattr(submissions, "new_reference", lambda: next(draws))
    third = _store(services, payload("三"))
    monkeypatch.undo()
    assert third.reference == "FRSH-FRSH-FRSH" and third.created
    assert cursor.closed and kept() not in (None, cursor)
    assert _store(services, payload("三")).created is False
    assert _count(services) == 3


def _bound_submission(services, reference, payload=None):
    """A submission's statements with its guard's claim bound, as `submit` sends them."""
    from consultation.storage import submission as stored

    clean = submissions.validate(payload or sample_payload(), services.consultation)
    dialect = services.engine.dialect
    fp = repeats.fingerprint(services.consultation.id, clean)
    rows = submissions._rows(services.consultation, clean, reference, channel="api", locale="zh_CN",
                             now=services.now(), office_mailbox="office@example.gov.cn", account=None,
                             idempotency_key=None, idempotency_hash=None,
                             received_at=dt.datetime.now(dt.timezone.utc))
    return stored.bind(dialect, *rows, claim=repeats.claim(dialect, fp, reference, None, repeats.now_ms()))


def test_a_repeat_claimed_with_its_inserts_writes_no_row_even_before_the_rollback(services):
    """The claim decides what is written, not only the rollback after it: on PostgreSQL the claim is a CTE
    of the submission's INSERT (storage/submission.py) and the comments and mail select that submission, so
    a repeat inserts nothing at all, in the same round trip; on SQLite the claim is sent alone first."""
    from consultation.storage.inserts import insert_rows

    first = _store(services)
    counts = [_count(services, model) for model in (Submission, Comment, OutboxMessage, RepeatGuard)]
    with services.engine.connect() as conn, conn.begin() as transaction:
        assert insert_rows(conn, _bound_submission(services, "RPT0-RPT0-RPT0"), claim=True) is False
        seen = [conn.scalar(select(func.count()).select_from(model))
                for model in (Submission, Comment, OutboxMessage, RepeatGuard)]
        assert seen == counts  # within the transaction: nothing inserted, the guard unchanged
        assert conn.scalar(select(RepeatGuard.reference)) == first.reference
        transaction.rollback()
    assert _count(services) == 1


def test_on_postgresql_the_claim_and_the_submission_are_one_statement(services, monkeypatch):
    """psycopg's execute per statement was most of the claim's cost (bench/README.md, eleventh session): the
    claim is folded into the submission's INSERT, so a submission with a guard sends as many statements as
    one without (the submission, its comments, its mail), and a new submission is stored by them."""
    import contextlib

    from consultation.storage import inserts

    sent = []
    cursor_of, claim_cursor_of = inserts.driver_cursor, inserts._claim_cursor

    @contextlib.contextmanager
    def noting(conn):
        with cursor_of(conn) as (cursor, note):
            yield _Noting(cursor, sent), note

    monkeypatch.setattr(inserts, "driver_cursor", noting)
    monkeypatch.setattr(inserts, "_claim_cursor", lambda conn: _Noting(claim_cursor_of(conn), sent))
    receipt = _store(services)
    assert receipt.created and _count(services) == 1 and _count(services, Comment) == 1
    assert _count(services, OutboxMessage) == 2 and _count(services, RepeatGuard) == 1
    if services.engine.dialect.name == "postgresql":
        assert len(sent) == 3, sent
        assert sent[0].startswith("WITH claim AS") and "INSERT INTO submissions" in sent[0]
    else:  # no data-modifying CTE: the claim goes alone, first
        assert len(sent) == 4 and sent[0].startswith("INSERT INTO repeat_guards")


class _Noting:
    """A driver cursor that notes each statement it is given."""

    def __init__(self, cursor, sent):
        self._cursor, self._sent = cursor, sent

    def execute(self, sql, *args, **kwargs):
        self._sent.append(sql)
        return self._cursor.execute(sql, *args, **kwargs)

    def executemany(self, sql, *args, **kwargs):
        self._sent.append(sql)
        return self._cursor.executemany(sql, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._cursor, name)
