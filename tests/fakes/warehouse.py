"""A second, real database to pull from: NHS England's A&E extract (OGL v3.0) as a table, in
a SQLite file of its own or a PostgreSQL database of its own on the test server.

The rows are one trust's (RF4, 108 rows) from `../shared/data/ae_attendances.csv`, kept in
tests/fixtures so that a clone anywhere (CI's included) has them."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import (
    Column,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    insert,
    select,
)
from sqlalchemy.orm import Session, sessionmaker

from models.db import transaction
from models.tables import Indicator
from tests.fakes.postgres import throwaway_database
from tests.paths import FIXTURES

AE_CSV = FIXTURES / "ae_attendances_rf4.csv"
URL_ENV = "AE_WAREHOUSE_URL"
# Four-hour performance of one trust's major A&E, per month: a realistic indicator query.
QUERY = """
    SELECT period,
           round(100.0 * (attendances - breaches) / attendances, 1) AS value,
           attendances - breaches AS numerator,
           attendances AS denominator
    FROM ae_attendances
    WHERE org_code = 'RF4' AND type = '1'
    ORDER BY period
"""

metadata = MetaData()
ae_attendances = Table(
    "ae_attendances", metadata,
    Column("period", Date, nullable=False),
    Column("org_code", String(10), nullable=False),
    Column("type", String(10), nullable=False),
    Column("attendances", Integer, nullable=False),
    Column("breaches", Integer, nullable=False),
    Column("admissions", Integer, nullable=False),
)


def ae_rows() -> list[dict[str, object]]:
    with AE_CSV.open(encoding="utf-8", newline="") as handle:
        return [{"period": date.fromisoformat(r["period"]), "org_code": r["org_code"],
                 "type": r["type"], "attendances": int(r["attendances"]),
                 "breaches": int(r["breaches"]), "admissions": int(r["admissions"])}
                for r in csv.DictReader(handle)]


@pytest.fixture(params=["sqlite", "postgresql"])
def source_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a second database holding the A&E extract."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'warehouse.db'}"
        fill(url)
        yield url
        return
    with throwaway_database("gt_src_") as url:
        fill(url)
        yield url


def fill(url: str) -> None:
    engine = create_engine(url)
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(ae_attendances), ae_rows())
    engine.dispose()


def source_count(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        found = len(connection.execute(select(ae_attendances.c.period)).all())
    engine.dispose()
    return found


def give_source(sessions: sessionmaker[Session], key: str = "home-91",
                query: str = QUERY) -> None:
    with transaction(sessions) as session:
        indicator = session.scalars(select(Indicator).where(Indicator.key == key)).one()
        indicator.source_url_env, indicator.source_query = URL_ENV, query
