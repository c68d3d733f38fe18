"""INSERT statements (and the SELECT of a repeated submission) compiled once by SQLAlchemy and sent on
the driver's own cursor.

Every submission, whatever its channel, makes three INSERTs. Through
Connection.execute each cost about 0.1 ms of Python on top of the database's
own work (an execution context, parameter processing, a result), which made
the write three to five times the cost of its rows and kept the feedback API
under its throughput target (bench/README.md, issue 2). On PostgreSQL each
statement was also a round trip of its own.

Nothing here is hand-written SQL: each statement is SQLAlchemy's, compiled from
the model's table for the engine's dialect, and every value goes through its
type's own bind processor (UTCDateTime included), as Connection.execute would
send it. Only the per-call machinery is skipped, inside the caller's
transaction. Statements sent together go in one pipeline where the driver has
one (psycopg): one round trip for all of them. Driver errors come back as
SQLAlchemy's exceptions (IntegrityError and the rest), so callers handle them
as before.

Binding (`bind_rows`) and sending (`insert_rows`) are two steps so that a caller
can bind before it takes SQLite's write lock, which every writer of the file
queues on: the lock then covers the database's own work only.
"""
from __future__ import annotations

import contextlib
import functools
import operator
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.dml import Insert
from sqlalchemy.types import TypeEngine


class PreparedInsert:
    def __init__(self, statement: Insert, names: Sequence[str], dialect: Dialect):
        """`names`: what each row gives: values for the table's columns, and for any other bound
        parameter the statement's own values use."""
        columns = [name for name in names if name in statement.table.c]
        # for_executemany: no implicit RETURNING of the new id, which nothing here reads.
        compiled = statement.compile(dialect=dialect, column_keys=columns, for_executemany=True)
        bound = tuple(compiled.positiontup) if compiled.positiontup else tuple(compiled.binds)
        unexpected = set(bound) - set(names)
        if unexpected:
            # A column with a Python-side default would get a parameter nobody fills: name it instead.
            raise ValueError(f"{statement.table.name}: give a value for {sorted(unexpected)}")
        self.sql = str(compiled)
        # qmark drivers (sqlite3) take tuples in the statement's order; named ones (psycopg) dicts.
        self._named = not compiled.positiontup
        self._order = bound
        self._values = operator.itemgetter(*bound)
        processors = ((i, _bind_processor(compiled.binds[name].type, dialect)) for i, name in enumerate(bound))
        self._processors = tuple((i, proc) for i, proc in processors if proc is not None)
        positions = [names.index(name) for name in bound]  # where each bound value is in a row given by `names`
        self._from_names = operator.itemgetter(*positions) if positions else None
        # values() given in the statement's own order, for a driver taking tuples: passed on as they are.
        self._as_given = not self._named and positions == list(range(len(names)))

    def parameters(self, row: Mapping, memo: dict):
        """The row's values as the driver takes them. `memo`, shared by the rows of one write, converts
        a value object given several times (a submission's one timestamp is in eight columns) once."""
        values = self._values(row)
        if len(self._order) == 1:
            values = (values,)
        if self._processors:
            values = list(values)
            for i, proc in self._processors:
                value = values[i]
                # By identity, not equality: equal datetimes in two time zones may bind differently. The
                # value is kept with its result, so its id cannot be reused while the memo lives.
                key = (proc, id(value))
                seen = memo.get(key)
                if seen is None:
                    seen = memo[key] = (value, proc(value))
                values[i] = seen[1]
        return dict(zip(self._order, values)) if self._named else tuple(values)

    def values(self, *values):
        """One row's values, given in the order of the statement's `names`, as the driver takes them, for a
        statement none of whose values has a bind processor (integers and strings): a row bound this way
        needs neither a dict nor `parameters` (the repeat guard's claim, once per submission)."""
        if self._processors:
            raise TypeError("values() binds no processor: use parameters()")
        if self._as_given:
            return values
        ordered = self._from_names(values)
        if len(self._order) == 1:
            ordered = (ordered,)
        return dict(zip(self._order, ordered)) if self._named else ordered


_processors: dict = {}


def _bind_processor(type_: TypeEngine, dialect: Dialect):
    """One processor per kind of type and dialect, shared by every column and statement of that kind, so
    that the memo in `parameters` converts a value given to several of them (a submission's timestamp, in
    five columns of three tables) once. Types of one class and one repr are configured alike."""
    key = (type(type_), repr(type_), dialect)
    if key not in _processors:
        _processors[key] = type_.dialect_impl(dialect).bind_processor(dialect)
    return _processors[key]


@functools.cache
def prepared(statement: Insert, names: tuple[str, ...], dialect: Dialect) -> PreparedInsert:
    """One PreparedInsert per statement and dialect for the life of the process."""
    return PreparedInsert(statement, names, dialect)


Bound = list[tuple[PreparedInsert, list]]


def bind_rows(batches: Iterable[tuple[PreparedInsert, Iterable[Mapping]]]) -> Bound:
    """Each statement with its rows' values through their types' bind processors, ready to send."""
    memo: dict = {}
    return [(stmt, [stmt.parameters(row, memo) for row in rows]) for stmt, rows in batches]


