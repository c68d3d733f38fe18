"""office: a version counter on each decision (stale pages and concurrent changes are refused)

Revision ID: 0225_office_decision_version
Revises: 0214_office_manual_groups
"""
from alembic import op
import sqlalchemy as sa


revision = '0225_office_decision_version'
down_revision = '0214_office_manual_groups'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('office_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('office_decisions', schema=None) as batch_op:
        batch_op.drop_column('version')
