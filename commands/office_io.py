"""Exports, JSON import, the mail worker and the contact purge, from the command line."""
import sys

import click

from . import main, worker_logging

FORMATS = ("csv", "xlsx", "summary-docx", "summary-xlsx", "json")


def _services():
    from consultation.services import Services

    return Services()


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), required=True,
              help="File to write ('-' for standard output, csv and json only).")
@click.option("--with-contacts", is_flag=True, help="Include name, phone, email and an individual's organisation (admins only).")
@click.option("--lang", type=click.Choice(["zh_CN", "en"]), default="zh_CN", show_default=True,
              help="Language of column headers and labels.")
def export(fmt, out, with_contacts, lang):
    """Export the consultation's feedback (comments, adoption summary, or a JSON archive)."""

    services = _services()
    consultation = services.consultation
    binary = fmt not in ("csv", "json")
    if out == "-" and binary:
        raise click.UsageError("binary formats need --out FILE")
    with services.session() as session:
        if out == "-":
            stream = sys.stdout
            count = _write(fmt, session, consultation, stream, with_contacts, lang, services)
        else:
            mode = "wb" if binary else "w"
            kwargs = {} if binary else {"encoding": "utf-8-sig" if fmt == "csv" else "utf-8", "newline": ""}
            with open(out, mode, **kwargs) as stream:
                count = _write(fmt, session, consultation, stream, with_contacts, lang, services)
    if out != "-":
        click.echo(f"{fmt}: {count} rows written to {out}" + (" (with contact details)" if with_contacts else ""),
                   err=True)


def _write(fmt, session, consultation, stream, with_contacts, lang, services):
    from consultation.exports import archive, summary, tabular

    if fmt == "csv":
        return tabular.write_csv(session, consultation, stream, with_contacts=with_contacts, locale=lang)
    if fmt == "xlsx":
        return tabular.write_xlsx(session, consultation, stream, with_contacts=with_contacts, locale=lang,
                                  now=services.now())
    if fmt == "summary-docx":
        return summary.write_summary_docx(session, consultation, stream, locale=lang, now=services.now())
    if fmt == "summary-xlsx":
        return summary.write_summary_xlsx(session, consultation, stream, locale=lang, now=services.now())
    return archive.export_json(session, consultation, stream, with_contacts=with_contacts, now=services.now())


@main.command("import-json")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_json_command(path):
    """Restore a JSON export into an empty database (same consultation)."""
    from consultation.exports.archive import ArchiveImportRefused, import_json

    services = _services()
    with services.session() as session, open(path, encoding="utf-8") as f:
        try:
            result = import_json(session, f)
        except ArchiveImportRefused as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"imported {result.submissions} submissions, {result.comments} comments, "
               f"{result.decisions} office records")


@main.command("feedback-form")
@click.argument("reference")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True)
def feedback_form_command(reference, out):
    """Write one submission's feedback form (征求意见反馈信息表) as DOCX."""
    from sqlalchemy import select

    from consultation.exports.feedback_form import feedback_form_docx
    from consultation.models import Submission

    services = _services()
    with services.session() as session:
        sub = session.scalars(select(Submission).where(Submission.reference == reference.strip().upper())).first()
        if sub is None:
            raise click.ClickException(f"no submission {reference}")
        with open(out, "wb") as f:
            f.write(feedback_form_docx(sub, services.consultation))
    click.echo(f"written {out}", err=True)


