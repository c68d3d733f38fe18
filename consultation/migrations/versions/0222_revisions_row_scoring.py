"""revisions: scoring references the office writes for rows the revised text added

Revision ID: 0222_revisions_row_scoring
Revises: 0190_revisions
"""
from alembic import op
import sqlalchemy as sa

import consultation.db


revision = '0222_revisions_row_scoring'
down_revision = '0190_revisions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('text_row_scoring',
    sa.Column('consultation_id', sa.String(length=80), nullable=False),
    sa.Column('origin', sa.String(length=40), nullable=False),
    sa.Column('reference', sa.JSON(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('entered_by', sa.String(length=100), nullable=False),
    sa.Column('entered_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('consultation_id', 'origin')
    )


def downgrade():
    op.drop_table('text_row_scoring')
