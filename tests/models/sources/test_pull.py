"""Pulling an indicator's SQL source from a second real database (SQLite file, PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from models.db import transaction
from models.sources.pull import PullResult, environment, pull
from models.sources.reader import SourceError, read_only_engine, read_source
from models.tables import Indicator, Measurement, MeasurementRevision, SourceRun
from tests.fakes.warehouse import QUERY, URL_ENV, ae_attendances, give_source, source_count

TODAY = date(2026, 11, 27)


def pull_now(sessions: sessionmaker[Session], env: dict[str, str], **options: object
             ) -> PullResult:
    with transaction(sessions) as session:
        indicator = session.scalars(select(Indicator).where(Indicator.key == "home-91")).one()
        result = pull(session, indicator, environment(env), today=TODAY,
                      **options)  # type: ignore[arg-type]
        if result.tell is not None:
            result.run.told = True  # as the pull job does once the message is queued
        return result


def stored(sessions: sessionmaker[Session]) -> dict[date, tuple[float, str | None]]:
    with sessions() as session:
        return {m.period: (m.value, m.source) for m in session.scalars(select(Measurement))}


def test_the_source_is_pulled_with_history(
    loaded: sessionmaker[Session], source_url: str
) -> None:
    give_source(loaded)
    first = pull_now(loaded, {URL_ENV: source_url})
    assert first.ok, first.run.error
    assert (first.run.inserted, first.run.updated) == (36, 0)
    rows = stored(loaded)
    assert len(rows) == 36 and {s for _, s in rows.values()} == {"sql"}
    # April 2016 at RF4: 18,788 attendances, 4,082 over four hours.
    assert rows[date(2016, 4, 1)][0] == pytest.approx(78.3)
    assert first.tell is None  # working from the start is not news
    again = pull_now(loaded, {URL_ENV: source_url})
    assert (again.run.inserted, again.run.updated, again.run.unchanged) == (0, 0, 36)
    # The trust revises a month: the new figure comes in, the old one is kept.
    engine = create_engine(source_url)
    with engine.begin() as connection:
        connection.execute(update(ae_attendances).where(
            ae_attendances.c.org_code == "RF4", ae_attendances.c.type == "1",
            ae_attendances.c.period == date(2016, 4, 1)).values(breaches=3982))
    engine.dispose()
    revised = pull_now(loaded, {URL_ENV: source_url})
    assert revised.run.updated == 1
    with loaded() as session:
        (old,) = session.scalars(select(MeasurementRevision)).all()
    assert (old.value, old.source, old.replaced_by_source) == (pytest.approx(78.3), "sql", "sql")
    assert stored(loaded)[date(2016, 4, 1)][0] == pytest.approx(78.8)


@pytest.mark.parametrize("query", [
    "DELETE FROM ae_attendances",
    "SELECT period, attendances AS value FROM ae_attendances; DELETE FROM ae_attendances",
    "WITH gone AS (DELETE FROM ae_attendances RETURNING period, attendances) "
    "SELECT period, attendances AS value FROM gone",
    "SELECT period, attendances AS value INTO copy_of_ae FROM ae_attendances",
    "SELECT period, attendances AS value FROM ae_attendances FOR UPDATE",
    "SELECT pg_terminate_backend(pid) AS value, now() AS period FROM pg_stat_activity",
])
def test_a_query_that_is_not_one_select_is_refused_before_it_runs(
    loaded: sessionmaker[Session], source_url: str, query: str
) -> None:
    give_source(loaded, query=query)
    before = source_count(source_url)
    result = pull_now(loaded, {URL_ENV: source_url})
    assert not result.ok and result.run.kind == "refused"
    assert result.run.error is not None and "refused before it ran" in result.run.error
    assert source_count(source_url) == before
    assert stored(loaded) == {}
    # "Before it runs": it is refused even where no database could answer.
    unreachable = pull_now(loaded, {URL_ENV: "postgresql+psycopg://x@127.0.0.1:9/none"})
    assert unreachable.run.kind == "refused"


def test_the_connection_itself_cannot_write(source_url: str) -> None:
    """The second wall, should a write ever get past the parser."""
    before = source_count(source_url)
    engine = read_only_engine(source_url)
    with engine.connect() as connection, pytest.raises(Exception, match=r"read-?only"):
        connection.execute(text("DELETE FROM ae_attendances"))
        connection.commit()
    engine.dispose()
    assert source_count(source_url) == before


def test_a_query_that_runs_too_long_is_stopped(source_url: str) -> None:
    endless = ("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
               "SELECT x AS period, x AS value FROM n WHERE x < 0")
    with pytest.raises(SourceError) as stopped:
        read_source(source_url, endless, timeout=0.5)
    assert stopped.value.kind == "timeout"


def test_a_failing_source_is_told_once(loaded: sessionmaker[Session], source_url: str) -> None:
    give_source(loaded)
    unset = pull_now(loaded, {})
    assert unset.run.kind == "setting" and unset.tell is not None and not unset.tell.recovered
    assert "AE_WAREHOUSE_URL is not set" in (unset.run.error or "")
    assert pull_now(loaded, {}).tell is None  # the same failure tomorrow: not again
    refused = pull_now(loaded, {URL_ENV: "postgresql+psycopg://reader:pw@127.0.0.1:9/x"})
    assert refused.run.kind == "connection" and refused.tell is not None  # a new failure
    assert "pw" not in (refused.run.error or "").replace("psycopg", "")
    assert pull_now(loaded, {URL_ENV: "postgresql+psycopg://reader:pw@127.0.0.1:9/x"}
                    ).tell is None
    recovered = pull_now(loaded, {URL_ENV: source_url})
    assert recovered.ok and recovered.tell is not None and recovered.tell.recovered
    assert pull_now(loaded, {URL_ENV: source_url}).tell is None
    with loaded() as session:
        runs = session.scalars(select(SourceRun).order_by(SourceRun.id)).all()
    assert [(r.ok, r.kind, r.told) for r in runs] == [
        (False, "setting", True), (False, "setting", False), (False, "connection", True),
        (False, "connection", False), (True, None, True), (True, None, False)]


def test_bad_rows_import_nothing_and_say_which(
    loaded: sessionmaker[Session], source_url: str
) -> None:
    """The importer's rules apply to a source's rows: here, a fraction where a percentage
    belongs, as a spreadsheet-minded view might return it."""
    fractions = QUERY.replace("round(100.0 *", "round(1.0 *").replace(", 1)", ", 3)")
    give_source(loaded, query=fractions)
    result = pull_now(loaded, {URL_ENV: source_url})
    assert result.run.kind == "rows" and result.run.rejected == 36
    assert "36 of 36 rows are bad, so nothing was imported: row 1: value 0.783 does not match " \
           "14706/18788, which is 78.3%: did you mean 78.3%?" in (result.run.error or "")
    assert stored(loaded) == {}


def test_a_url_file_is_read_like_a_secret(
    loaded: sessionmaker[Session], source_url: str, tmp_path: Path
) -> None:
    secret = tmp_path / "ae-url"
    secret.write_text(source_url + "\n", encoding="utf-8")
    give_source(loaded)
    assert pull_now(loaded, {f"{URL_ENV}_FILE": str(secret)}).ok
