"""The clock against the fake Slack server: each digest once, through restarts, retries, a
second clock in another process, and the weeks the clocks change."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import clock as scheduler
from bot.delivery.clock import Clock, run_due_digests
from bot.delivery.outbox import DeliveryStats, Outbox
from bot.delivery.queue import enqueue
from bot.slack.transport import SlackTransport, make_web_client
from models.db import transaction
from models.tables import Delivery, Subscription
from models.tables.framework import Partnership, Team
from tests.fakes.slack_api import FakeSlack, fake_slack
from tests.paths import ROOT

LONDON = ZoneInfo("Europe/London")
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # reablement: "mon 09:00"
FRIDAY_8 = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)  # board: "fri 08:00"


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


class Builder:
    """A stand-in for the lead's composer: a small payload, and a count of builds."""

    def __init__(self, fail_for: str | None = None) -> None:
        self.built: list[tuple[str, str, date]] = []
        self.fail_for = fail_for

    def __call__(self, session: Session, subscription: Subscription, period: str,
                 local_date: date) -> dict[str, Any]:
        team = session.get_one(Team, subscription.team_id)
        self.built.append((team.key, period, local_date))
        if team.key == self.fail_for:
            raise RuntimeError(f"composer broke on {team.key}")
        return {"text": f"{team.name}: digest for {period}", "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{team.name}*"}}],
            "image": None}


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as fake:
        yield fake


def make_clock(sessions: sessionmaker[Session], slack: FakeSlack, build: Builder,
               **outbox_options: Any) -> Clock:
    transport = SlackTransport(make_web_client("xoxb-test", slack.url))
    outbox = Outbox(sessions, {"slack": transport}, **outbox_options)
    return Clock(sessions, outbox, build, timezone=LONDON)


def posted(slack: FakeSlack) -> list[tuple[str, str]]:
    return sorted((c.params["channel"], c.params["text"])
                  for c in slack.calls("chat.postMessage"))


def set_schedule(sessions: sessionmaker[Session], schedule: str, zone: str = "Europe/London",
                 ) -> None:
    with transaction(sessions) as session:
        session.execute(update(Team).values(digest_schedule=schedule))
        session.execute(update(Partnership).values(timezone=zone))


def test_each_team_gets_its_digest_once(loaded: sessionmaker[Session], slack: FakeSlack) -> None:
    build = Builder()
    clock = make_clock(loaded, slack, build)
    assert clock.tick(MONDAY_9 - timedelta(minutes=1)) == (0, DeliveryStats())
    assert clock.tick(MONDAY_9) == (1, DeliveryStats(sent=1))
    assert clock.tick(MONDAY_9 + timedelta(minutes=1)) == (0, DeliveryStats())
    assert clock.tick(FRIDAY_8) == (1, DeliveryStats(sent=1))
    assert posted(slack) == [
        ("C0BOARD", "Health and Wellbeing Board: digest for 2026-W48"),
        ("C0REABLE", "Reablement Team: digest for 2026-W48"),
    ]
    # Building is skipped once the digest is queued: later ticks that day cost one query.
    assert build.built == [("reablement", "2026-W48", date(2026, 11, 23)),
                           ("board", "2026-W48", date(2026, 11, 27))]
    # A restart: new objects, same database, same day.
    again = make_clock(loaded, slack, Builder())
    for minutes in (0, 5, 600):
        assert again.tick(MONDAY_9 + timedelta(minutes=minutes)) == (0, DeliveryStats())
    assert len(slack.calls("chat.postMessage")) == 2
    message = slack.calls("chat.postMessage")[0]
    assert message.json("metadata")["event_payload"]["delivery_id"] > 0


def test_next_week_is_a_new_digest(loaded: sessionmaker[Session], slack: FakeSlack) -> None:
    clock = make_clock(loaded, slack, Builder())
    clock.tick(MONDAY_9)
    clock.tick(MONDAY_9 + timedelta(days=7))
    with loaded() as session:
        assert session.scalars(select(Delivery.period).order_by(Delivery.id)).all() == [
            "2026-W48", "2026-W49"]


def test_a_day_late_is_skipped(loaded: sessionmaker[Session], slack: FakeSlack) -> None:
    clock = make_clock(loaded, slack, Builder())
    assert clock.tick(MONDAY_9 + timedelta(days=1)) == (0, DeliveryStats())
    assert clock.tick(MONDAY_9 + timedelta(hours=14, minutes=59)) == (1, DeliveryStats(sent=1))


def test_archived_teams_and_inactive_subscriptions_get_nothing(
    loaded: sessionmaker[Session], slack: FakeSlack,
) -> None:
    set_schedule(loaded, "mon 09:00")
    with transaction(loaded) as session:
        session.execute(update(Team).where(Team.key == "board").values(archived_at=MONDAY_9))
    clock = make_clock(loaded, slack, Builder())
    assert clock.tick(MONDAY_9)[0] == 1
    with transaction(loaded) as session:
        session.execute(update(Subscription).values(active=False))
    assert clock.tick(MONDAY_9 + timedelta(days=7))[0] == 0


