"""office: publications freeze the comments they published; decisions remember a change by the sender

Each published row gets a copy of its comment as published (part of the draft, kind, text, points,
submission, 提出单位) and loses its foreign key to comments, so a later amendment, move or withdrawal
changes nothing in a publication made before it. Rows of earlier publications are filled from the
comments as they are now, the best record there is. Decisions get `sender_changed_at`.

Revision ID: 0226_office_frozen_publications
Revises: 0225_office_decision_version
"""
from alembic import op
import sqlalchemy as sa
import consultation.db


revision = '0226_office_frozen_publications'
down_revision = '0225_office_decision_version'
branch_labels = None
depends_on = None

TABLE = 'office_published_decisions'
# SQLite reports the foreign key unnamed; batch mode finds it under this convention's name.
CONVENTION = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}
COPIED = (
    ('submission_id', sa.Integer(), 'c.submission_id'),
    ('position', sa.Integer(), 'c.position'),
    ('target_ref', sa.String(length=32), 'c.target_ref'),
    ('kind', sa.String(length=16), 'c.kind'),
    ('proposal', sa.Text(), 'c.proposal'),
    ('comment_reason', sa.Text(), 'c.reason'),
    ('proposed_points', sa.Integer(), 'c.proposed_points'),
)


def upgrade():
    with op.batch_alter_table('office_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sender_changed_at', consultation.db.UTCDateTime(timezone=True), nullable=True))
    fks = [fk["name"] or "fk_office_published_decisions_comment_id_comments"
           for fk in sa.inspect(op.get_bind()).get_foreign_keys(TABLE) if fk["referred_table"] == "comments"]
    with op.batch_alter_table(TABLE, schema=None, naming_convention=CONVENTION) as batch_op:
        for name in fks:
            batch_op.drop_constraint(name, type_='foreignkey')
        for name, type_, _source in COPIED:
            batch_op.add_column(sa.Column(name, type_, nullable=True))
        batch_op.add_column(sa.Column('category', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('organisation', sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_office_published_decisions_submission_id'), ['submission_id'],
                              unique=False)
    for name, _type, source in COPIED:
        op.execute(f"UPDATE {TABLE} SET {name} = (SELECT {source} FROM comments c WHERE c.id = {TABLE}.comment_id)")
    for name, source in (('category', 's.category'),
                         ('organisation', "CASE WHEN s.category = 'individual' THEN NULL ELSE s.organisation END")):
        op.execute(f"UPDATE {TABLE} SET {name} = (SELECT {source} FROM submissions s JOIN comments c "
                   f"ON c.submission_id = s.id WHERE c.id = {TABLE}.comment_id)")


def downgrade():
    op.execute(f"DELETE FROM {TABLE} WHERE comment_id NOT IN (SELECT id FROM comments)")
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_published_decisions_submission_id'))
        for name in ('organisation', 'category', *(c[0] for c in reversed(COPIED))):
            batch_op.drop_column(name)
        batch_op.create_foreign_key('office_published_decisions_comment_id_fkey', 'comments', ['comment_id'], ['id'], ondelete='CASCADE')
    with op.batch_alter_table('office_decisions', schema=None) as batch_op:
        batch_op.drop_column('sender_changed_at')
