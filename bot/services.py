"""Long-lived services built from the settings: the outbox with its transports, and the clock."""

from __future__ import annotations

import os
from datetime import datetime

from bot.app import AppContext
from bot.delivery.alerts import admin_alerter
from bot.delivery.clock import Clock
from bot.delivery.jobs import (
    DigestBuilder,
    ReminderRun,
    UnreachedWarnings,
    late_data_reminders,
    send_nudges,
)
from bot.delivery.notices import NoticeSender
from bot.delivery.outbox import Outbox, Transport
from bot.delivery.pull_job import pull_sources
from models.sources.pull import environment


def transports(app: AppContext) -> dict[str, Transport]:
    """A transport for each platform whose secrets are set; none means nothing can be sent."""
    found: dict[str, Transport] = {}
    token = app.settings.secret("SLACK_BOT_TOKEN")
    if token:
        from bot.slack.transport import SlackTransport, make_web_client

        found["slack"] = SlackTransport(make_web_client(token, app.settings.slack_api_url))
    return found


def make_outbox(app: AppContext) -> Outbox:
    return Outbox(app.sessions, transports(app),
                  on_failed=admin_alerter(app.sessions, app.settings.slack_admin_channel))


def admin_channel(app: AppContext) -> tuple[str, str] | None:
    """(platform, channel) where the admins hear things, when one is set up."""
    channel = app.settings.slack_admin_channel
    return ("slack", channel) if channel else None


def make_notices(app: AppContext, outbox: Outbox | None = None) -> NoticeSender:
    """Notices for the platforms the outbox can send to, and the admins' channel if it can."""
    return NoticeSender(app.sessions, outbox or make_outbox(app),
                        admin_channel=admin_channel(app))


def make_clock(app: AppContext, outbox: Outbox | None = None) -> Clock:
    """The clock, whose reminder jobs queue only for platforms its outbox can send to, and log
    each person they cannot reach once a day."""
    outbox = outbox or make_outbox(app)
    warn = UnreachedWarnings()

    def nudge(now: datetime) -> ReminderRun:
        return warn(send_nudges(app.sessions, now, outbox.platforms), "today's reminder")

    def late_data(now: datetime) -> ReminderRun:
        return warn(late_data_reminders(app.sessions, now, outbox.platforms),
                    "the request for late figures")

    def pull(now: datetime) -> ReminderRun:
        return warn(pull_sources(app.sessions, now, outbox.platforms, environment(os.environ),
                                 timeout=app.settings.sources_timeout),
                    "news of a failing data source")

    return Clock(app.sessions, outbox, DigestBuilder(app.maker), timezone=app.timezone(),
                 nudge=nudge, late_data=late_data, pull=pull,
                 pull_at=app.settings.sources_pull_at)
