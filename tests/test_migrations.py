"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
import importlib

import pytest

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from consultation.db import Base
from consultation.model_modules import MODEL_MODULES


def test_models_and_migrations_agree(services):
    for module in MODEL_MODULES:
        importlib.import_module(module)
    with services.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_submission_indexes_are_the_slim_set(services):
    indexes = {ix["name"]: ix for ix in inspect(services.engine).get_indexes("submissions")}
    assert "ix_submissions_consultation_id" not in indexes
    assert indexes["ix_submissions_account"]["column_names"] == ["account"]


def test_lookup_by_account_uses_the_partial_index(services):
    if services.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner picks a sequential scan on a near-empty table whatever the index")
    with services.engine.connect() as conn:
        plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM submissions WHERE account = 'telegram:1' ORDER BY created_at"))
    assert "ix_submissions_account" in plan
