"""office: groups per target (representative, retired not deleted), review of decisions, numbered
publications with frozen decisions, notes and assignments

Revision ID: 0140_office_decisions
Revises: 0004_office
"""
from alembic import op
import sqlalchemy as sa
import consultation.db


revision = '0140_office_decisions'
down_revision = '0004_office'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('office_duplicate_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('target_ref', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('representative_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('dissolved_at', consultation.db.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('office_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=12), server_default='approved', nullable=False))
        batch_op.add_column(sa.Column('approved_by', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('approved_at', consultation.db.UTCDateTime(timezone=True), nullable=True))

    op.create_table('office_publication_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.String(length=80), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('published_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=100), nullable=False),
    sa.Column('comments', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Integer(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('consultation_id', 'number', name='uq_office_publication_number')
    )
    op.create_table('office_published_decisions',
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('representative_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['publication_id'], ['office_publication_records.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('publication_id', 'comment_id')
    )
    op.create_table('office_comment_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('author', sa.String(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('office_comment_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_comment_notes_comment_id'), ['comment_id'], unique=False)
    op.create_table('office_assignments',
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('assignee', sa.String(length=100), nullable=False),
    sa.Column('assigned_by', sa.String(length=100), nullable=False),
    sa.Column('assigned_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('comment_id')
    )
    with op.batch_alter_table('office_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_assignments_assignee'), ['assignee'], unique=False)

    # An earlier single publication becomes publication 1, freezing the decisions as they stand.
    op.execute("INSERT INTO office_publication_records (consultation_id, number, published_at, published_by, "
               "comments, pending, changes) SELECT p.consultation_id, 1, p.published_at, p.published_by, "
               "(SELECT count(*) FROM comments c WHERE c.consultation_id = p.consultation_id), "
               "(SELECT count(*) FROM comments c LEFT JOIN office_decisions d ON d.comment_id = c.id "
               " WHERE c.consultation_id = p.consultation_id AND d.id IS NULL), NULL FROM office_publications p")
    op.execute("INSERT INTO office_published_decisions (publication_id, comment_id, outcome, reason, group_id, "
               "representative_id) SELECT r.id, c.id, d.outcome, COALESCE(d.reason, ''), m.group_id, NULL "
               "FROM office_publication_records r JOIN comments c ON c.consultation_id = r.consultation_id "
               "LEFT JOIN office_decisions d ON d.comment_id = c.id "
               "LEFT JOIN office_group_members m ON m.comment_id = c.id")
    op.drop_table('office_publications')


def downgrade():
    op.create_table('office_publications',
    sa.Column('consultation_id', sa.String(length=80), nullable=False),
    sa.Column('published_at', consultation.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('consultation_id')
    )
    op.execute("INSERT INTO office_publications (consultation_id, published_at, published_by) "
               "SELECT consultation_id, published_at, published_by FROM office_publication_records r "
               "WHERE number = (SELECT max(number) FROM office_publication_records x "
               "WHERE x.consultation_id = r.consultation_id)")
    with op.batch_alter_table('office_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_assignments_assignee'))
    op.drop_table('office_assignments')
    with op.batch_alter_table('office_comment_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_comment_notes_comment_id'))
    op.drop_table('office_comment_notes')
    op.drop_table('office_published_decisions')
    op.drop_table('office_publication_records')
    with op.batch_alter_table('office_decisions', schema=None) as batch_op:
        batch_op.drop_column('approved_at')
        batch_op.drop_column('approved_by')
        batch_op.drop_column('status')
    with op.batch_alter_table('office_duplicate_groups', schema=None) as batch_op:
        batch_op.drop_column('dissolved_at')
        batch_op.drop_column('representative_id')
        batch_op.drop_column('target_ref')
