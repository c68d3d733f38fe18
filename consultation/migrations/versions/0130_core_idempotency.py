"""idempotency keys bound to the body, real-clock receipt time, fingerprints of identical repeats

Revision ID: 0130_core_idempotency
Revises: 0007_core
"""
from alembic import op
import sqlalchemy as sa

from consultation.db import UTCDateTime


revision = '0130_core_idempotency'
down_revision = '0007_core'
branch_labels = None
depends_on = None

FINGERPRINT_SET = sa.text('fingerprint IS NOT NULL')


def upgrade():
    op.add_column('submissions', sa.Column('idempotency_hash', sa.String(length=64), nullable=True))
    op.add_column('submissions', sa.Column('received_at', UTCDateTime(), nullable=True))
    op.add_column('submissions', sa.Column('fingerprint', sa.String(length=64), nullable=True))
    op.create_index('ix_submissions_fingerprint', 'submissions', ['fingerprint'],
                    sqlite_where=FINGERPRINT_SET, postgresql_where=FINGERPRINT_SET)


def downgrade():
    op.drop_index('ix_submissions_fingerprint', table_name='submissions')
    with op.batch_alter_table('submissions') as batch_op:
        batch_op.drop_column('fingerprint')
        batch_op.drop_column('received_at')
        batch_op.drop_column('idempotency_hash')
