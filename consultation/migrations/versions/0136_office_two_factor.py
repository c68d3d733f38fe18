"""office: TOTP secret and recovery codes; the per-account lockout columns go (throttle.py replaces them)

Revision ID: 0136_office_two_factor
Revises: 0140_office_decisions
"""
from alembic import op
import sqlalchemy as sa
import consultation.db


revision = '0136_office_two_factor'
down_revision = '0140_office_decisions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('office_recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('used_at', consultation.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['office_accounts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )
    with op.batch_alter_table('office_recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_recovery_codes_account_id'), ['account_id'], unique=False)
    with op.batch_alter_table('office_accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('locked_until')


def downgrade():
    with op.batch_alter_table('office_accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_until', consultation.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_secret')
    with op.batch_alter_table('office_recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_recovery_codes_account_id'))
    op.drop_table('office_recovery_codes')
