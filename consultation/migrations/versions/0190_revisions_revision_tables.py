"""revisions tables: revisions of the text, reasons for changes, links from changes to comments

Revision ID: 0190_revisions
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa
import consultation.db


revision = '0190_revisions'
down_revision = '0001_core'
branch_labels = ('revisions',)
depends_on = None


def upgrade():
    op.create_table('text_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.String(length=80), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('origins', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finalised_at', consultation.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('published_at', consultation.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('consultation_id', 'number', name='uq_text_revisions_number')
    )
    op.create_table('text_change_reasons',
    sa.Column('consultation_id', sa.String(length=80), nullable=False),
    sa.Column('origin', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('consultation_id', 'origin')
    )
    op.create_table('text_change_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.String(length=80), nullable=False),
    sa.Column('origin', sa.String(length=40), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('linked_by', sa.String(length=100), nullable=False),
    sa.Column('linked_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('consultation_id', 'origin', 'comment_id', name='uq_text_change_links')
    )
    with op.batch_alter_table('text_change_links', schema=None) as batch_op:
        batch_op.create_index('ix_text_change_links_origin', ['consultation_id', 'origin'], unique=False)
        batch_op.create_index(batch_op.f('ix_text_change_links_comment_id'), ['comment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('text_change_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_text_change_links_comment_id'))
        batch_op.drop_index('ix_text_change_links_origin')
    op.drop_table('text_change_links')
    op.drop_table('text_change_reasons')
    op.drop_table('text_revisions')
