"""Migrations and models agree, and the schema can go down and up again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session, sessionmaker

from models.db import alembic_config, is_initialised
from models.tables import Base


def test_head_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_and_back(engine: Engine) -> None:
    config = alembic_config(engine)
    command.downgrade(config, "base")
    assert not inspect(engine).has_table("indicator")
    command.upgrade(config, "head")
    assert inspect(engine).has_table("indicator") and is_initialised(engine)


def test_sqlite_uses_wal(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
        keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
    assert (mode, keys) == ("wal", 1)


def test_upgrade_keeps_one_account_per_person_and_platform(
    loaded: sessionmaker[Session], engine: Engine
) -> None:
    """The old email matching could link a second Slack account to a person; 0003 keeps the
    oldest and makes the database refuse another."""
    from sqlalchemy import text

    config = alembic_config(engine)
    command.downgrade(config, "0002")
    with engine.begin() as connection:
        amina = connection.execute(text("SELECT id FROM person WHERE key = 'amina'")).scalar()
        connection.execute(text(
            "INSERT INTO chat_identity (person_id, platform, external_id) VALUES "
            "(:p, 'slack', 'U0SECOND'), (:p, 'teams', '29:amina')"), {"p": amina})
    command.upgrade(config, "head")
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT external_id, platform, source FROM chat_identity WHERE person_id = :p "
            "ORDER BY platform"), {"p": amina}).all()
    assert [tuple(r) for r in rows] == [("U0AMINA", "slack", "file"),
                                        ("29:amina", "teams", "file")]
