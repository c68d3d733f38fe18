"""identical repeats found by a guard table claimed with the INSERTs, not by a SELECT of the fingerprint

The repeat rule read submissions.fingerprint (indexed) before every INSERT, and on PostgreSQL took an
advisory lock first: two statements per submission, 8-18 % of a request's CPU (bench/README.md). The
guard table (repeat_guards, keyed by a 64-bit fingerprint) is claimed by an UPSERT sent with
the INSERTs instead; the column and its index go. The guard's key is another hash (a 64-bit BLAKE2b),
so the stored fingerprints are not carried over: a body repeated across the upgrade, within the window
(10 minutes), is stored a second time.

Revision ID: 0223_core_repeat_guard
Revises: 0221_core_considered_indexes
"""
from alembic import op
import sqlalchemy as sa

from consultation.db import UTCDateTime


revision = '0223_core_repeat_guard'
down_revision = '0221_core_considered_indexes'
branch_labels = None
depends_on = None

FINGERPRINT_SET = sa.text('fingerprint IS NOT NULL')


def upgrade():
    op.create_table(
        'repeat_guards',
        sa.Column('fingerprint', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False,
                  nullable=False),
        sa.Column('reference', sa.String(length=32), nullable=False),
        sa.Column('account', sa.String(length=80), nullable=True),
        sa.Column('received_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('fingerprint'),
    )
    op.drop_index('ix_submissions_fingerprint', table_name='submissions')
    op.drop_column('submissions', 'fingerprint')


def downgrade():
    op.add_column('submissions', sa.Column('fingerprint', sa.String(length=64), nullable=True))
    op.create_index('ix_submissions_fingerprint', 'submissions', ['fingerprint'],
                    sqlite_where=FINGERPRINT_SET, postgresql_where=FINGERPRINT_SET)
    op.drop_table('repeat_guards')
