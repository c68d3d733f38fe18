"""office: TOTP secrets sealed at rest (AES-GCM under a key derived from SECRET_KEY); existing ones re-sealed

The column widens to hold the sealed form ("v1:" + base64 of nonce and ciphertext, 83 characters for a
32-character secret) and every secret stored in clear before is sealed in place. The key is the app's
SECRET_KEY, handed over by consultation.db.upgrade (Services, `consult init-db`); run from the alembic
command line, it is read from the environment as the app would (SECRET_KEY or instance/secret_key).
Downgrading opens them again.

Revision ID: 0213_office_totp_sealed
Revises: 0136_office_two_factor
"""
from alembic import context, op
import sqlalchemy as sa


revision = '0213_office_totp_sealed'
down_revision = '0136_office_two_factor'
branch_labels = None
depends_on = None

accounts = sa.table('office_accounts', sa.column('id', sa.Integer), sa.column('totp_secret', sa.String))


def _secret_key() -> str:
    key = context.config.attributes.get("secret_key")
    if key:
        return key
    from consultation.config import Settings

    return Settings.from_env().secret_key


def _rows(sealed: bool):
    conn = op.get_bind()
    rows = conn.execute(sa.select(accounts.c.id, accounts.c.totp_secret)
                        .where(accounts.c.totp_secret.is_not(None))).all()
    return conn, [r for r in rows if r.totp_secret.startswith("v1:") == sealed]


def upgrade():
    from consultation.office.twofactor import seal

    with op.batch_alter_table('office_accounts', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=64), type_=sa.String(length=160),
                              existing_nullable=True)
    conn, clear = _rows(sealed=False)
    if clear:
        key = _secret_key()
        for row in clear:
            conn.execute(accounts.update().where(accounts.c.id == row.id)
                         .values(totp_secret=seal(key, row.id, row.totp_secret)))


def downgrade():
    from consultation.office.twofactor import unseal

    conn, sealed = _rows(sealed=True)
    if sealed:
        key = _secret_key()
        for row in sealed:
            conn.execute(accounts.update().where(accounts.c.id == row.id)
                         .values(totp_secret=unseal(key, row.id, row.totp_secret)))
    with op.batch_alter_table('office_accounts', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=160), type_=sa.String(length=64),
                              existing_nullable=True)
