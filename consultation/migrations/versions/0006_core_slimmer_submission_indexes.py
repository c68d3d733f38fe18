"""slimmer submission indexes

Every submission wrote one page per index. ix_submissions_consultation_id
duplicated the leading column of uq_submission_idempotency, and
ix_submissions_account indexed the NULL account of every web and API
submission; only chat submissions are looked up by account.

Revision ID: 0006_core
Revises: 0001_core
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_core'
down_revision = '0001_core'
branch_labels = None
depends_on = None

ACCOUNT_SET = sa.text('account IS NOT NULL')


def upgrade():
    op.drop_index('ix_submissions_consultation_id', table_name='submissions')
    op.drop_index('ix_submissions_account', table_name='submissions')
    op.create_index('ix_submissions_account', 'submissions', ['account'],
                    sqlite_where=ACCOUNT_SET, postgresql_where=ACCOUNT_SET)


def downgrade():
    op.drop_index('ix_submissions_account', table_name='submissions')
    op.create_index('ix_submissions_account', 'submissions', ['account'])
    op.create_index('ix_submissions_consultation_id', 'submissions', ['consultation_id'])
