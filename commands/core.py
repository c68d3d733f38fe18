"""Serving and database commands."""
import click

from . import main


@main.command("init-db")
def init_db():
    """Create or upgrade the database schema (Alembic, every branch)."""
    from consultation.config import Settings
    from consultation.db import upgrade

    settings = Settings.from_env()
    upgrade(settings.database_url, settings.secret_key)
    click.echo(f"instance: {settings.instance}")
    click.echo(f"database ready: {settings.database_url.split('@')[-1]}")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", type=int, default=None,
              help="Worker processes (default: WEB_WORKERS, else one per CPU core).")
@click.option("--threads", default=None, type=int,
              help="Threads per worker process calling the app (default: WEB_THREADS, else 1).")
def serve(host, port, workers, threads):
    """Run the web service with Granian (a production HTTP server), one worker process per core."""
    from web import create_app
    from web.server import default_body_timeout, default_threads, default_workers, port_in_use
    from web.server import serve as run_server

    if port_in_use(host, port):
        raise click.ClickException(f"port {port} on {host} is already in use: stop the other service or "
                                   "choose another --port")
    workers = workers or default_workers()
    app = create_app(WEB_WORKERS=workers)  # in-memory rate limits are divided between the workers
    threads = threads or default_threads()
    click.echo(f"serving on http://{host}:{port} ({workers} workers x {threads} threads, "
               f"{default_body_timeout():g} s to send a request)")
    run_server(app, host=host, port=port, workers=workers, threads=threads)
