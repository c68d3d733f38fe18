"""Serving and database commands."""
import click

from . import main


@main.command("init-db")
def init_db():
    """Create or upgrade the database schema (Alembic, every branch)."""
    from consultation.config import Settings
    from consultation.db import upgrade

    settings = Settings.from_env()
    upgrade(settings.database_url)
    click.echo(f"database ready: {settings.database_url.split('@')[-1]}")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=16, show_default=True, type=int)
def serve(host, port, threads):
    """Run the web service with waitress (a production WSGI server)."""
    from waitress import serve as waitress_serve

    from web import create_app

    app = create_app()
    click.echo(f"serving on http://{host}:{port}")
    waitress_serve(app, host=host, port=port, threads=threads, ident="consult")
