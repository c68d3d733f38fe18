"""comments in progress on the web form; amended and withdrawn submissions

Revision ID: 0170_core_drafts
Revises: 0180_core_consent_basis
"""
from alembic import op
import sqlalchemy as sa

from consultation.db import UTCDateTime


revision = '0170_core_drafts'
down_revision = '0180_core_consent_basis'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'feedback_drafts',
        sa.Column('id', sa.String(length=43), nullable=False),
        sa.Column('consultation_id', sa.String(length=80), nullable=False),
        sa.Column('comments', sa.JSON(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_feedback_drafts_created_at'), 'feedback_drafts', ['created_at'])
    op.add_column('submissions', sa.Column('amended_at', UTCDateTime(), nullable=True))
    op.add_column('submissions', sa.Column('withdrawn_at', UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('submissions') as batch_op:
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('amended_at')
    op.drop_index(op.f('ix_feedback_drafts_created_at'), table_name='feedback_drafts')
    op.drop_table('feedback_drafts')
