"""which text a saved self-check was made on

NULL: the draft for comment (every self-check saved before this column);
N: the final revision N, once its comparison table was published. A saved self-check keeps the text it was
made on, so its answers (keyed by that text's references) still read and score the same.

Revision ID: 0219_guidance_selfcheck_text
Revises: 0003_guidance
"""
from alembic import op
import sqlalchemy as sa


revision = '0219_guidance_selfcheck_text'
down_revision = '0003_guidance'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('guidance_selfchecks', sa.Column('text_revision', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('guidance_selfchecks') as batch:
        batch.drop_column('text_revision')
