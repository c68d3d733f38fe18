"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
import datetime as dt
import importlib

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from consultation.db import Base, alembic_config, make_engine, scratch_database, upgrade
from consultation.document import get_consultation
from consultation.model_modules import MODEL_MODULES
from consultation.submissions import submit
from tests.conftest import OPEN_NOW, sample_payload


def test_models_and_migrations_agree(services):
    for module in MODEL_MODULES:
        importlib.import_module(module)
    with services.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_submission_indexes_are_the_slim_set(services):
    indexes = {ix["name"]: ix for ix in inspect(services.engine).get_indexes("submissions")}
    assert "ix_submissions_consultation_id" not in indexes and "ix_submissions_created_at" not in indexes
    assert indexes["ix_submissions_account"]["column_names"] == ["account"]
    assert indexes["uq_submission_idempotency"]["unique"]
    # The idempotency key's old table-wide constraint is gone; only the reference's remains, if any is reported.
    constraints = inspect(services.engine).get_unique_constraints("submissions")
    assert all(uc["column_names"] == ["reference"] for uc in constraints)


def _rows(conn):
    return {
        "submissions": conn.exec_driver_sql(
            "SELECT reference, idempotency_key, name FROM submissions ORDER BY reference").fetchall(),
        "comments": conn.exec_driver_sql(
            "SELECT s.reference, c.position, c.target_ref FROM comments c JOIN submissions s"
            " ON s.id = c.submission_id ORDER BY 1, 2").fetchall(),
        "outbox": conn.exec_driver_sql(
            "SELECT s.reference, o.purpose FROM outbox o JOIN submissions s ON s.id = o.submission_id"
            " ORDER BY 1, 2").fetchall(),
    }


def test_0007_keeps_every_row_and_the_keys_rules_both_ways(database_url, tmp_path):
    """The SQLite rebuild of submissions must not cascade into comments or the outbox (foreign keys
    are off while it runs), and the idempotency key stays unique where given, in both directions."""
    kind = "sqlite" if database_url.startswith("sqlite") else "postgres"
    with scratch_database(kind, tmp_path, prefix="migration_0007") as url:
        upgrade(url)
        engine = make_engine(url)
        now = dt.datetime.fromisoformat(OPEN_NOW)
        for i, key in enumerate(("k-1", None, None, "k-2")):
            payload = sample_payload()
            payload["comments"][0]["reason"] = f"理由 {i}"  # not an identical repeat, which is not stored
            submit(engine, get_consultation(), payload, channel="api", locale="zh_CN", now=now,
                   secret_key="s", office_mailbox="office@example.cn", idempotency_key=key)
        with engine.connect() as conn:
            before = _rows(conn)
        assert len(before["submissions"]) == 4 and len(before["comments"]) == 4 and len(before["outbox"]) == 8
        engine.dispose()

        def reuse_a_key(engine):
            with engine.connect() as conn, conn.begin():
                conn.exec_driver_sql("UPDATE submissions SET idempotency_key = 'k-1' WHERE idempotency_key = 'k-2'")

        for step in (lambda: command.downgrade(alembic_config(url), "0006_core"), lambda: upgrade(url)):
            step()
            engine = make_engine(url)
            with engine.connect() as conn:
                assert _rows(conn) == before
            with pytest.raises(IntegrityError):
                reuse_a_key(engine)
            engine.dispose()
        engine = make_engine(url)
        with engine.connect() as conn, conn.begin():  # the cascade is back on after the migration
            conn.exec_driver_sql("DELETE FROM submissions WHERE idempotency_key = 'k-1'")
            assert conn.exec_driver_sql("SELECT count(*) FROM comments").scalar() == 3
        engine.dispose()


def test_lookups_by_account_and_by_idempotency_key_use_the_partial_indexes(services):
    if services.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner picks a sequential scan on a near-empty table whatever the index")

    def plan(sql):
        with services.engine.connect() as conn:
            return " ".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))

    assert "ix_submissions_account" in plan(
        "SELECT id FROM submissions WHERE account = 'telegram:1' ORDER BY created_at")
    # An equality on the key implies it is not NULL, so the partial unique index serves the lookup.
    assert "uq_submission_idempotency" in plan(
        "SELECT reference FROM submissions WHERE consultation_id = 'c' AND idempotency_key = 'k'")


