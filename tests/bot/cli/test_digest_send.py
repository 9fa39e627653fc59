"""`goldthread digest send` says what really happened to each of the team's digests.

The real command (click's CliRunner) with the real outbox and Slack client, talking to the fake
Slack over HTTP, which answers ok, `channel_not_found` (permanent) or 429 (transient) as told.
"""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from bot.delivery.queue import enqueue
from models.db import transaction
from models.tables import Delivery, Subscription, Team
from tests.fakes.slack_api import FakeSlack, fake_slack

WEEK = "2026-W48"  # the week of --as-of 2026-11-27
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as fake:
        yield fake


@pytest.fixture
def two_channels(loaded: sessionmaker[Session]) -> sessionmaker[Session]:
    """Reablement's digest goes to its own channel and, for managers, to a second one."""
    with transaction(loaded) as session:
        team = session.scalars(select(Team).where(Team.key == "reablement")).one()
        session.add(Subscription(team_id=team.id, platform="slack", channel_id="C0MANAGERS",
                                 audience="manager"))
    return loaded


def send(database_url: str, slack: FakeSlack, team: str = "reablement") -> Result:
    env = {"GOLDTHREAD_DATABASE_URL": database_url, "GOLDTHREAD_CONFIG": "",
           "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_API_URL": slack.url}
    return CliRunner().invoke(main, ["digest", "send", "--team", team, "--as-of",
                                     "2026-11-27"], env=env)


def lines(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.strip()]


def row_for(sessions: sessionmaker[Session], channel: str) -> Delivery:
    with sessions() as session:
        return session.scalars(select(Delivery).where(Delivery.kind == "digest",
                                                      Delivery.target == channel)).one()


def test_each_channel_sent_or_failed_with_its_reason(two_channels: sessionmaker[Session],
                                                     database_url: str,
                                                     slack: FakeSlack) -> None:
    slack.fail_next("chat.postMessage", error="channel_not_found")  # the first channel's post
    result = send(database_url, slack)
    assert result.exit_code == 1, result.output
    failed, sent = row_for(two_channels, "C0REABLE"), row_for(two_channels, "C0MANAGERS")
    assert (failed.status, sent.status) == ("failed", "sent")
    assert lines(result) == [
        "slack C0REABLE: failed: slack chat.postMessage: channel_not_found (HTTP 200)",
        f"slack C0MANAGERS: sent ({sent.platform_message_id})",
    ]
    assert f"goldthread outbox requeue {failed.id}" in result.stderr
    assert "outbox:" not in result.output  # no totals that count other rows

    again = send(database_url, slack)  # the week's digests are in the outbox: nothing rebuilt
    assert again.exit_code == 1
    assert lines(again) == [
        f"slack C0REABLE: queued earlier for {WEEK}, failed: slack chat.postMessage: "
        "channel_not_found (HTTP 200)",
        f"slack C0MANAGERS: already sent for {WEEK} ({sent.platform_message_id})",
    ]
    posted = [c.params["channel"] for c in slack.calls("chat.postMessage")]
    assert sorted(posted) == ["C0MANAGERS", "C0REABLE"]  # nothing sent twice


def test_a_rate_limit_is_pending_with_when_and_why(two_channels: sessionmaker[Session],
                                                   database_url: str,
                                                   slack: FakeSlack) -> None:
    slack.fail_next("chat.postMessage", status=429, retry_after=120)
    result = send(database_url, slack)
    assert result.exit_code == 0, result.output  # nothing failed: the outbox will retry
    waiting = row_for(two_channels, "C0REABLE")
    assert waiting.status == "pending" and waiting.next_attempt_at is not None
    at = waiting.next_attempt_at.astimezone(LONDON)
    assert lines(result) == [
        f"slack C0REABLE: pending: will retry at {at:%H:%M} (slack chat.postMessage: "
        "ratelimited (HTTP 429))",
        # Slack asked us to wait, so the outbox leaves the second one for the next pass
        "slack C0MANAGERS: pending: waiting to be sent (the clock sends it within a minute)",
    ]


def test_all_sent_exits_zero_and_a_second_run_says_already_sent(
        loaded: sessionmaker[Session], database_url: str, slack: FakeSlack) -> None:
    with transaction(loaded) as session:  # someone else's message, which will fail when sent
        enqueue(session, dedupe_key="nudge:99:2026-11-27", platform="slack", target="U0BEN",
                kind="dm", payload={"text": "A reminder", "image": {"sha256": "gone"}})
    first = send(database_url, slack)
    assert first.exit_code == 0, first.output  # that failure is not this command's
    with loaded() as session:
        others = session.scalars(select(Delivery.status).where(Delivery.target == "U0BEN"))
        assert others.all() == ["failed"]
    ts = row_for(loaded, "C0REABLE").platform_message_id
    assert ts and lines(first) == [f"slack C0REABLE: sent ({ts})"]
    second = send(database_url, slack)
    assert second.exit_code == 0
    assert lines(second) == [f"slack C0REABLE: already sent for {WEEK} ({ts})"]
    assert len(slack.calls("chat.postMessage")) == 1


def test_a_channel_on_a_platform_it_cannot_send_to_is_not_sent_and_says_so(
        loaded: sessionmaker[Session], database_url: str, slack: FakeSlack) -> None:
    with transaction(loaded) as session:
        team = session.scalars(select(Team).where(Team.key == "reablement")).one()
        session.add(Subscription(team_id=team.id, platform="teams", channel_id="19:reable",
                                 audience="frontline"))
    result = send(database_url, slack)
    assert result.exit_code == 1
    assert lines(result)[1] == ("teams 19:reable: not sent: goldthread cannot send to teams "
                                "from here (its secrets are not set)")
    with loaded() as session:  # nothing queued that nobody here could ever send
        assert session.scalars(select(Delivery.platform)).all() == ["slack"]
