"""mail caps: office copies gathered into an hourly digest

An office copy over MAIL_OFFICE_COPIES_PER_HOUR is held, then sent as part of
one digest message; digest_id names the outbox row of that digest.

Revision ID: 0137_core_mail_caps
Revises: 0135_core_expiring_keys
"""
from alembic import op
import sqlalchemy as sa


revision = '0137_core_mail_caps'
down_revision = '0135_core_expiring_keys'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('digest_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_outbox_digest_id_outbox', 'outbox', ['digest_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('outbox') as batch:
        batch.drop_constraint('fk_outbox_digest_id_outbox', type_='foreignkey')
        batch.drop_column('digest_id')
