"""Count how often indicators are used: one row per indicator, day and kind, added to atomically
so that two processes counting at once never lose a count (or collide on the unique key)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy.orm import Session

from models.db import conflict_insert
from models.tables import IndicatorUsage

KINDS = ("asked", "shown")


def count_usage(session: Session, indicator_ids: Iterable[int], day: date, kind: str) -> None:
    """Add one to each indicator's count of `kind` ("asked" or "shown") for `day`."""
    if kind not in KINDS:
        raise ValueError(f"usage kind must be one of {', '.join(KINDS)}")
    rows = [{"indicator_id": i, "day": day, "kind": kind, "count": 1}
            for i in sorted(set(indicator_ids))]
    if not rows:
        return
    insert = conflict_insert(session, IndicatorUsage)
    if insert is None:
        raise RuntimeError("counting usage needs SQLite or PostgreSQL (INSERT ... ON CONFLICT)")
    statement = insert.values(rows)
    session.execute(statement.on_conflict_do_update(
        index_elements=["indicator_id", "day", "kind"],
        set_={"count": IndicatorUsage.count + 1}))
