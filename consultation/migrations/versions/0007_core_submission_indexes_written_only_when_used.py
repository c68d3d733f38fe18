"""submission indexes written only when used

Each index costs every submission a page write (bench/README.md, issue 2).
ix_submissions_created_at served only the retention purge, an office command
that can read the table through. The idempotency key's uniqueness only
matters for the requests that send one: as a partial unique index it leaves
the rest of the submissions out. On SQLite the old inline constraint goes by
rebuilding the table (batch mode; env.py turns foreign keys off meanwhile, so
the drop does not cascade into comments).

Revision ID: 0007_core
Revises: 0006_core
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_core'
down_revision = '0006_core'
branch_labels = None
depends_on = None

KEY_SET = sa.text('idempotency_key IS NOT NULL')
ACCOUNT_SET = sa.text('account IS NOT NULL')
KEY = ['consultation_id', 'idempotency_key']


def upgrade():
    op.drop_index('ix_submissions_created_at', table_name='submissions')
    # Dropped and made again around the rebuild, so its WHERE cannot be lost in SQLite's copy of the table.
    op.drop_index('ix_submissions_account', table_name='submissions')
    with op.batch_alter_table('submissions') as batch_op:
        batch_op.drop_constraint('uq_submission_idempotency', type_='unique')
    op.create_index('uq_submission_idempotency', 'submissions', KEY, unique=True,
                    sqlite_where=KEY_SET, postgresql_where=KEY_SET)
    op.create_index('ix_submissions_account', 'submissions', ['account'],
                    sqlite_where=ACCOUNT_SET, postgresql_where=ACCOUNT_SET)


def downgrade():
    op.drop_index('uq_submission_idempotency', table_name='submissions')
    op.drop_index('ix_submissions_account', table_name='submissions')
    with op.batch_alter_table('submissions') as batch_op:
        batch_op.create_unique_constraint('uq_submission_idempotency', KEY)
    op.create_index('ix_submissions_account', 'submissions', ['account'],
                    sqlite_where=ACCOUNT_SET, postgresql_where=ACCOUNT_SET)
    op.create_index('ix_submissions_created_at', 'submissions', ['created_at'])
