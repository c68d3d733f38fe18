"""the client address (a keyed hash) that started each form draft, so that one address keeps a bounded number

Drafts written before this have no client and are not counted; they expire within DRAFT_DAYS (7 days).

Revision ID: 0231_core_draft_clients
Revises: 0224_core_repeat_guard_stamp
"""
from alembic import op
import sqlalchemy as sa


revision = '0231_core_draft_clients'
down_revision = '0224_core_repeat_guard_stamp'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('feedback_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_feedback_drafts_client', ['client', 'updated_at'], unique=False)


def downgrade():
    with op.batch_alter_table('feedback_drafts', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_drafts_client')
        batch_op.drop_column('client')
