"""Engines give up waiting for a lock, on PostgreSQL as on SQLite, so a save fails (and the
person is told it was not saved) instead of hanging while another transaction holds a lock."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from models.db import make_engine


def test_a_held_lock_makes_a_write_fail_in_time(engine: Engine, database_url: str) -> None:
    waiting = make_engine(database_url, lock_timeout_ms=500)
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite's busy_timeout is the same setting, tested with the Slack app")
    try:
        with engine.connect() as holder:
            holder.execute(text("LOCK TABLE partnership IN ACCESS EXCLUSIVE MODE"))
            started = time.monotonic()
            with pytest.raises(OperationalError, match="lock timeout"), waiting.begin() as other:
                other.execute(text("UPDATE partnership SET name = name"))
            assert time.monotonic() - started < 10
            holder.rollback()
    finally:
        waiting.dispose()
