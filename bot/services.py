"""Long-lived services built from the settings: the outbox, the notices and the clock.

One factory of each, so that the Slack app, `serve`, `run`, the clock and the CLI all send
through the same kind of outbox: a transport for each platform that can send, and failures
told to the admins' channel when one is set up.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from bot.app import AppContext
from bot.delivery.alerts import admin_alerter
from bot.delivery.notices import NoticeSender
from bot.delivery.outbox import Outbox, Transport

if TYPE_CHECKING:
    from bot.delivery.clock import Clock
    from bot.delivery.jobs import ReminderRun

log = logging.getLogger(__name__)


def make_outbox(app: AppContext, transports: Mapping[str, Transport] | None = None) -> Outbox:
    """The outbox, sending through `transports` (default: every platform that can send)."""
    sending = dict(app.platforms.transports() if transports is None else transports)
    admin = app.platforms.admin_channel(sending)
    return Outbox(app.sessions, sending,
                  on_failed=admin_alerter(app.sessions, app.platforms, admin))


def make_notices(app: AppContext, outbox: Outbox | None = None) -> NoticeSender:
    """Notices for the platforms the outbox can send to, and the admins' channel if it can."""
    outbox = outbox or make_outbox(app)
    return NoticeSender(app.sessions, outbox, app.platforms,
                        admin_channel=app.platforms.admin_channel(outbox.platforms))


def make_clock(app: AppContext, outbox: Outbox | None = None) -> Clock:
    """The clock, whose reminder jobs queue only for platforms its outbox can send to, and log
    each person they cannot reach once a day."""
    # The clock's jobs (APScheduler, the digest composer with Jinja2 and pandas, the data
    # pulls) are imported here: a one-shot command that only stores a notice never needs them.
    from bot.delivery.clock import Clock
    from bot.delivery.jobs import (
        DigestBuilder,
        UnreachedWarnings,
        late_data_reminders,
        send_nudges,
    )
    from bot.delivery.learning import scheduled_review
    from bot.delivery.pull_job import pull_sources
    from bot.delivery.retention import purge_old
    from handlers.indicators import keep_statuses
    from models.base import local_day
    from models.sources.pull import environment

    outbox = outbox or make_outbox(app)
    sending = app.platforms.only(outbox.platforms)
    warn = UnreachedWarnings()

    def nudge(now: datetime) -> ReminderRun:
        run = warn(send_nudges(app.sessions, now, sending), "today's reminder")
        zone = app.timezone()
        scheduled_review(app.handler_context(), sending, local_day(zone, now), zone, warn)
        return run

    def late_data(now: datetime) -> ReminderRun:
        run = warn(late_data_reminders(app.sessions, now, sending),
                   "the request for late figures")
        purge_old(app.sessions, app.settings.retention_days, now)  # the daily early job
        return run

    def pull(now: datetime) -> ReminderRun:
        run = pull_sources(app.sessions, now, sending, environment(os.environ),
                           timeout=app.settings.sources_timeout)
        if run.results:  # new figures: analyse them now, not at the next question
            try:
                keep_statuses(app.handler_context())
            except SQLAlchemyError:
                log.warning("pulled figures are stored but their analysis was not kept; "
                            "the next question analyses them", exc_info=True)
        return warn(run, "news of a failing data source")

    return Clock(app.sessions, outbox, DigestBuilder(app.maker, app.platforms),
                 timezone=app.timezone(), nudge=nudge, late_data=late_data, pull=pull,
                 pull_at=app.settings.sources_pull_at)
