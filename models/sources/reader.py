"""Run one checked SELECT against a partner's database, read-only, within a time limit.

Two walls, so that a source can never change the database it reads: the query is parsed and
refused unless it is one plain SELECT (`query.check_query`), and the connection is read-only
where the database offers it: PostgreSQL runs it in a `READ ONLY` transaction (and every
transaction of the session defaults to read-only); SQLite opens the file with `mode=ro` and
sets `PRAGMA query_only`. A statement timeout stops a query that would run for ever
(`statement_timeout` on PostgreSQL, a progress handler that interrupts SQLite). Other databases
are refused: goldthread cannot promise either wall there.

Errors come back as SourceError with a kind and a sentence fit to show the owner: never the
URL's password, never a traceback.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from models.sources.query import QueryRefused, check_query
from models.text_safety import show

TIMEOUT_SECONDS = 60.0
CONNECT_SECONDS = 10
MAX_ROWS = 100_000
# SQLite checks the deadline every this many virtual-machine steps (about a millisecond).
_SQLITE_STEPS = 10_000


class SourceError(Exception):
    """A pull that could not be done. `kind`: setting | refused | connection | timeout | query
    | rows. The message is safe to store and show."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class Rows:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def read_source(url: str, query: str, *, timeout: float = TIMEOUT_SECONDS,
                max_rows: int = MAX_ROWS) -> Rows:
    """The query's rows, read-only, or SourceError. The query is checked before any
    connection is made."""
    try:
        checked = check_query(query)
    except QueryRefused as refused:
        raise SourceError("refused", f"the query was refused before it ran: {refused}") \
            from None
    engine = read_only_engine(url, timeout)
    password = engine.url.password
    try:
        try:
            connection = engine.connect()
        except SQLAlchemyError as error:
            where = _redact(engine.url.render_as_string(hide_password=True), password)
            raise SourceError("connection", f"cannot connect to {where}: "
                              f"{_redact(_first_line(_cause(error)), password)}") from None
        with connection:
            try:
                if engine.dialect.name == "postgresql":
                    connection.exec_driver_sql("SET TRANSACTION READ ONLY")
                    connection.exec_driver_sql(
                        f"SET LOCAL statement_timeout = {max(1, int(timeout * 1000))}")
                result = connection.execute(text(checked))
                columns = [str(c).strip().lower() for c in result.keys()]  # noqa: SIM118
                rows = [tuple(r) for r in result.fetchmany(max_rows + 1)]
                connection.rollback()
            except SQLAlchemyError as error:
                raise _explain(error, password) from None
    finally:
        engine.dispose()
    if len(rows) > max_rows:
        raise SourceError("rows", f"the query returned more than {max_rows:,} rows; select "
                                  "only the periods and columns goldthread needs")
    return Rows(columns, rows)


def read_only_engine(url: str, timeout: float = TIMEOUT_SECONDS) -> Engine:
    """An engine whose connections cannot write (see the module docstring)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise SourceError("setting", "the URL in the environment variable is not a database "
                                     "URL (like postgresql+psycopg://reader@host/db)") from None
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            return _sqlite(parsed, timeout)
        if backend == "postgresql":
            return create_engine(parsed, poolclass=NullPool, hide_parameters=True, connect_args={
                "connect_timeout": CONNECT_SECONDS,
                # Every transaction of this session is read-only unless set otherwise, and
                # the query's own is set READ ONLY too: belt and braces.
                "options": "-c default_transaction_read_only=on"})
    except NoSuchModuleError:
        raise SourceError("setting", f"{parsed.drivername} needs a driver that is not "
                                     "installed") from None
    except ImportError as missing:
        raise SourceError("setting", f"{parsed.drivername} needs the {missing.name} driver, "
                                     "which is not installed") from None
    raise SourceError("setting", "goldthread can keep a SQL source read-only only on "
                                 f"PostgreSQL or SQLite (this URL is {backend})")


def _sqlite(parsed: URL, timeout: float) -> Engine:
    """The file opened read-only (never created), queries refused writes, a deadline."""
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        raise SourceError("setting", "a SQLite source must be a file path, like "
                                     "sqlite:////data/reablement.db")
    path = Path(database).resolve()
    if not path.is_file():
        raise SourceError("connection", f"there is no SQLite file at {path}")
    readonly = parsed.set(database=f"file:{path.as_uri()[len('file://'):]}?mode=ro",
                          query={"uri": "true"})
    engine = create_engine(readonly, poolclass=NullPool, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _read_only(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")
        deadline = time.monotonic() + timeout
        dbapi_connection.set_progress_handler(lambda: int(time.monotonic() > deadline),
                                              _SQLITE_STEPS)

    return engine


def _explain(error: SQLAlchemyError, password: str | None) -> SourceError:
    """What went wrong with a query that had a connection: too slow, a write, or the SQL."""
    original = _cause(error)
    state = getattr(getattr(original, "diag", None), "sqlstate", None) or \
        getattr(original, "sqlstate", None)
    detail = _redact(_first_line(original), password)
    flat = detail.lower().replace("-", "").replace(" ", "")
    if state == "57014" or "interrupted" in flat:
        return SourceError("timeout", "the query took too long and was stopped; make it "
                                      "faster, or select fewer rows")
    if state == "25006" or "readonly" in flat:
        return SourceError("refused", f"the database refused a write: {detail}")
    return SourceError("query", f"the database could not run the query: {detail}")


def _cause(error: SQLAlchemyError) -> object:
    return error.orig if isinstance(error, DBAPIError) and error.orig is not None else error


def _first_line(error: object) -> str:
    return show(str(error).strip().splitlines()[0] if str(error).strip() else
                type(error).__name__, 300)


def _redact(message: str, password: str | None) -> str:
    return message.replace(password, "***") if password else message
