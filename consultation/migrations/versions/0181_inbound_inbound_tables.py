"""inbound tables: messages from the office's mailbox, letters and calls, with their originals

Revision ID: 0181_inbound
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa

from consultation.db import UTCDateTime


revision = '0181_inbound'
down_revision = '0001_core'
branch_labels = ('inbound',)
depends_on = None


def upgrade():
    op.create_table(
        'inbound_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.String(length=80), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('reasons', sa.JSON(), nullable=False),
        sa.Column('mailbox', sa.String(length=300), nullable=True),
        sa.Column('uidvalidity', sa.BigInteger(), nullable=True),
        sa.Column('uid', sa.BigInteger(), nullable=True),
        sa.Column('message_id', sa.String(length=300), nullable=True),
        sa.Column('identity', sa.String(length=80), nullable=True),
        sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
        sa.Column('sender', sa.String(length=254), nullable=True),
        sa.Column('sender_name', sa.String(length=100), nullable=True),
        sa.Column('subject', sa.Text(), nullable=True),
        sa.Column('arrived_at', UTCDateTime(), nullable=False),
        sa.Column('late', sa.Boolean(), nullable=False),
        sa.Column('draft', sa.JSON(), nullable=True),
        sa.Column('submission_id', sa.Integer(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('entered_by', sa.String(length=100), nullable=True),
        sa.Column('decided_by', sa.String(length=100), nullable=True),
        sa.Column('decided_at', UTCDateTime(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('purged_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['duplicate_of_id'], ['inbound_items.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('mailbox', 'uidvalidity', 'uid', name='uq_inbound_mailbox_uid'),
        sa.UniqueConstraint('consultation_id', 'identity', name='uq_inbound_identity'),
    )
    op.create_index('ix_inbound_items_consultation_id', 'inbound_items', ['consultation_id'])
    op.create_index('ix_inbound_items_status', 'inbound_items', ['status'])
    op.create_table(
        'inbound_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content_type', sa.String(length=120), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('unreadable', sa.String(length=32), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(['item_id'], ['inbound_items.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_inbound_files_item_id', 'inbound_files', ['item_id'])


def downgrade():
    op.drop_index('ix_inbound_files_item_id', table_name='inbound_files')
    op.drop_table('inbound_files')
    op.drop_index('ix_inbound_items_status', table_name='inbound_items')
    op.drop_index('ix_inbound_items_consultation_id', table_name='inbound_items')
    op.drop_table('inbound_items')
