"""SQL sources on the clock: pulled on schedule from a second real database, the owner told of
a failure once (and of the recovery once), through the outbox and the fake Slack."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import AppContext
from bot.cli import main
from bot.config import Settings
from bot.delivery.clock import Clock
from bot.delivery.jobs import DigestBuilder
from bot.delivery.outbox import Outbox
from bot.delivery.pull_job import is_due, pull_sources
from bot.services import make_clock
from bot.slack.transport import SlackTransport, make_web_client
from digests.digest.maker import DigestMaker
from models.db import transaction
from models.sources.pull import environment
from models.status_store import StatusStore
from models.tables import Delivery, Indicator, KeptStatus, Measurement, SourceRun
from tests.fakes.platforms import PLATFORMS, SLACK
from tests.fakes.slack_api import FakeSlack, fake_slack
from tests.fakes.warehouse import URL_ENV, give_source, source_url

__all__ = ["source_url"]  # the fixture, used by name below

LONDON = ZoneInfo("Europe/London")
NOWHERE = PLATFORMS.only([])  # no platform can send: nobody can be told
MORNING = datetime(2026, 11, 27, 6, 30, tzinfo=UTC)  # 06:30 in London in November


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as fake:
        yield fake


def runs(sessions: sessionmaker[Session]) -> list[SourceRun]:
    with sessions() as session:
        return list(session.scalars(select(SourceRun).order_by(SourceRun.id)))


def measurements(sessions: sessionmaker[Session]) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Measurement)) or 0)


def test_the_clock_pulls_the_source_at_the_time_set(
    loaded: sessionmaker[Session], source_url: str
) -> None:
    give_source(loaded)
    env = environment({URL_ENV: source_url})
    done: list[object] = []

    def pull(now: datetime) -> object:
        done.append(pull_sources(loaded, now, NOWHERE, env))
        return done[-1]

    clock = Clock(loaded, Outbox(loaded, {}), DigestBuilder(DigestMaker(), PLATFORMS),
                  timezone=LONDON, pull=pull, pull_at="06:30", now=lambda: MORNING)
    job = {j.id: j for j in clock.scheduler.get_jobs()}["pull"]
    assert job.trigger.get_next_fire_time(None, datetime(2026, 11, 26, 12, tzinfo=UTC)) == \
        MORNING
    # In summer 06:30 in London is 05:30 UTC.
    assert job.trigger.get_next_fire_time(None, datetime(2026, 7, 1, 12, tzinfo=UTC)) == \
        datetime(2026, 7, 2, 5, 30, tzinfo=UTC)
    job.func(*job.args)  # what APScheduler runs at 06:30
    assert measurements(loaded) == 36
    assert [(r.ok, r.inserted) for r in runs(loaded)] == [(True, 36)]


def test_the_services_clock_pulls_at_sources_pull_at_with_the_url_from_the_environment(
    loaded: sessionmaker[Session], source_url: str, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clock `goldthread clock` runs: its pull job at the configured time, reading the URL
    from the process environment."""
    give_source(loaded)
    monkeypatch.setenv(URL_ENV, source_url)
    engine = loaded.kw["bind"]
    app = AppContext(Settings(database_url=str(engine.url), chart_dir=tmp_path / "charts",
                              sources_pull_at="05:45", sources_timeout=5),
                     engine, loaded, DigestMaker(status_shelf=StatusStore(loaded)))
    job = {j.id: j for j in make_clock(app, Outbox(loaded, {})).scheduler.get_jobs()}["pull"]
    assert job.trigger.get_next_fire_time(None, datetime(2026, 11, 26, 12, tzinfo=UTC)) == \
        datetime(2026, 11, 27, 5, 45, tzinfo=UTC)
    job.func(*job.args)
    assert [(r.ok, r.inserted) for r in runs(loaded)] == [(True, 36)]
    # and the pulled figures are analysed and kept, ready for the next question
    with loaded() as session:
        kept = session.scalars(select(Indicator.key).join(
            KeptStatus, KeptStatus.indicator_id == Indicator.id)).all()
    assert "home-91" in kept


