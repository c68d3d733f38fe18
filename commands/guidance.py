"""Applicant guidance on the command line: `consult ask`."""
import json
import sys

import click

from . import main


def _print_readable(a, c) -> None:
    from consultation.references import label

    locale = "zh_CN" if a.language == "zh" else "en"
    click.echo(a.answer)
    if a.verdict:
        click.echo(f"[{a.verdict}]")
    for cite in a.citations:
        click.echo(f"  {cite['ref']} {label(c.node(cite['ref']), locale)}: {cite['quote']}")


@main.command("ask")
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per question.")
def ask(question, as_json):
    """Answer QUESTION about the draft (Chinese or English), with citations.

    Without QUESTION, reads one question per line from standard input.
    """
    from guidance.answer import answer
    from guidance.index import get_index

    index = get_index(_guidance_text())
    questions = [question] if question else [line.strip() for line in sys.stdin if line.strip()]
    for i, q in enumerate(questions):
        a = answer(q, index)
        if as_json:
            click.echo(json.dumps(a.to_json(), ensure_ascii=False))
        else:
            if i:
                click.echo("")
            if len(questions) > 1:
                click.echo(f"? {q}")
            _print_readable(a, index.consultation)


def _guidance_text():
    """The published final revision when the database has one, else the draft (asking needs no database)."""
    from sqlalchemy import inspect

    from consultation.db import sqlite_file
    from consultation.revisions import guidance_text
    from consultation.services import Services

    svc = Services(migrate=False)
    database = sqlite_file(svc.settings.database_url)
    if database is not None and not database.exists():
        return svc.consultation  # no instance yet: opening SQLite would create an empty file (and folder)
    if not inspect(svc.engine).has_table("text_revisions"):
        return svc.consultation
    with svc.session() as session:
        return guidance_text(session, svc.consultation)
