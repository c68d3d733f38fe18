"""bot outbox: replies owed to a chat, delivered until the platform acknowledges them

Revision ID: 0160_bot_outbox
Revises: 0002_bot
"""
from alembic import op
import sqlalchemy as sa
import consultation.db


revision = '0160_bot_outbox'
down_revision = '0002_bot'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bot_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('chat_id', sa.String(length=128), nullable=False),
    sa.Column('event_id', sa.String(length=128), nullable=True),
    sa.Column('step', sa.String(length=64), nullable=False),
    sa.Column('message', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('claimed_until', consultation.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', consultation.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_bot_outbox_chat', 'bot_outbox', ['platform', 'chat_id', 'status'], unique=False)
    op.create_index('ix_bot_outbox_due', 'bot_outbox', ['status', 'next_attempt_at'], unique=False)


def downgrade():
    op.drop_index('ix_bot_outbox_due', table_name='bot_outbox')
    op.drop_index('ix_bot_outbox_chat', table_name='bot_outbox')
    op.drop_table('bot_outbox')
