"""consent basis of a submission

A ticked box on a public form or bot ("form"), or a sender who wrote to the
office itself and whose feedback a clerk or the mailbox intake filed
("sent_to_office"). Existing rows all came through a form.

Revision ID: 0180_core_consent_basis
Revises: 0130_core_idempotency
"""
from alembic import op
import sqlalchemy as sa


revision = '0180_core_consent_basis'
down_revision = '0130_core_idempotency'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('submissions', sa.Column('consent_basis', sa.String(length=16), server_default='form',
                                           nullable=False))


def downgrade():
    with op.batch_alter_table('submissions') as batch:
        batch.drop_column('consent_basis')