def test_a_source_is_pulled_once_a_period_and_daily_while_awaited(
    loaded: sessionmaker[Session], source_url: str
) -> None:
    give_source(loaded)
    env = environment({URL_ENV: source_url})
    pull_sources(loaded, MORNING, NOWHERE, env)
    pull_sources(loaded, MORNING + timedelta(hours=3), NOWHERE, env)  # same day: not again
    assert len(runs(loaded)) == 1
    # The extract stops in 2019: the figure for October 2026 is awaited, so it tries daily.
    pull_sources(loaded, MORNING + timedelta(days=1), NOWHERE, env)
    assert len(runs(loaded)) == 2
    with transaction(loaded) as session:  # now October has come in
        home = session.scalars(select(Indicator).where(Indicator.key == "home-91")).one()
        session.execute(insert(Measurement), [{"indicator_id": home.id,
                                               "period": date(2026, 10, 1), "value": 80.0}])
    with loaded() as session:
        home = session.scalars(select(Indicator).where(Indicator.key == "home-91")).one()
        assert not is_due(session, home, date(2026, 11, 29), LONDON)  # current: wait
        assert is_due(session, home, date(2026, 12, 1), LONDON)  # a new month


def test_a_failing_source_is_told_once_and_its_recovery_once(
    loaded: sessionmaker[Session], source_url: str, slack: FakeSlack
) -> None:
    give_source(loaded)
    outbox = Outbox(loaded, {"slack": SlackTransport(make_web_client("xoxb-test", slack.url))})
    broken = environment({URL_ENV: "postgresql+psycopg://reader:pw@127.0.0.1:9/warehouse"})
    day = MORNING
    for _ in range(3):  # the same failure three mornings running
        pull_sources(loaded, day, SLACK, broken)
        outbox.deliver_due(day)
        day += timedelta(days=1)
    (told,) = slack.calls("chat.postMessage")
    assert told.params["channel"] == "D0AMINA"
    words = json.dumps(told.json("blocks"))
    assert "The data source for Still at home 91 days after reablement is not working" in words
    assert "cannot connect to postgresql+psycopg://reader:***@127.0.0.1:9/warehouse" in words
    assert "pw@" not in words
    assert [(r.ok, r.kind, r.told) for r in runs(loaded)] == [
        (False, "connection", True), (False, "connection", False),
        (False, "connection", False)]
    unset = pull_sources(loaded, day, SLACK, environment({}))  # a new failure
    outbox.deliver_due(day)
    assert len(unset.queued) == 1 and len(slack.calls("chat.postMessage")) == 2
    fixed = environment({URL_ENV: source_url})
    pull_sources(loaded, day + timedelta(days=1), SLACK, fixed)
    pull_sources(loaded, day + timedelta(days=2), SLACK, fixed)
    outbox.deliver_due(day + timedelta(days=2))
    posted = slack.calls("chat.postMessage")
    assert len(posted) == 3
    assert "works again" in json.dumps(posted[-1].json("blocks"))
    with loaded() as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == 3


def cli(database_url: str, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["pull", *args], env={
        "GOLDTHREAD_DATABASE_URL": database_url, "GOLDTHREAD_CONFIG": "", **(env or {})})


def test_goldthread_pull_reports_and_exits_1_on_failure(
    loaded: sessionmaker[Session], database_url: str, source_url: str
) -> None:
    give_source(loaded)
    worked = cli(database_url, env={URL_ENV: source_url})
    assert worked.exit_code == 0, worked.output
    assert "Pulling home-91…" in worked.stderr
    assert "Analysed and kept:" in worked.stderr  # the new figures, ready for questions
    assert worked.stdout.splitlines() == [
        "home-91: 36 inserted, 0 updated, 0 unchanged.",
        "1 source(s) pulled: 1 worked, 0 failed; 0 owner(s) told."]
    failed = cli(database_url, "--indicator", "home-91", env={URL_ENV: ""})
    assert failed.exit_code == 1
    assert "home-91: failed (setting): the environment variable AE_WAREHOUSE_URL is not set" \
        in failed.stderr
    assert "Analysed" not in failed.stderr  # nothing new to analyse
    assert failed.stdout.splitlines() == [
        "1 source(s) pulled: 0 worked, 1 failed; 0 owner(s) told; 1 person could not be "
        "reached: Amina Shah (no chat platform is set up here, so nobody can be sent anything)."]
    unknown = cli(database_url, "--indicator", "delayed-discharges")
    assert unknown.exit_code == 1 and "no SQL source for indicator" in unknown.output
