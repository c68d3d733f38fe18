"""bot tables

Revision ID: 0002_bot
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa
import consultation.db


revision = '0002_bot'
down_revision = '0001_core'
branch_labels = ('bot',)
depends_on = None


def upgrade():
    op.create_table('bot_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('user_id', sa.String(length=128), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=True),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('draft', sa.JSON(), nullable=False),
    sa.Column('last_event_id', sa.String(length=128), nullable=True),
    sa.Column('last_reply', sa.JSON(), nullable=True),
    sa.Column('events', sa.Integer(), nullable=False),
    sa.Column('created_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('platform', 'user_id', name='uq_bot_users_platform_user')
    )


def downgrade():
    op.drop_table('bot_users')
