"""office: the office's manual group edits outlive regrouping (separations, chosen representative)

Revision ID: 0214_office_manual_groups
Revises: 0136_office_two_factor
"""
from alembic import op
import sqlalchemy as sa


revision = '0214_office_manual_groups'
down_revision = '0136_office_two_factor'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('office_duplicate_groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('representative_chosen_by', sa.String(length=100), nullable=True))
    op.create_table('office_group_separations',
    sa.Column('edit_id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('edit_id', 'comment_id')
    )
    with op.batch_alter_table('office_group_separations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_group_separations_comment_id'), ['comment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('office_group_separations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_group_separations_comment_id'))
    op.drop_table('office_group_separations')
    with op.batch_alter_table('office_duplicate_groups', schema=None) as batch_op:
        batch_op.drop_column('representative_chosen_by')
