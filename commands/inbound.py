"""`consult mail-intake`: file what arrives in the office's mailbox (IMAP_* settings)."""
import sys

import click

from . import main, worker_logging


@main.command("mail-intake")
@click.option("--once", is_flag=True, help="Read the folder once, file what is new, and exit.")
@click.option("-v", "--verbose", is_flag=True)
def mail_intake(once, verbose):
    """Read the office's mailbox over IMAP and file each message once (read-only: the mailbox is not changed)."""
    from consultation.inbound.settings import ImapSettings
    from consultation.inbound.worker import run_forever, run_pass
    from consultation.services import Services

    worker_logging(once, verbose)
    try:
        settings = ImapSettings.from_env()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if not settings.configured:
        raise click.ClickException("set IMAP_HOST and IMAP_USER (and IMAP_PASSWORD) to read the office's mailbox")
    services = Services()
    if once:
        result = run_pass(services, settings)
        click.echo(f"mailbox {settings.mailbox}: {result.statuses or 'nothing new'}"
                   + (f", {result.finished} finished" if result.finished else ""))
        if result.error:
            click.echo(f"stopped: {result.error}", err=True)
            sys.exit(1)
        return
    click.echo(f"mail intake: {settings.mailbox} ({settings.security}), every {settings.poll:g}s (SIGTERM to stop)",
               err=True)
    run_forever(services, settings)
    click.echo("mail intake stopped", err=True)
