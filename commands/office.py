"""Office accounts and maintenance from the command line: create-admin, accounts, tokens, regroup, publish."""
import sys

import click

from . import main


def _services():
    from consultation.services import Services

    return Services()


def _read_password(prompt_twice: bool = True) -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=prompt_twice)
    return sys.stdin.readline().rstrip("\r\n")


@main.command("create-admin")
@click.argument("name")
def create_admin(name):
    """Create an admin account NAME (password from standard input when it is not a terminal)."""
    _create(name, "admin")


@main.command("create-account")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "editor", "admin"]), required=True)
def create_account(name, role):
    """Create a staff account with a role (password as for create-admin)."""
    _create(name, role)


def _create(name, role):
    from consultation.office.accounts import AccountError
    from consultation.office.accounts import create_account as create

    password = _read_password()
    services = _services()
    with services.session() as session:
        try:
            account = create(session, name, password, role, actor="cli")
        except AccountError as exc:
            raise click.ClickException(str(exc)) from exc
        session.commit()
    click.echo(f"created {role} account {name}")
    if account.enrolment:
        uri, codes = account.enrolment
        click.echo("Admins sign in with a second factor. Add this key to an authenticator app (or scan it as a QR code):")
        click.echo(uri)
        click.echo("Recovery codes (each works once; keep them offline):")
        for code in codes:
            click.echo(code)


@main.command("enrol-totp")
@click.argument("name")
def enrol_totp(name):
    """Give account NAME a new authenticator key and recovery codes (a lost phone; or two-step sign-in for
    a non-admin). The old key and codes stop working; the account's sessions end."""
    from sqlalchemy import select

    from consultation.office import audit, twofactor
    from consultation.office.models import StaffAccount
    from web.office import sessions

    services = _services()
    with services.session() as session:
        account = session.scalar(select(StaffAccount).where(StaffAccount.username == name))
        if account is None:
            raise click.ClickException(f"no account {name}")
        uri, codes = twofactor.enrol(session, account)
        audit.record(session, "cli", "account.totp", name, None, {"enrolled": True})
        session.commit()
        sessions.end_all(services.keys, account.id)
    click.echo(uri)
    click.echo("Recovery codes (each works once; keep them offline):")
    for code in codes:
        click.echo(code)


@main.command("accounts")
def accounts():
    """List staff accounts."""
    from consultation.office.accounts import list_accounts

    with _services().session() as session:
        for a in list_accounts(session):
            second = "totp" if a.totp_secret else "password only"
            click.echo(f"{a.username}\t{a.role}\t{'active' if a.active else 'disabled'}\t{second}")


@main.command("set-account")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "editor", "admin"]), default=None, help="A new role.")
@click.option("--active/--disabled", "active", default=None, help="Re-activate or deactivate the account.")
def set_account(name, role, active):
    """Change account NAME's role or status, as the accounts page does and under its rules: the last active
    administrator is neither demoted nor deactivated; deactivating revokes the account's API tokens and
    ends its sessions."""
    from sqlalchemy import select

    from consultation.i18n import gettext as translate
    from consultation.office.accounts import AccountError, update_account
    from consultation.office.models import StaffAccount
    from web.office import sessions

    services = _services()
    with services.session() as session:
        account = session.scalar(select(StaffAccount).where(StaffAccount.username == name))
        if account is None:
            raise click.ClickException(f"no account {name}")
        try:
            update_account(session, account, role=role, active=active, actor="cli", now=services.now())
        except AccountError as exc:
            raise click.ClickException(translate("zh_CN", exc.message, **exc.params)) from exc
        if active is False:
            sessions.end_all(services.keys, account.id)
        click.echo(f"{account.username}\t{account.role}\t{'active' if account.active else 'disabled'}")


@main.command("issue-token")
@click.argument("name")
@click.option("--label", default="")
def issue_token(name, label):
    """Issue an API bearer token for account NAME (printed once; only its hash is kept)."""
    from sqlalchemy import select

    from consultation.office.accounts import issue_token as issue
    from consultation.office.models import StaffAccount

    with _services().session() as session:
        account = session.scalar(select(StaffAccount).where(StaffAccount.username == name))
        if account is None:
            raise click.ClickException(f"no account {name}")
        secret = issue(session, account, label, actor="cli")
        session.commit()
    click.echo(secret)


@main.command("regroup")
@click.option("--threshold", type=float, default=None, help="Jaccard threshold (default: the office setting).")
def regroup(threshold):
    """Recompute the groups of near-duplicate comments."""
    from consultation.office.duplicates import one_regrouping
    from consultation.office.duplicates import regroup as run

    services = _services()
    with services.session() as session, one_regrouping(session, services.consultation.id):
        groups = run(session, services.consultation.id, actor="cli", threshold=threshold)
        session.commit()
    click.echo(f"{len(groups)} groups, {sum(map(len, groups))} comments")