def test_counting_considered_comments_reads_indexes_only(services):
    """The office's counts leave withdrawn submissions out without reading every submission's row."""
    if services.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner picks a sequential scan on a near-empty table whatever the index")
    from sqlalchemy import func, select

    from consultation.amendments import comment_considered
    from consultation.models import Comment

    query = (select(Comment.target_ref, func.count()).where(Comment.consultation_id == "c", comment_considered())
             .group_by(Comment.target_ref))
    sql = str(query.compile(services.engine, compile_kwargs={"literal_binds": True}))
    with services.engine.connect() as conn:
        plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "COVERING INDEX ix_comments_consultation_target" in plan
    assert "COVERING INDEX ix_submissions_withdrawn" in plan


def _migrate(url):
    from consultation.db import upgrade

    upgrade(url, secret_key="race")


def test_processes_starting_together_on_a_new_database_all_migrate(tmp_path):
    """Two hosts (or serve and worker) starting at once on a new database: the later waits, then has nothing to do."""
    import multiprocessing
    import os

    base = os.environ.get("TEST_DATABASE_URL")
    with scratch_database("postgres" if base else "sqlite", tmp_path, base or "", prefix="race") as url:
        context = multiprocessing.get_context("spawn")
        with context.Pool(3) as pool:
            pool.map(_migrate, [url] * 3)  # raises here if any process failed
        engine = make_engine(url)
        with engine.connect() as conn:
            heads = {row[0] for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}
        engine.dispose()
        assert heads == set(ScriptDirectory.from_config(alembic_config(url)).get_heads())


def test_0226_copies_published_comments_and_lets_them_outlive_their_rows_both_ways(database_url, tmp_path):
    """Publications made before 0226 get each comment's copy from the comments as they stand, and lose the
    foreign key that deleted a published row with a moved comment (attack round 10, F3); the downgrade
    puts the key back (dropping rows of comments already gone)."""
    kind = "sqlite" if database_url.startswith("sqlite") else "postgres"
    with scratch_database(kind, tmp_path, prefix="migration_0226", pg_url=database_url) as url:
        upgrade(url)
        command.downgrade(alembic_config(url), "0225_office_decision_version")
        engine = make_engine(url)
        payload = sample_payload()
        payload["submitter"]["category"] = "individual"
        submit(engine, get_consultation(), payload, channel="api", locale="zh_CN",
               now=dt.datetime.fromisoformat(OPEN_NOW), secret_key="s", office_mailbox="office@example.cn")
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO office_publication_records (consultation_id, number, published_at, "
                                 "published_by, comments, pending) SELECT consultation_id, 1, created_at, 'admin', "
                                 "1, 0 FROM submissions")
            conn.exec_driver_sql("INSERT INTO office_published_decisions (publication_id, comment_id, outcome, "
                                 "reason) SELECT p.id, c.id, 'adopted', '' FROM office_publication_records p, comments c")
        engine.dispose()
        upgrade(url)
        engine = make_engine(url)
        with engine.begin() as conn:
            row = conn.exec_driver_sql(
                "SELECT d.target_ref, d.proposal, d.comment_reason, d.category, d.organisation, d.submission_id, "
                "c.target_ref, c.proposal, c.reason, c.submission_id FROM office_published_decisions d "
                "JOIN comments c ON c.id = d.comment_id").one()
            assert row[:3] == row[6:9] and row[5] == row[9] and (row[3], row[4]) == ("individual", None)
            conn.exec_driver_sql("DELETE FROM comments")
            assert conn.exec_driver_sql("SELECT count(*) FROM office_published_decisions").scalar() == 1
        engine.dispose()
        command.downgrade(alembic_config(url), "0225_office_decision_version")
        engine = make_engine(url)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM office_published_decisions").scalar() == 0
        engine.dispose()