def insert_rows(conn: Connection, work: Bound, *, claim: bool = False, claim_alone: bool = False) -> bool:
    """Send each statement's bound rows with the driver's executemany, in order, in one pipeline if it has one.

    `claim`: the first statement is one row whose row count decides (an UPSERT that changes nothing when
    the write must not happen, consultation/intake/repeats.py, or on PostgreSQL the submission's INSERT
    holding it as a CTE, storage/submission.py); answers False when it changed no row. In a
    pipeline the rest are sent with it, in the same round trip, and the caller rolls back on False; without
    one, or with `claim_alone` (a transaction the caller cannot roll back), the rest are sent only after
    it claimed its row, so that nothing is written on False."""
    pipeline = getattr(conn.connection.dbapi_connection, "pipeline", None)
    claimed = None
    with driver_cursor(conn) as (cursor, sent):
        if claim and (pipeline is None or claim_alone):  # the claim, and the rest only if it changed a row
            (stmt, (params,)), work = work[0], work[1:]
            sent[:] = [stmt.sql, params]
            cursor.execute(stmt.sql, params)
            if cursor.rowcount == 0:
                return False
            claim = False
        if pipeline is None:
            for stmt, params in work:
                sent[:] = [stmt.sql, params]
                if params:
                    cursor.executemany(stmt.sql, params)
            return True
        sent[:] = [";\n".join(stmt.sql for stmt, _ in work), None]  # the error arrives when the pipeline syncs
        try:
            with pipeline():
                if claim:  # a cursor of its own, whose row count the others' results do not overwrite
                    (stmt, (params,)), work = work[0], work[1:]
                    claimed = _claim_cursor(conn)
                    claimed.execute(stmt.sql, params)
                for stmt, params in work:
                    if params:
                        cursor.executemany(stmt.sql, params)
        except BaseException:
            if claimed is not None:  # a cursor in an unknown state is not kept
                conn.connection.info.pop(_CLAIM_CURSOR, None)
                claimed.close()
            raise
        return claimed is None or claimed.rowcount != 0


_CLAIM_CURSOR = "consult.claim_cursor"


def _claim_cursor(conn: Connection):
    """The claim's own cursor, kept with the driver's connection (SQLAlchemy's per-connection `info`, cleared
    when the connection is replaced): created and closed per submission, it cost about a third of the
    claim's client CPU on PostgreSQL (bench/limits_cost.py, bench/README.md)."""
    info = conn.connection.info
    dbapi_conn = conn.connection.dbapi_connection
    cursor = info.get(_CLAIM_CURSOR)
    if cursor is None or cursor.closed or cursor.connection is not dbapi_conn:
        cursor = info[_CLAIM_CURSOR] = dbapi_conn.cursor()
    return cursor


@contextlib.contextmanager
def driver_cursor(conn: Connection):
    """The driver's cursor on the connection's transaction, closed afterwards; `sent` is a list the caller
    keeps as [sql, parameters] of what it sends, for the error. A driver error is handled as
    Connection.execute handles it: a lost connection is invalidated (the pool replaces it), and the error
    is raised as SQLAlchemy's exception of the same kind (IntegrityError and the rest)."""
    dbapi_conn = conn.connection.dbapi_connection
    dialect = conn.dialect
    dbapi = dialect.loaded_dbapi
    cursor = conn.connection.cursor()
    sent = [None, None]
    try:
        yield cursor, sent
    except dbapi.Error as exc:
        lost = dialect.is_disconnect(exc, dbapi_conn, cursor)
        if lost:
            conn.invalidate(exc)
        raise DBAPIError.instance(sent[0], sent[1], exc, dbapi.Error, connection_invalidated=lost,
                                  dialect=dialect) from exc
    finally:
        cursor.close()


class PreparedSelect:
    """A SELECT compiled once, read on the driver's cursor: the same saving as PreparedInsert for a
    query run per submission (the identical-repeat rule's, consultation/intake/repeats.py)."""

    def __init__(self, statement, dialect: Dialect):
        compiled = statement.compile(dialect=dialect)
        binds = {name: bind for bind, name in compiled.bind_names.items()}  # by the name the SQL uses
        bound = tuple(compiled.positiontup) if compiled.positiontup else tuple(binds)
        self.sql = str(compiled)
        self._named = not compiled.positiontup
        self._order = bound
        self._keys = tuple(binds[name].key for name in bound)  # what the caller names them
        self._processors = tuple(_bind_processor(binds[name].type, dialect) for name in bound)
        # A bound value the statement carries itself (a LIMIT, a literal argument) unless the call gives one.
        self._defaults = tuple(binds[name].value for name in bound)

    def first(self, conn: Connection, **values) -> tuple | None:
        """The first row as the driver returns it (a plain tuple, no result processing: for columns the
        driver already returns as Python wants them, such as strings), or None."""
        params = [value if proc is None else proc(value)
                  for proc, value in zip(self._processors, (values.get(key, default)
                                                           for key, default in zip(self._keys, self._defaults)))]
        with driver_cursor(conn) as (cursor, sent):
            sent[:] = [self.sql, params]
            cursor.execute(self.sql, dict(zip(self._order, params)) if self._named else params)
            return cursor.fetchone()


@functools.cache
def prepared_select(statement, dialect: Dialect) -> PreparedSelect:
    """One PreparedSelect per statement and dialect for the life of the process."""
    return PreparedSelect(statement, dialect)
