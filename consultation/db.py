"""Engine and session set-up shared by every process.

SQLite is the embedded default (WAL, so readers never block the writer);
DATABASE_URL selects PostgreSQL. Schema changes go through Alembic only.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from pathlib import Path

from sqlalchemy import DateTime, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from .config import make_instance
from .storage import sqlite

MIGRATIONS = Path(__file__).parent / "migrations"
# PostgreSQL's integer, the ids' column type on both databases: an id, a version or a page number from a request
# is checked against it where it enters (web/params.py, intake/office.py), never left to overflow in SQL.
DB_INT_MAX = 2**31 - 1
log = logging.getLogger(__name__)


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class Base(DeclarativeBase):
    pass


def normalise_url(url: str) -> str:
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite database URL; None for PostgreSQL and in-memory or URI databases."""
    from sqlalchemy.engine import make_url

    url = normalise_url(url)
    database = make_url(url).database if url.startswith("sqlite") else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def dump_json(value) -> str:
    """A JSON column's value as stored: UTF-8 text rather than \\uXXXX escapes, so a Chinese character or a
    zero-width space takes 3 bytes, not 6 (attack round 5, N5: a form draft of 100,000 such characters was
    stored as 577 KB). Text with a lone surrogate, which UTF-8 cannot carry, keeps the escapes. Both
    databases read either form (SQLite TEXT, PostgreSQL json in a UTF8 database)."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value)
    return text


def make_engine(url: str, **kwargs) -> Engine:
    url = normalise_url(url)
    kwargs.setdefault("json_serializer", dump_json)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)
        sqlite.configure(engine)
    else:
        if "poolclass" not in kwargs:
            kwargs.setdefault("pool_size", 10)
            kwargs.setdefault("max_overflow", 20)
        engine = create_engine(url, pool_pre_ping=True, **kwargs)
    _watch_reach(engine)
    return engine


class Unreachable(sa_exc.OperationalError):
    """No connection to the database could be made: refused (the server down, a closed port), turned away
    ("too many clients", a role's CONNECTION LIMIT) or timed out. Raised in place of the driver's error as
    SQLAlchemy wraps it, so that what answers the user can tell it from a statement that failed: the web
    answers 503 with Retry-After (web/outage.py), not 500."""


def unreachable(error: BaseException) -> bool:
    """Whether `error` says the database cannot be reached now, rather than that a statement was wrong: no
    connection could be made, an open one was lost, or every connection of the pool stayed in use for the
    pool's whole timeout."""
    if isinstance(error, (Unreachable, sa_exc.TimeoutError)):
        return True
    return isinstance(error, sa_exc.DBAPIError) and bool(error.connection_invalidated)


def _watch_reach(engine: Engine) -> None:
    """Connection failures raised as Unreachable, and logged once per outage: the first failure is an
    error in the log, the rest are not logged until a new connection succeeds (logged as the end). A failed
    pre-ping is no outage: the pool replaces that connection, and only if that fails is it one."""
    down = [False]

    @event.listens_for(engine, "handle_error")
    def _failed(ctx):
        if ctx.is_pre_ping:
            return None
        if ctx.connection is None or ctx.is_disconnect:
            if not down[0]:
                down[0] = True
                log.error("database unreachable (%s): %s", engine.url.render_as_string(hide_password=True),
                          ctx.original_exception)
        if ctx.connection is None and ctx.sqlalchemy_exception is not None:  # while connecting
            return Unreachable(None, None, ctx.original_exception)
        return None

    @event.listens_for(engine, "connect")
    def _connected(dbapi_connection, record):
        if down[0]:
            down[0] = False
            log.warning("database reachable again (%s)", engine.url.render_as_string(hide_password=True))


def write_lock(bind: Session | Engine):
    """Hold around a write transaction (its first write to its commit) on SQLite; a no-op on PostgreSQL,
    whose row locks need no help. Re-entrant, so a caller may hold it around code that holds it again."""
    engine = bind.get_bind() if isinstance(bind, Session) else bind
    if engine.dialect.name != "sqlite":
        return contextlib.nullcontext()
    return sqlite.writers_for(engine).hold()


@contextlib.contextmanager
def reading(bind: Session | Engine):
    """The caller's Session, or a short one on the engine: for the few reads of code that a stateless
    request hands only the engine (it spares such a request a Session it would not otherwise use)."""
    if isinstance(bind, Session):
        yield bind
        return
    with Session(bind, expire_on_commit=False) as session:
        yield session


def make_sessionmaker(engine: Engine, info: dict | None = None) -> sessionmaker:
    """`info` is copied into each session's `session.info` (the office's TOTP secrets read the SECRET_KEY there)."""
    return sessionmaker(engine, expire_on_commit=False, info=info)


def alembic_config(url: str, secret_key: str | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.attributes["secret_key"] = secret_key  # for migrations that seal data with it (0213)
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


def upgrade(url: str, secret_key: str | None = None) -> None:
    """Bring the schema to every head (each area keeps its own branch). `secret_key`: the app's
    SECRET_KEY, for migrations that seal stored data with it; without it they read it from the environment."""
    from alembic import command

    database = sqlite_file(url)
    if database is not None:
        make_instance(database.parent)  # the default database lives in the instance folder
    with migration_lock(url):
        command.upgrade(alembic_config(url, secret_key), "heads")


MIGRATION_LOCK_ID = 20251118  # the PostgreSQL advisory lock key held while migrating


@contextlib.contextmanager
def migration_lock(url: str):
    """One migrating process at a time per database.

    Processes that start together on a new database (two hosts behind a balancer, `consult serve` beside
    `consult worker`) would otherwise both create the same tables, and the later one die on "table already
    exists": alembic's steps are not one transaction (SQLite runs DDL outside one). The second waits here,
    then finds the schema at its heads and does nothing. PostgreSQL: a session advisory lock; SQLite: an
    flock(2) on a file beside the database (SQLite serves one host)."""
    from sqlalchemy.pool import NullPool

    url = normalise_url(url)
    if url.startswith("postgresql"):
        engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK_ID})")
                try:
                    yield
                finally:
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_ID})")
        finally:
            engine.dispose()
        return
    database = sqlite_file(url)
    if database is None or sqlite.fcntl is None:
        yield
        return
    with open(f"{database}-migrate.lock", "a") as handle:
        sqlite.fcntl.flock(handle, sqlite.fcntl.LOCK_EX)
        try:
            yield
        finally:
            sqlite.fcntl.flock(handle, sqlite.fcntl.LOCK_UN)


@contextlib.contextmanager
def scratch_database(kind: str, folder: Path, pg_url: str = "postgresql://127.0.0.1/test", prefix: str = "scratch"):
    """A throw-away database for one test session or benchmark run; dropped afterwards.

    kind "sqlite" gives a file in `folder`; "postgres" creates a fresh database next to `pg_url`.
    """
    if kind == "sqlite":
        yield f"sqlite:///{Path(folder) / f'{prefix}.db'}"
        return
    import uuid

    from sqlalchemy import text

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    base = normalise_url(pg_url)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