@main.command("worker")
@click.option("--once", is_flag=True, help="Send what is due now and exit.")
@click.option("-v", "--verbose", is_flag=True)
def worker_command(once, verbose):
    """Deliver the mail outbox (SMTP_HOST, or .eml files in instance/outbox/ without it)."""
    import asyncio

    from consultation.mail.settings import MailConfigError, MailSettings
    from consultation.mail.worker import Worker

    worker_logging(once, verbose)
    services = _services()
    try:
        settings = MailSettings.from_env(services.settings.instance)
    except MailConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    worker = Worker(services, settings, housekeeping=HOUSEKEEPING)
    target = (f"SMTP {settings.host}:{settings.effective_port} ({settings.security})" if settings.uses_smtp
              else f".eml files in {settings.eml_dir}")
    if once:
        stats = asyncio.run(worker.run_once())
        click.echo(f"outbox via {target}: {stats}")
        if stats.failed or stats.uncertain or stats.retried:  # deferred counts: something is still owed
            sys.exit(1)
        return
    click.echo(f"mail worker: {target}, polling every {settings.poll:g}s (SIGTERM to stop)", err=True)
    asyncio.run(worker.run_forever())
    click.echo("mail worker stopped", err=True)


def _purge_drafts(services) -> None:
    """The continuous worker's hourly chore: unconsented chat drafts past their retention period."""
    from bot.purge import purge_unconsented_drafts

    with services.session() as session:
        purge_unconsented_drafts(session)


def _purge_contacts(services) -> None:
    """The continuous worker's hourly chore: contact details past the retention period the privacy
    notice states (consultation.privacy.CONTACT_RETENTION_DAYS), aged on the real clock."""
    import logging

    from consultation.exports.retention import purge_expired

    with services.session() as session:
        results = purge_expired(session)
    for consultation_id, result in results.items():
        if result.submissions:
            logging.getLogger("consult.retention").info(
                "%s: purged contact details of %d submissions", consultation_id, result.submissions)


# What `consult worker` (the Procfile's worker process) does besides the mail, once an hour.
HOUSEKEEPING = (_purge_drafts, _purge_contacts)


@main.command("mail-resend")
@click.argument("outbox_id", type=int)
@click.option("--force", is_flag=True, help="Also resend a message marked sent.")
def mail_resend(outbox_id, force):
    """Queue a failed (or, with --force, a sent) outbox message again."""
    from consultation.mail.worker import resend

    services = _services()
    with services.session() as session:
        if not resend(session, outbox_id, force=force):
            raise click.ClickException(f"outbox {outbox_id}: not found or not in a resendable state")
    click.echo(f"outbox {outbox_id}: queued")


@main.command("mail-failures")
def mail_failures():
    """List failed outbox messages (what the office has to check and resend)."""
    from consultation.mail.worker import failures

    services = _services()
    with services.session() as session:
        rows = failures(session)
        for row in rows:
            click.echo(f"{row.id}\t{row.purpose}\t{row.attempts}\t{row.created_at:%Y-%m-%d %H:%M}\t{row.last_error}")
    if not rows:
        click.echo("no failed messages")


@main.command("purge-contacts")
@click.option("--consultation", "consultation_id", required=True)
@click.option("--older-than", "days", type=click.IntRange(min=0), required=True,
              help="Days since submission (real time; `consult worker` purges after 180 days by itself).")
def purge_contacts_command(consultation_id, days):
    """Remove contact details of submissions older than DAYS; comments and decisions are kept.

    Also removes personal details from chat drafts never consented to, idle for longer than
    BOT_DRAFT_RETENTION_DAYS (default 7, on the real clock).
    """
    from bot.purge import purge_unconsented_drafts
    from consultation.document import all_consultations
    from consultation.exports.retention import purge_contacts

    known = all_consultations()
    if consultation_id not in known:
        raise click.BadParameter(f"no consultation {consultation_id!r}; known: {', '.join(sorted(known))}",
                                 param_hint="--consultation")
    services = _services()
    with services.session() as session:
        result = purge_contacts(session, consultation_id, older_than_days=days)  # real clock: an age
    click.echo(f"purged contact details of {result.submissions} submissions "
               f"({result.outbox} outbox messages cleared)")
    with services.session() as session:
        drafts = purge_unconsented_drafts(session)
    click.echo(f"removed personal details from {drafts.drafts} unconsented chat drafts")
