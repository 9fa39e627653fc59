"""Digests from the demo partnership, through the real composer, outbox and Slack client, to a
fake Slack Web API over HTTP: each team's digest once, with its chart uploaded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.app import AppContext
from bot.cli import main
from bot.delivery.clock import Clock
from bot.delivery.jobs import DigestBuilder, send_nudges
from bot.delivery.outbox import Outbox
from bot.slack.render import validate_blocks
from bot.slack.transport import SlackTransport, make_web_client
from bot.teams.validate import validate_adaptive_card
from models.tables import Delivery, Subscription, Team
from tests.fakes.platforms import PLATFORMS, SLACK
from tests.fakes.slack_api import FakeSlack, fake_slack

# Friday 27 Nov 2026, 18:00 London: every Monday-to-Friday digest this week is due
# (the demo teams post on weekdays), and it is still the day of the Friday ones.
FRIDAY_EVENING = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as fake:
        yield fake


def clock_for(app: AppContext, slack: FakeSlack) -> Clock:
    transport = SlackTransport(make_web_client("xoxb-test", slack.url))
    outbox = Outbox(app.sessions, {"slack": transport})
    return Clock(app.sessions, outbox, DigestBuilder(app.maker, PLATFORMS), timezone=app.timezone())


def friday_digests(app: AppContext) -> list[str]:
    """Channels whose digest falls on the Friday of the test week."""
    with app.sessions() as session:
        rows = session.execute(select(Subscription.channel_id, Team.digest_schedule).join(Team)
                               .where(Subscription.active.is_(True))).all()
    return sorted(channel for channel, schedule in rows if schedule.startswith("fri"))


def test_scheduled_digests_post_once_with_their_chart(demo_app: AppContext,
                                                      slack: FakeSlack) -> None:
    due = friday_digests(demo_app)
    assert due, "the demo should have a Friday digest"
    enqueued, stats = clock_for(demo_app, slack).tick(FRIDAY_EVENING)
    assert enqueued == len(due) and stats.sent == len(due)
    posts = slack.calls("chat.postMessage")
    assert sorted(c.params["channel"] for c in posts) == due
    uploads = slack.calls("files.completeUploadExternal")
    assert len(uploads) == len(due)  # one chart each
    for call in posts:
        blocks = call.json("blocks")
        assert validate_blocks(blocks) == []
        image = [b for b in blocks if b["type"] == "image"]
        assert image and image[0]["slack_file"]["id"].startswith("F")
        assert "Chart:" in json.dumps(blocks)  # the chart's words are in the message too
    # a second tick, and a new clock after a "restart", post nothing more
    assert clock_for(demo_app, slack).tick(FRIDAY_EVENING)[0] == 0
    assert len(slack.calls("chat.postMessage")) == len(due)


def test_rate_limits_and_outages_delay_but_lose_nothing(demo_app: AppContext,
                                                        slack: FakeSlack) -> None:
    slack.fail_next("chat.postMessage", status=500)
    slack.fail_next("files.getUploadURLExternal", status=429, retry_after=30)
    clock = clock_for(demo_app, slack)
    clock.tick(FRIDAY_EVENING)
    later = FRIDAY_EVENING.replace(hour=20)
    clock.tick(later)
    clock.tick(later.replace(hour=22))
    due = friday_digests(demo_app)
    with demo_app.sessions() as session:
        statuses = session.scalars(select(Delivery.status).where(Delivery.kind == "digest"))
        assert sorted(statuses) == ["sent"] * len(due)
    assert sorted(channel for channel, _ts in slack.messages) == due


def test_nudges_go_once_a_day_as_a_direct_message(demo_app: AppContext,
                                                  slack: FakeSlack) -> None:
    monday = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
    queued = len(send_nudges(demo_app.sessions, monday, SLACK).queued)
    assert queued >= 1
    # one message per person per day
    assert len(send_nudges(demo_app.sessions, monday, SLACK).queued) == 0
    outbox = Outbox(demo_app.sessions,
                    {"slack": SlackTransport(make_web_client("xoxb-test", slack.url))})
    assert outbox.deliver_due(monday).sent == queued
    opened = slack.calls("conversations.open")
    assert len(opened) == queued
    text = json.dumps([c.json("blocks") for c in slack.calls("chat.postMessage")])
    assert "Can we help?" in text or "Coming up" in text
    assert "action.done" in text and "action.blocked" in text


def test_preview_formats_are_within_platform_limits(demo_app: AppContext,
                                                    tmp_path: object) -> None:
    runner = CliRunner()
    env = {"GOLDTHREAD_DATABASE_URL": demo_app.settings.database_url, "GOLDTHREAD_CONFIG": ""}
    pairs = [("reablement", "frontline"), ("reablement", "manager"), ("leadership", "manager"),
             ("hwb", "member"), ("hwb", "frontline")]
    for team, audience in pairs:
        args = ["digest", "preview", "--team", team, "--audience", audience,
                "--as-of", "2026-11-27"]
        slack_json = runner.invoke(main, [*args, "--format", "slack"], env=env)
        assert slack_json.exit_code == 0, slack_json.output
        assert validate_blocks(json.loads(slack_json.output)["blocks"]) == []
        teams_json = runner.invoke(main, [*args, "--format", "teams"], env=env)
        posted = json.loads(teams_json.output)  # the message activity, as Teams is sent it
        assert posted["type"] == "message"
        [attachment] = posted["attachments"]
        assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
        assert validate_adaptive_card(attachment["content"]) == []
        bare = runner.invoke(main, [*args, "--format", "card"], env=env)
        assert json.loads(bare.output) == attachment["content"]  # for the designer
        text = runner.invoke(main, [*args, "--format", "text"], env=env)
        assert text.exit_code == 0
        expected = {"frontline": "How we are doing", "manager": "How we are doing",
                    "member": "At a glance"}[audience]
        if (team, audience) == ("hwb", "frontline"):
            expected = "No measures are linked to this team yet"
        assert expected in text.output
    unknown = runner.invoke(main, ["digest", "preview", "--team", "nope"], env=env)
    assert unknown.exit_code == 1 and "teams are: connectors" in unknown.output


def test_late_figures_are_asked_for_once_per_missing_period(demo_app: AppContext,
                                                            slack: FakeSlack) -> None:
    from bot.delivery.jobs import late_data_reminders

    on_time = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)
    # the demo's data are current
    assert len(late_data_reminders(demo_app.sessions, on_time, SLACK).queued) == 0
    january = datetime(2027, 1, 12, 7, 0, tzinfo=UTC)
    asked = len(late_data_reminders(demo_app.sessions, january, SLACK).queued)
    assert asked > 0
    # once per missing period
    assert len(late_data_reminders(demo_app.sessions, january, SLACK).queued) == 0
    outbox = Outbox(demo_app.sessions,
                    {"slack": SlackTransport(make_web_client("xoxb-test", slack.url))})
    assert outbox.deliver_due(january).sent == asked
    text = json.dumps([c.json("blocks") for c in slack.calls("chat.postMessage")])
    assert "have not arrived yet" in text


def test_no_digest_is_made_for_a_platform_nobody_can_send_to(demo_app: AppContext,
                                                              slack: FakeSlack) -> None:
    from sqlalchemy import update

    due = friday_digests(demo_app)
    with demo_app.sessions() as session, session.begin():
        session.execute(update(Subscription).where(Subscription.channel_id == due[0])
                        .values(platform="teams"))
    enqueued, _ = clock_for(demo_app, slack).tick(FRIDAY_EVENING)
    assert enqueued == len(due) - 1
    with demo_app.sessions() as session:
        assert session.scalars(select(Delivery.platform)).all() == ["slack"] * (len(due) - 1)
