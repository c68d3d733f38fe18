"""expiring keys: sign-in sessions, login throttles, WeChat nonces (when REDIS_URL is unset)

Revision ID: 0135_core_expiring_keys
Revises: 0170_core_drafts
"""
from alembic import op
import sqlalchemy as sa
import consultation.db


revision = '0135_core_expiring_keys'
down_revision = '0170_core_drafts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('expiring_keys',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('expiring_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_expiring_keys_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('expiring_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_expiring_keys_expires_at'))
    op.drop_table('expiring_keys')
