"""Declarative base, naming conventions and column types shared by every table."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Named constraints make Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_day(zone: str | ZoneInfo, at: datetime | None = None) -> date:
    """The partnership's local date at `at` (aware; default now): the one way goldthread
    turns a moment into "today", because due dates, reminders and digests go by the local day
    (a message at 00:30 BST on Monday is Monday's, though it is still Sunday in UTC)."""
    tz = zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone)
    return (at or utcnow()).astimezone(tz).date()


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored as naive UTC and always returned time-zone aware.

    SQLite has no time zone type; storing UTC everywhere and converting to the partnership's zone
    only when speaking to people is what keeps DST weeks honest.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; attach a time zone first")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)
