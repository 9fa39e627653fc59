"""Shared fixtures: a fresh database per test, on SQLite and (when available) PostgreSQL.

CI starts a real PostgreSQL server and sets GOLDTHREAD_TEST_POSTGRES_URL; there, a missing server
is a failure, not a skip, so a broken CI set-up cannot pass silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.app import AppContext
from bot.config import Settings
from handlers.request import HandlerContext
from models.db import make_engine, session_factory, transaction, upgrade
from models.framework import load_framework
from tests.fakes.platforms import CHAT
from tests.fakes.postgres import throwaway_database

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="session")
def reading_ease() -> Iterator[Callable[[str], float]]:
    """textstat's Flesch reading ease, working offline.

    textstat looks syllables up in NLTK's CMU dictionary and downloads it on first use; with no
    copy installed and no network (CI), that fails, so we fall back to its Pyphen syllable count.
    """
    import nltk
    import textstat
    import textstat.backend.counts._count_syllables as counts

    with pytest.MonkeyPatch.context() as patch:
        try:
            nltk.data.find("corpora/cmudict")
        except LookupError:
            patch.setattr(counts, "get_cmudict", lambda _lang: None)
        yield textstat.flesch_reading_ease


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo partnership prepared once, as `goldthread run --demo` does, for reading."""
    from bot.demo import prepare_demo

    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.db"
    app = AppContext.create(Settings(database_url=f"sqlite:///{path}"), migrate=True)
    prepare_demo(app, TODAY, folder)
    app.close()
    return path


@pytest.fixture
def demo_app(demo_database: Path, tmp_path: Path) -> Iterator[AppContext]:
    """A private copy of the demo database, free to write to."""
    import shutil

    copy = tmp_path / "demo.db"
    shutil.copy(demo_database, copy)
    app = AppContext.create(Settings(database_url=f"sqlite:///{copy}",
                                     chart_dir=tmp_path / "charts"))
    yield app
    app.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    with throwaway_database("gt_") as url:
        yield url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


@pytest.fixture
def framework_text() -> str:
    return (FIXTURES / "framework_good.toml").read_text(encoding="utf-8")


@pytest.fixture
def loaded(sessions: sessionmaker[Session], framework_text: str) -> sessionmaker[Session]:
    """A database with the small test framework loaded."""
    with transaction(sessions) as session:
        load_framework(session, framework_text, chat_platforms=CHAT)
    return sessions


@pytest.fixture
def ctx(loaded: sessionmaker[Session]) -> HandlerContext:
    return HandlerContext(
        sessions=loaded,
        now=lambda: datetime(2026, 11, 27, 10, 0, tzinfo=UTC),
        today=lambda: TODAY,
    )
