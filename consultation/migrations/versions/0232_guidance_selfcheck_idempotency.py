"""Idempotency-Key on saved self-checks (POST /api/v1/self-check with "save": true)

The key, the SHA-256 of the body sent with it and when it came (real clock): a retry with the same key and
body gets the same saved self-check and link instead of a second one; another body under the key is
refused (422), as for feedback. Unique per consultation among the rows that carry a key.

Revision ID: 0232_guidance_selfcheck_idem
Revises: 0219_guidance_selfcheck_text
"""
from alembic import op
import sqlalchemy as sa


revision = '0232_guidance_selfcheck_idem'
down_revision = '0219_guidance_selfcheck_text'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('guidance_selfchecks', sa.Column('idempotency_key', sa.String(length=100), nullable=True))
    op.add_column('guidance_selfchecks', sa.Column('idempotency_hash', sa.String(length=64), nullable=True))
    op.add_column('guidance_selfchecks', sa.Column('received_at', sa.DateTime(timezone=True), nullable=True))
    op.create_index('uq_guidance_selfchecks_idempotency', 'guidance_selfchecks', ['consultation_id', 'idempotency_key'],
                    unique=True, sqlite_where=sa.text('idempotency_key IS NOT NULL'),
                    postgresql_where=sa.text('idempotency_key IS NOT NULL'))


def downgrade():
    op.drop_index('uq_guidance_selfchecks_idempotency', table_name='guidance_selfchecks')
    with op.batch_alter_table('guidance_selfchecks') as batch:
        batch.drop_column('received_at')
        batch.drop_column('idempotency_hash')
        batch.drop_column('idempotency_key')
