"""The revised text from the command line: import a revision from a data file, list revisions, export the
comparison table."""
from pathlib import Path

import click

from . import main


@main.group("revision")
def revision():
    """Revisions of the text after the consultation (see docs/revisions.md)."""


def _services():
    from consultation.services import Services

    return Services()


@revision.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--final", is_flag=True, help="Mark it final too (refused if the loader finds any problem).")
@click.option("--actor", default="cli", show_default=True, help="Name written to the audit log.")
def import_cmd(path, final, actor):
    """Import PATH (the consultation's YAML format) as a new revision."""
    from consultation.i18n import gettext as translate
    from consultation.revisions.content import check
    from consultation.revisions.editing import EditRefused, FinalRefused
    from consultation.revisions.importing import import_revision

    svc = _services()
    with svc.session() as session:
        try:
            rev = import_revision(session, svc.consultation, path.read_bytes(), source=path.name, actor=actor,
                                  now=svc.now(), final=final)
        except EditRefused as exc:
            raise click.ClickException("; ".join(translate("en", m, **p) for _f, m, p in exc.errors)) from exc
        except FinalRefused as exc:
            raise click.ClickException("not final: " + "; ".join(p.text("en") for p in exc.problems)) from exc
        session.commit()
        problems = check(rev.content)[2]
    click.echo(f"revision {rev.number} ({rev.status}) imported from {path.name}")
    for p in problems:
        click.echo(f"problem: {p.text('en')}")


@revision.command("list")
def list_cmd():
    """List the revisions."""
    from consultation.revisions.editing import all_revisions

    svc = _services()
    with svc.session() as session:
        for r in all_revisions(session, svc.consultation.id):
            published = f" published {r.published_at.isoformat()}" if r.published_at else ""
            click.echo(f"{r.number}\t{r.status}\t{r.source}\t{r.updated_at.isoformat()}{published}")


@revision.command("export-docx")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--locale", default="zh_CN", show_default=True)
def export_docx(out, locale):
    """Write the comparison table of the latest revision (landscape A4 DOCX)."""
    from consultation.revisions.comparison import table
    from consultation.revisions.docx_export import write_comparison_docx
    from consultation.revisions.editing import latest

    svc = _services()
    with svc.session() as session:
        rev = latest(session, svc.consultation.id)
        if rev is None:
            raise click.ClickException("no revision yet")
        with out.open("wb") as f:
            n = write_comparison_docx(table(session, svc.consultation, rev), svc.consultation, rev.number,
                                      rev.status, f, locale=locale, now=svc.now())
    click.echo(f"{n} changes written to {out}")
