"""the repeat guard's arrival time as an integer (milliseconds since the epoch), not a datetime

Binding a datetime through its type's processor was a fifth of the claim's CPU per submission
(bench/limits_cost.py); an integer is bound as it is and compares alike on SQLite and PostgreSQL.
The table is made anew: its rows stand for submissions of the last few minutes only, so at worst a
body repeated across the upgrade, within the window (10 minutes), is stored a second time.

Revision ID: 0224_core_repeat_guard_stamp
Revises: 0223_core_repeat_guard
"""
from alembic import op
import sqlalchemy as sa


revision = '0224_core_repeat_guard_stamp'
down_revision = '0223_core_repeat_guard'
branch_labels = None
depends_on = None


def _create(received: sa.Column):
    op.create_table(
        'repeat_guards',
        sa.Column('fingerprint', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False,
                  nullable=False),
        sa.Column('reference', sa.String(length=32), nullable=False),
        sa.Column('account', sa.String(length=80), nullable=True),
        received,
        sa.PrimaryKeyConstraint('fingerprint'),
    )


def upgrade():
    op.drop_table('repeat_guards')
    _create(sa.Column('received_ms', sa.BigInteger(), nullable=False))


def downgrade():
    from consultation.db import UTCDateTime

    op.drop_table('repeat_guards')
    _create(sa.Column('received_at', UTCDateTime(), nullable=False))
