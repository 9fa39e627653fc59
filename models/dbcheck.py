"""Short waits and a write probe, for the few database touches that must not hang.

The engine waits up to 30 seconds for another writer (SQLite's busy timeout), which is right
for storing an idea while an import finishes, and wrong for a health check that a load balancer
times out after a few seconds, or for recording that an event was seen. `short_lock_wait`
narrows the wait on one connection for one block; `cannot_write` asks whether a write would
succeed now, without leaving anything behind.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError


@contextmanager
def short_lock_wait(connection: Connection, seconds: float) -> Iterator[None]:
    """Inside the block, wait at most `seconds` (never longer than the connection would
    anyway) for a lock held by someone else.

    SQLite: the connection's busy timeout, put back afterwards (the connection returns to the
    pool). PostgreSQL: `lock_timeout` and `statement_timeout` for the current transaction only.
    """
    milliseconds = max(int(seconds * 1000), 1)
    dialect = connection.dialect.name
    if dialect == "sqlite":
        before = int(connection.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0)
        if before:
            milliseconds = min(milliseconds, before)
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {milliseconds}")
        try:
            yield
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {before}")
        return
    if dialect == "postgresql":
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {milliseconds}")
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {milliseconds * 2}")
    yield


def cannot_write(engine: Engine, seconds: float = 1.0) -> str | None:
    """None when the database takes a write now; else the first line of why not.

    The probe rewrites the schema version to itself and rolls back, so nothing lasting is
    written: no row, no commit, no journal entry.
    """
    try:
        with engine.connect() as connection:
            transaction = connection.begin()
            try:
                with short_lock_wait(connection, seconds):
                    connection.execute(text(
                        "UPDATE alembic_version SET version_num = version_num"))
            finally:
                transaction.rollback()
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        return f"{type(error).__name__}: {reason[0] if reason else ''}"[:200]
    return None
