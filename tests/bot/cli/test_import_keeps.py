"""`goldthread import` keeps the new figures' analysis, so the next `goldthread ask` about
them starts without pandas (issue 9); a dry run or a benchmark file keeps nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from bot.cli import main
from digests.digest.maker import DigestMaker
from digests.indicators.kept import from_json
from handlers.indicators import spec_for, status_of
from handlers.request import HandlerContext
from models import queries
from models.db import make_engine, session_factory
from models.status_store import StatusStore
from models.tables import Indicator, KeptStatus
from tests.handlers.conftest import monthly
from tests.paths import FIXTURES


def run(args: list[str], url: str) -> Result:
    return CliRunner().invoke(main, args, env={"GOLDTHREAD_DATABASE_URL": url,
                                               "GOLDTHREAD_CONFIG": ""})


@pytest.fixture
def loaded(database_url: str, tmp_path: Path) -> tuple[str, Path]:
    assert run(["init"], database_url).exit_code == 0
    framework = run(["framework", "load", str(FIXTURES / "framework_good.toml")], database_url)
    assert framework.exit_code == 0, framework.output
    lines = ["indicator,period,value"] + [
        f"home-91,{p.isoformat()},{80 + (k % 5) * 0.7:.1f}"
        for k, p in enumerate(monthly(30, date(2026, 10, 1)))]
    data = tmp_path / "home.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return database_url, data


def kept_rows(url: str) -> dict[str, str]:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            rows = session.execute(select(Indicator.key, KeptStatus.body).join(
                KeptStatus, KeptStatus.indicator_id == Indicator.id))
            return {key: body for key, body in rows}
    finally:
        engine.dispose()


def test_an_import_keeps_what_the_next_question_needs(
        loaded: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    url, data = loaded
    imported = run(["import", str(data)], url)
    assert imported.exit_code == 0, imported.output
    assert "30 inserted" in imported.stdout
    assert "Analysed and kept:" in imported.stderr
    kept = kept_rows(url)
    assert "home-91" in kept
    # what was kept is what a question finds: no series is read to answer it
    engine = make_engine(url)
    try:
        sessions = session_factory(engine)
        ctx = HandlerContext(sessions=sessions, now=lambda: datetime(2026, 11, 27, tzinfo=UTC),
                             today=lambda: date(2026, 11, 27),
                             digests=DigestMaker(status_shelf=StatusStore(sessions)))

        def no_series(*_args: object) -> None:
            raise AssertionError("the series was read although the import kept its status")

        monkeypatch.setattr(queries, "measurements", no_series)
        with sessions() as session:
            indicator = session.scalars(select(Indicator).where(
                Indicator.key == "home-91")).one()
            status = status_of(ctx, session, indicator)
            assert status.result is None and status.latest_period == date(2026, 10, 1)
            assert from_json(spec_for(ctx, indicator), kept["home-91"]) is not None
    finally:
        engine.dispose()


def test_a_dry_run_or_an_unchanged_file_keeps_nothing_new(loaded: tuple[str, Path]) -> None:
    url, data = loaded
    dry = run(["import", "--dry-run", str(data)], url)
    assert dry.exit_code == 0, dry.output
    assert "Analysed" not in dry.stderr and kept_rows(url) == {}
    assert run(["import", str(data)], url).exit_code == 0
    again = run(["import", str(data)], url)
    assert again.exit_code == 0 and "0 inserted" in again.stdout
    assert "Analysed" not in again.stderr
