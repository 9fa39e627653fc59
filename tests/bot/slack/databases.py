"""A database in trouble, as the bot meets it in production: locked, read-only or down.

- locked: another connection holds SQLite's write lock (`BEGIN IMMEDIATE`), as a long import
  does; readers still read (WAL), writers wait for the busy timeout and then fail;
- read-only: SQLite's `PRAGMA query_only` on every connection (the tests run as root, for whom
  `chmod 0444` stops nothing), PostgreSQL's `default_transaction_read_only`;
- down: an engine for a database that is not there (a closed port, a missing directory).

Each works on the real engine the bot uses; nothing in the bot is replaced.
"""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url


def sqlite_path(engine: Engine) -> str:
    database = engine.url.database
    assert engine.dialect.name == "sqlite" and database, "a SQLite file is needed here"
    return database


@contextmanager
def write_locked(engine: Engine) -> Iterator[None]:
    """Hold SQLite's write lock from another connection for the length of the block."""
    if engine.dialect.name != "sqlite":
        pytest.skip("a held write lock is a SQLite condition")
    holder = sqlite3.connect(sqlite_path(engine), isolation_level=None, timeout=5)
    try:
        holder.execute("BEGIN IMMEDIATE")
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def short_busy_timeout(engine: Engine, milliseconds: int = 300) -> None:
    """Let writers give up on a lock after `milliseconds`, not 30 s, so a test need not wait."""

    def shorten(connection: Any, _record: Any) -> None:
        connection.execute(f"PRAGMA busy_timeout = {milliseconds}")

    event.listen(engine, "connect", shorten)
    engine.dispose()


def make_read_only(engine: Engine) -> None:
    """Every new connection of `engine` may read and may not write."""
    if engine.dialect.name == "sqlite":
        def query_only(connection: Any, _record: Any) -> None:
            connection.execute("PRAGMA query_only = ON")

        event.listen(engine, "connect", query_only)
    else:
        name = engine.url.database
        admin = create_engine(engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(
                f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
        admin.dispose()
    engine.dispose()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def down_url(database_url: str, tmp_path: Any) -> str:
    """A URL of the same kind as `database_url` for a database that is not there."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'no' / 'such' / 'folder' / 'goldthread.db'}"
    url = make_url(database_url).set(host="127.0.0.1", port=closed_port())
    return url.render_as_string(hide_password=False)
