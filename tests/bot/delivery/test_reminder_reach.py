"""Reminders and requests for late figures: who could not be reached is counted and named.

`goldthread nudge` says it; the clock's daily jobs log it at WARNING once per person per day;
and both queue only for the platforms their outbox can actually send to.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import AppContext
from bot.cli import main
from bot.config import Settings
from bot.delivery.outbox import Outbox
from bot.services import make_clock
from bot.slack.transport import SlackTransport, make_web_client
from digests.digest.maker import DigestMaker
from models.db import transaction
from models.framework import load_framework
from models.tables import Delivery
from tests.fakes.platforms import CHAT
from tests.fakes.slack_api import FakeSlack, fake_slack

# Dan is in the framework file with no Slack id and has never used goldthread in chat. He owns
# an action due on Tuesday 1 December and a weekly measure with no figures yet.
DAN = """
[[people]]
id = "dan"
name = "Dan Hill"
email = "dan.hill@riverside.example"
role = "staff"
partner = "council"
teams = ["reablement"]

[[indicators]]
id = "leaflets"
name = "People given the reablement leaflet"
objective = "reablement"
kind = "process"
unit = "count"
improvement = "increase"
frequency = "week"
owner = "dan"
teams = ["reablement"]

[[accountabilities]]
id = "leaflet"
action = "Print the new reablement leaflet"
owner = "dan"
objective = "reablement"
due = 2026-12-01
status = "open"
"""
DAN_UNREACHED = ("1 person could not be reached: Dan Hill (no Slack id in the framework "
                 "file and never seen in chat)")
FRIDAY = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)  # extra-slots and leaflet "coming up"
WEDNESDAY = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)  # both "date passed"


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as fake:
        yield fake


@pytest.fixture
def with_dan(sessions: sessionmaker[Session], framework_text: str) -> sessionmaker[Session]:
    with transaction(sessions) as session:
        load_framework(session, framework_text + DAN, chat_platforms=CHAT)
    return sessions


def nudge(database_url: str, slack: FakeSlack, day: str = "2026-11-27") -> Result:
    env = {"GOLDTHREAD_DATABASE_URL": database_url, "GOLDTHREAD_CONFIG": "",
           "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.url}
    return CliRunner().invoke(main, ["nudge", "--as-of", day], env=env)


def test_nudge_counts_and_names_who_it_could_not_reach(with_dan: sessionmaker[Session],
                                                       database_url: str,
                                                       slack: FakeSlack) -> None:
    result = nudge(database_url, slack)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"1 reminder(s) queued; {DAN_UNREACHED}.",  # Amina's; Dan's has nowhere to go
        f"2 request(s) for late figures queued; {DAN_UNREACHED}.",  # Amina's two measures
        "Of those: 3 sent, 0 pending, 0 failed.",
    ]
    with with_dan() as session:
        assert sorted(session.scalars(select(Delivery.target))) == ["U0AMINA"] * 3


def test_nudge_reports_a_failed_reminder_and_exits_1(with_dan: sessionmaker[Session],
                                                     database_url: str,
                                                     slack: FakeSlack) -> None:
    slack.fail_next("conversations.open", error="user_not_found")
    result = nudge(database_url, slack)
    assert result.exit_code == 1
    assert "Of those: 2 sent, 0 pending, 1 failed." in result.stdout
    with with_dan() as session:
        failed = session.scalars(select(Delivery).where(Delivery.status == "failed")).one()
    assert f"goldthread outbox requeue {failed.id}" in result.stderr
    assert "user_not_found" in result.stderr


def app_for(engine: Engine, sessions: sessionmaker[Session], tmp_path: Path) -> AppContext:
    return AppContext(Settings(database_url=str(engine.url), chart_dir=tmp_path / "charts"),
                      engine, sessions, DigestMaker())


def jobs(app: AppContext, outbox: Outbox) -> tuple[Callable[[datetime], object],
                                                   Callable[[datetime], object]]:
    """The clock's own nudge and late-data jobs, as APScheduler would call them."""
    clock = make_clock(app, outbox)
    found = {job.id: job.args[0] for job in clock.scheduler.get_jobs() if job.args}
    return found["nudge"], found["late_data"]


def test_the_clock_warns_once_per_person_per_day(engine: Engine,
                                                 with_dan: sessionmaker[Session],
                                                 slack: FakeSlack, tmp_path: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    transport = SlackTransport(make_web_client("xoxb-test", slack.url))
    nudge_job, late_job = jobs(app_for(engine, with_dan, tmp_path),
                               Outbox(with_dan, {"slack": transport}))

    def warnings() -> list[str]:
        return [r.getMessage() for r in caplog.records
                if r.levelno == logging.WARNING and "Dan Hill" in r.getMessage()]

    with caplog.at_level(logging.DEBUG):
        nudge_job(FRIDAY)
        late_job(FRIDAY)
        nudge_job(FRIDAY)  # run again the same day (a restart, or the CLI): no new warning
        assert len(warnings()) == 1
        assert "no Slack id in the framework file and never seen in chat" in warnings()[0]
        nudge_job(WEDNESDAY)
        assert len(warnings()) == 2


def test_the_clocks_reminders_use_the_platforms_it_can_send_to(
        engine: Engine, with_dan: sessionmaker[Session], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    """An outbox with no transport queues nothing: a row nobody can send only goes stale."""
    nudge_job, late_job = jobs(app_for(engine, with_dan, tmp_path), Outbox(with_dan, {}))
    with caplog.at_level(logging.WARNING):
        nudge_job(FRIDAY)
        late_job(FRIDAY)
    with with_dan() as session:
        assert session.scalars(select(Delivery)).all() == []
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "Amina Shah could not be reached (no chat platform is set up here" in said
    assert "Dan Hill could not be reached" in said
