"""Engines, sessions and schema upgrades.

Any SQLAlchemy URL works; SQLite gets WAL and foreign keys because the bot, the scheduler and a
CLI import may all touch one file at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.dialects import postgresql, sqlite

MIGRATIONS = Path(__file__).with_name("migrations")


LOCK_TIMEOUT_MS = 30_000  # as long as SQLite's busy_timeout below


def make_engine(url: str, *, lock_timeout_ms: int = LOCK_TIMEOUT_MS, **kwargs: Any) -> Engine:
    """An engine with the connection settings each backend needs."""
    # hide_parameters: an error's message must not carry the values (an idea's words, perhaps
    # an anonymous one) into the log next to its reference.
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True,
                               **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.startswith("postgresql"):
        # A row or table lock held elsewhere must not make a save hang for ever: like SQLite's
        # busy_timeout, give up after a while, so the person is told it was not saved.
        connect_args = {"options": f"-c lock_timeout={lock_timeout_ms}",
                        **kwargs.pop("connect_args", {})}
        return create_engine(url, pool_pre_ping=True, hide_parameters=True,
                             connect_args=connect_args, **kwargs)
    return create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    if not _is_memory(dbapi_connection):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={LOCK_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _is_memory(dbapi_connection: Any) -> bool:
    cursor = dbapi_connection.cursor()
    try:
        rows = cursor.execute("PRAGMA database_list").fetchall()
        return any(row[2] == "" for row in rows)
    finally:
        cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def conflict_insert(session: Session,
                    table: Any) -> sqlite.Insert | postgresql.Insert | None:
    """An INSERT that can say ON CONFLICT, for the databases that have one (SQLite and
    PostgreSQL), else None: the caller then uses a SAVEPOINT. The dialect's module is imported
    here, at the first write, because importing PostgreSQL's costs a command that only reads
    (`goldthread ask` on SQLite, say) a tenth of its start-up."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(table)
    return None


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with factory() as session, session.begin():
        yield session


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (what `goldthread init` does)."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def is_initialised(engine: Engine) -> bool:
    return inspect(engine).has_table("alembic_version")
