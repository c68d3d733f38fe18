"""guidance tables: saved self-checks

Revision ID: 0003_guidance
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa
import consultation.db


revision = '0003_guidance'
down_revision = '0001_core'
branch_labels = ('guidance',)
depends_on = None


def upgrade():
    op.create_table('guidance_selfchecks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('consultation_id', sa.String(length=80), nullable=False),
    sa.Column('zone_types', sa.JSON(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=True),
    sa.Column('created_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed_at', consultation.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_digest', name='uq_guidance_selfchecks_token')
    )


def downgrade():
    op.drop_table('guidance_selfchecks')
