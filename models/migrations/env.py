"""Alembic environment: runs against the engine goldthread hands it (never a URL in a file)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from models.tables import Base

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):
    raise RuntimeError("run migrations through `goldthread init`, which supplies the engine")

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode changes a SQLite table by copying it and dropping the original; with
        # foreign keys on, that drop cascades and deletes every row pointing at the table (an
        # action's whole history). The pragma only works outside a transaction, so it comes
        # first, and it is checked and restored after.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                raise RuntimeError("the migration left rows pointing at rows that do not exist")
        connection.commit()
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
