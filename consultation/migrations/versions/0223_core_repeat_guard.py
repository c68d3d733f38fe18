"""identical repeats found by a guard table claimed with the INSERTs, not by a SELECT of the fingerprint

The repeat rule read submissions.fingerprint (indexed) before every INSERT, and on PostgreSQL took an
advisory lock first: two statements per submission, 8-18 % of a request's CPU (bench/README.md). The
guard table (repeat_guards, keyed by the fingerprint's first 8 bytes) is claimed by an UPSERT sent with
the INSERTs instead; the column and its index go. Fingerprints stored within the last hour are carried
over (the window is 10 minutes unless REPEAT_WINDOW_MINUTES says otherwise), the first of each.

Revision ID: 0223_core_repeat_guard
Revises: 0221_core_considered_indexes
"""
import datetime as dt
import os

from alembic import op
import sqlalchemy as sa

from consultation.db import UTCDateTime


revision = '0223_core_repeat_guard'
down_revision = '0221_core_considered_indexes'
branch_labels = None
depends_on = None

FINGERPRINT_SET = sa.text('fingerprint IS NOT NULL')


def upgrade():
    op.create_table(
        'repeat_guards',
        sa.Column('fingerprint', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False,
                  nullable=False),
        sa.Column('reference', sa.String(length=32), nullable=False),
        sa.Column('account', sa.String(length=80), nullable=True),
        sa.Column('received_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('fingerprint'),
    )
    minutes = max(60.0, float(os.environ.get('REPEAT_WINDOW_MINUTES') or 10))
    since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes)
    submissions = sa.table('submissions', sa.column('id', sa.Integer), sa.column('reference', sa.String),
                           sa.column('account', sa.String), sa.column('received_at', UTCDateTime()),
                           sa.column('fingerprint', sa.String))
    conn = op.get_bind()
    rows = conn.execute(sa.select(submissions.c.fingerprint, submissions.c.reference, submissions.c.account,
                                  submissions.c.received_at)
                        .where(submissions.c.fingerprint.is_not(None), submissions.c.received_at > since)
                        .order_by(submissions.c.id)).all()
    guards = {}
    for fingerprint, reference, account, received_at in rows:
        key = int.from_bytes(bytes.fromhex(fingerprint[:16]), 'big', signed=True)
        guards.setdefault(key, {'fingerprint': key, 'reference': reference, 'account': account,
                                'received_at': received_at})
    if guards:
        guard = sa.table('repeat_guards', sa.column('fingerprint', sa.BigInteger), sa.column('reference', sa.String),
                         sa.column('account', sa.String), sa.column('received_at', UTCDateTime()))
        conn.execute(guard.insert(), list(guards.values()))
    op.drop_index('ix_submissions_fingerprint', table_name='submissions')
    op.drop_column('submissions', 'fingerprint')


def downgrade():
    op.add_column('submissions', sa.Column('fingerprint', sa.String(length=64), nullable=True))
    op.create_index('ix_submissions_fingerprint', 'submissions', ['fingerprint'],
                    sqlite_where=FINGERPRINT_SET, postgresql_where=FINGERPRINT_SET)
    op.drop_table('repeat_guards')
