"""GET /healthz fails when the database cannot be *written* (a bot that can only read loses
every idea it is sent), answers within seconds whatever the database does, and writes nothing
that lasts (issue 8, item 3)."""

from __future__ import annotations

import http.client
import json
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from bot.app import AppContext
from bot.http import GoldthreadASGI
from digests.digest.maker import DigestMaker
from models.db import make_engine, session_factory
from tests.bot.slack.conftest import Bot, Server, running, settings_for
from tests.bot.slack.databases import down_url, make_read_only, write_locked
from tests.fakes.slack_api import FakeSlack


def get(url: str, path: str = "/healthz") -> tuple[int, dict[str, str], float]:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        body = json.loads(response.read() or b"{}")
        return response.status, body, time.perf_counter() - started
    finally:
        connection.close()


def snapshot(engine: Engine) -> dict[str, object]:
    """Every table's rows (and, for SQLite, the files' bytes): what a probe must not change."""
    with engine.connect() as connection:
        rows: dict[str, object] = {
            table: connection.execute(text(f'SELECT * FROM "{table}"')).all()
            for table in inspect(connection).get_table_names()}
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database:
        for suffix in ("", "-wal"):
            found = Path(database + suffix)
            rows[f"file{suffix}"] = found.read_bytes() if found.exists() else None
    return rows


def test_healthy_database_answers_200_and_the_probe_leaves_nothing(small_bot: Bot) -> None:
    before = snapshot(small_bot.app.engine)
    for _ in range(3):
        status, body, _ = get(small_bot.url)
        assert status == 200 and body == {"status": "ok", "database": "ok", "slack": "http"}
    assert snapshot(small_bot.app.engine) == before


def test_read_only_database_fails_the_health_check(small_bot: Bot,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    make_read_only(small_bot.app.engine)
    for _ in range(5):
        status, body, _ = get(small_bot.url)
        assert status == 503 and body == {"status": "error", "database": "cannot write"}
    told = [r for r in caplog.records if r.name == "bot.http"]
    assert len(told) == 1, "one line when health changes, not one per probe"
    assert told[0].levelno == logging.WARNING and "Traceback" not in told[0].getMessage()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_locked_database_fails_the_health_check_quickly(small_bot: Bot) -> None:
    """The engine keeps its 30-second busy timeout; the probe does not wait for it."""
    with write_locked(small_bot.app.engine):
        status, body, seconds = get(small_bot.url)
    assert status == 503 and body["database"] == "cannot write"
    assert seconds < 3.0
    assert get(small_bot.url)[0] == 200  # and recovers once the lock is gone


@pytest.fixture
def down_server(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[str]:
    url = down_url(database_url, tmp_path)
    settings = settings_for(fake, url, tmp_path)
    engine = make_engine(url)
    app = AppContext(settings, engine, session_factory(engine), DigestMaker())
    with running(fake, app) as bot:
        yield bot.url
    engine.dispose()


def test_database_down_fails_the_health_check_quickly(down_server: str) -> None:
    status, body, seconds = get(down_server)
    assert status == 503 and body["database"] == "cannot write"
    assert seconds < 3.0


def test_health_check_answers_in_time_even_if_the_database_hangs(fake: FakeSlack,
                                                                 tmp_path: Path) -> None:
    """A database that accepts the connection and then says nothing (a half-dead server, a
    dropped network path) costs the balancer three seconds, not its whole timeout."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    url = f"postgresql+psycopg://goldthread@127.0.0.1:{silent.getsockname()[1]}/goldthread"
    engine = make_engine(url)
    app = AppContext(settings_for(fake, url, tmp_path), engine, session_factory(engine),
                     DigestMaker())
    try:
        with Server(GoldthreadASGI(app)) as server:
            status, body, seconds = get(server.url)
    finally:
        silent.close()  # the probe's connection gives up once the socket is gone
        engine.dispose()
    assert status == 503 and body["database"] == "not answering"
    assert seconds < 4.0


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_postgres_table_lock_fails_the_health_check_quickly(small_bot: Bot) -> None:
    with small_bot.app.engine.connect() as holder:
        holder.execute(text("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE"))
        status, body, seconds = get(small_bot.url)
        holder.rollback()
    assert status == 503 and body["database"] == "cannot write" and seconds < 3.0