def test_one_broken_digest_does_not_stop_the_others(
    loaded: sessionmaker[Session], slack: FakeSlack, caplog: pytest.LogCaptureFixture,
) -> None:
    set_schedule(loaded, "mon 09:00")
    build = Builder(fail_for="reablement")
    with caplog.at_level(logging.ERROR, logger="bot.delivery.clock"):
        assert run_due_digests(loaded, MONDAY_9, build) == 1
    assert [r.exc_info is not None for r in caplog.records] == [True]
    assert "composer broke on reablement" in caplog.text
    # The broken one is tried again on the next tick, and goes once it is fixed.
    build.fail_for = None
    assert run_due_digests(loaded, MONDAY_9 + timedelta(minutes=1), build) == 1
    assert run_due_digests(loaded, MONDAY_9 + timedelta(minutes=2), build) == 0


def test_a_bad_schedule_or_zone_is_logged_and_skipped(
    loaded: sessionmaker[Session], caplog: pytest.LogCaptureFixture,
) -> None:
    set_schedule(loaded, "mon 09:00", zone="Mars/Olympus")
    assert run_due_digests(loaded, MONDAY_9, Builder()) == 0
    assert "Mars/Olympus" in caplog.text


def test_sending_goes_on_when_finding_due_digests_breaks(
    loaded: sessionmaker[Session], slack: FakeSlack, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with transaction(loaded) as session:
        enqueue(session, dedupe_key="alert:99", platform="slack", target="C0ADMIN",
                kind="alert", payload={"text": "an earlier alert"})

    def broken(session: Session, now: datetime) -> list[Any]:
        raise RuntimeError("query broke")

    monkeypatch.setattr(scheduler, "due_digests", broken)
    clock = make_clock(loaded, slack, Builder())
    assert clock.tick(MONDAY_9) == (0, DeliveryStats(sent=1))
    assert "finding due digests failed" in caplog.text
    assert posted(slack) == [("C0ADMIN", "an earlier alert")]


def test_two_clocks_in_threads_build_both_but_enqueue_once(
    loaded: sessionmaker[Session],
) -> None:
    """Both pass the cheap check and build; the unique key lets only one enqueue, and the
    loser's transaction is rolled back."""
    set_schedule(loaded, "mon 09:00")
    barrier = threading.Barrier(2, timeout=30)

    class Racing(Builder):
        def __call__(self, session: Session, subscription: Subscription, period: str,
                     local_date: date) -> dict[str, Any]:
            payload = super().__call__(session, subscription, period, local_date)
            barrier.wait()  # both clocks are building the same digest now
            return payload

    builders = [Racing(), Racing()]
    counts: list[int] = []
    threads = [threading.Thread(target=lambda b=b: counts.append(
        run_due_digests(loaded, MONDAY_9, b))) for b in builders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [len(b.built) for b in builders] == [2, 2]
    assert sum(counts) == 2
    with loaded() as session:
        assert len(session.scalars(select(Delivery)).all()) == 2


def test_two_clock_processes_post_each_digest_once(
    loaded: sessionmaker[Session], database_url: str, slack: FakeSlack,
) -> None:
    set_schedule(loaded, "mon 09:00")
    with transaction(loaded) as session:
        team = session.scalars(select(Team).where(Team.key == "reablement")).one()
        for n in range(30):
            session.add(Subscription(team_id=team.id, platform="slack", channel_id=f"C{n:04d}",
                                     audience="frontline"))
    command = [sys.executable, "-m", "tests.bot.delivery.two_clocks", database_url,
               MONDAY_9.isoformat(), slack.url]
    clocks = [subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for _ in range(2)]
    try:
        for clock in clocks:  # the start barrier: both connected and waiting
            assert clock.stdout is not None
            assert clock.stdout.readline().strip() == "ready"
        for clock in clocks:
            assert clock.stdin is not None
            clock.stdin.write("go\n")
            clock.stdin.flush()
        results = []
        for clock in clocks:
            out, err = clock.communicate(timeout=120)
            assert clock.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for clock in clocks:
            if clock.poll() is None:
                clock.kill()
    assert sum(r["enqueued"] for r in results) == 32
    assert sum(r["sent"] for r in results) == 32
    channels = [c.params["channel"] for c in slack.calls("chat.postMessage")]
    assert len(channels) == len(set(channels)) == 32
    # And a third clock, later that day, finds nothing to do.
    assert make_clock(loaded, slack, Builder()).tick(MONDAY_9 + timedelta(hours=1)) == (
        0, DeliveryStats())
    assert len(slack.calls("chat.postMessage")) == 32


def test_slack_429s_and_500s_are_retried_and_nothing_is_lost(
    loaded: sessionmaker[Session], slack: FakeSlack,
) -> None:
    set_schedule(loaded, "mon 09:00")
    slack.fail_next("chat.postMessage", status=500)
    slack.fail_next("chat.postMessage", status=429, retry_after=120)
    clock = make_clock(loaded, slack, Builder(), base_delay=30)
    assert clock.tick(MONDAY_9) == (2, DeliveryStats(retrying=2))
    assert clock.tick(MONDAY_9 + timedelta(minutes=1)) == (0, DeliveryStats(sent=1))
    assert clock.tick(MONDAY_9 + timedelta(minutes=2)) == (0, DeliveryStats(sent=1))
    assert clock.tick(MONDAY_9 + timedelta(hours=1)) == (0, DeliveryStats())
    assert [m["text"] for m in slack.messages.values()] == [
        "Reablement Team: digest for 2026-W48", "Health and Wellbeing Board: digest for 2026-W48"]
    assert len(slack.calls("chat.postMessage")) == 4
    with loaded() as session:
        assert sorted(session.scalars(select(Delivery.attempts))) == [2, 2]


@pytest.mark.parametrize(
    ("schedule", "zone", "early", "on_time", "period"),
    [
        # spring forward: 01:30 does not exist, so 02:00 BST (01:00 UTC)
        ("sun 01:30", "Europe/London", (2026, 3, 29, 0, 59), (2026, 3, 29, 1, 0), "2026-W13"),
        ("mon 09:00", "Europe/London", (2026, 3, 30, 7, 59), (2026, 3, 30, 8, 0), "2026-W14"),
        # fall back: the first 01:30 (BST), 00:30 UTC
        ("sun 01:30", "Europe/London", (2026, 10, 25, 0, 29), (2026, 10, 25, 0, 30), "2026-W43"),
        ("mon 09:00", "Europe/London", (2026, 10, 26, 8, 59), (2026, 10, 26, 9, 0), "2026-W44"),
        # New York changes two weeks before London does
        ("mon 09:00", "America/New_York", (2026, 3, 9, 12, 59), (2026, 3, 9, 13, 0), "2026-W11"),
    ],
)
def test_dst_weeks_fire_at_the_right_local_time(
    loaded: sessionmaker[Session], slack: FakeSlack, schedule: str, zone: str,
    early: tuple[int, int, int, int, int], on_time: tuple[int, int, int, int, int], period: str,
) -> None:
    set_schedule(loaded, schedule, zone)
    clock = make_clock(loaded, slack, Builder())
    assert clock.tick(utc(*early)) == (0, DeliveryStats())
    assert clock.tick(utc(*on_time)) == (2, DeliveryStats(sent=2))
    # The repeated hour after fall-back is the same period: nothing more.
    assert clock.tick(utc(*on_time) + timedelta(hours=1)) == (0, DeliveryStats())
    with loaded() as session:
        assert set(session.scalars(select(Delivery.period))) == {period}


def test_clock_jobs_run_in_the_partnership_zone(
    loaded: sessionmaker[Session], slack: FakeSlack,
) -> None:
    outbox = Outbox(loaded, {})
    clock = Clock(loaded, outbox, Builder(), timezone=LONDON, nudge=lambda now: None,
                  late_data=lambda now: None)
    jobs = {job.id: job for job in clock.scheduler.get_jobs()}
    assert set(jobs) == {"tick", "nudge", "late_data"}
    assert (jobs["tick"].coalesce, jobs["tick"].max_instances,
            jobs["tick"].misfire_grace_time) == (True, 1, 120)
    nudge, late = jobs["nudge"].trigger, jobs["late_data"].trigger
    friday = datetime(2026, 3, 27, 12, 0, tzinfo=UTC)
    assert nudge.get_next_fire_time(None, friday) == datetime(2026, 3, 30, 8, 30, tzinfo=UTC)
    saturday = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    assert late.get_next_fire_time(None, saturday) == datetime(2026, 10, 25, 7, 0, tzinfo=UTC)
    assert late.get_next_fire_time(None, datetime(2026, 3, 28, 12, 0, tzinfo=UTC)) == datetime(
        2026, 3, 29, 6, 0, tzinfo=UTC)


def test_started_clock_ticks_at_once_and_shuts_down(
    loaded: sessionmaker[Session], slack: FakeSlack,
) -> None:
    ticked = threading.Event()

    class Watched(SlackTransport):
        def send(self, *args: Any) -> str:
            try:
                return super().send(*args)
            finally:
                ticked.set()

    outbox = Outbox(loaded, {"slack": Watched(make_web_client("xoxb-test", slack.url))})
    clock = Clock(loaded, outbox, Builder(), timezone=LONDON, now=lambda: MONDAY_9)
    clock.start()
    try:
        assert ticked.wait(30)
    finally:
        clock.shutdown()
    assert not clock.scheduler.running
    assert len(slack.calls("chat.postMessage")) == 1
