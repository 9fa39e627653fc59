"""A throwaway PostgreSQL database on the test server, for a fixture to yield and drop.

CI sets GOLDTHREAD_TEST_POSTGRES_URL and must test against PostgreSQL, so there a missing server
is a failure; elsewhere the PostgreSQL half of a test is skipped."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "GOLDTHREAD_TEST_POSTGRES_URL"


@contextmanager
def throwaway_database(prefix: str = "gt_") -> Iterator[str]:
    """The URL of a new, empty database named `prefix` + random hex, dropped afterwards."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set; CI must test against PostgreSQL")
        pytest.skip(f"set {POSTGRES_ENV} to also run against PostgreSQL")
    name = f"{prefix}{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
