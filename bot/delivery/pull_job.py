"""The scheduled pull of SQL sources, and `goldthread pull`: each source on its schedule, each
in its own transaction, and the owner told (through the outbox) only of news.

A source is due once in each period of its frequency (a weekly figure weekly, a monthly one
monthly), and every day while its figure is awaited (late, or not yet pulled this period) or
its source is failing, so a figure is picked up the morning it lands and a fixed source is
noticed the next day. The job runs at `sources.pull_at` (default 06:30, local time), before the
late-data check at 07:00, so an owner is not asked for a figure the source brought in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.jobs import Reminder, ReminderRun, direct_message
from bot.platforms import Platforms
from digests.indicators.lateness import expected_period
from handlers.data_notices import source_failed_card, source_recovered_card
from models import queries
from models.periods import period_start
from models.sources.pull import Lookup, PullResult, pull
from models.sources.reader import TIMEOUT_SECONDS
from models.tables import Indicator, Measurement, SourceRun

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass
class PullRun(ReminderRun):
    """What a pull did: each source's result, the messages queued, who could not be told."""

    results: list[PullResult] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)  # keys whose pull failed on our side

    @property
    def failed(self) -> list[PullResult]:
        return [r for r in self.results if not r.ok]


def pull_sources(sessions: sessionmaker[Session], now: datetime, platforms: Platforms,
                 lookup: Lookup, *, only: str | None = None, force: bool = False,
                 confirm: bool = False, timeout: float = TIMEOUT_SECONDS,
                 progress: Progress | None = None) -> PullRun:
    """Pull every source that is due (all of them, or `only` that one, with `force`)."""
    run = PullRun()
    with sessions() as session:
        partnership = queries.current_partnership(session)
        if partnership is None:
            return run
        today = now.astimezone(ZoneInfo(partnership.timezone)).date()
        run.day = today
        keys = [i.key for i in queries.indicators(session, partnership.id)
                if i.source_query and (only is None or i.key == only)
                and (force or is_due(session, i, today, ZoneInfo(partnership.timezone)))]
    for key in keys:
        if progress:
            progress(key)
        try:
            with sessions() as session, session.begin():
                indicator = session.scalars(select(Indicator).where(
                    Indicator.partnership_id == partnership.id, Indicator.key == key)).one()
                result = pull(session, indicator, lookup, today=today, confirm=confirm,
                              timeout=timeout, now=now)
                if result.tell is not None:
                    _tell(session, indicator, result, platforms, run)
                run.results.append(result)
        except Exception:  # a bug or our own database: log it, pull the other sources
            log.exception("pulling the source of %s failed", key)
            run.crashed.append(key)
    return run


def is_due(session: Session, indicator: Indicator, today: date, zone: ZoneInfo) -> bool:
    """Once per period of its frequency, and daily while its figure is awaited or it fails."""
    last = session.scalars(select(SourceRun).where(SourceRun.indicator_id == indicator.id)
                           .order_by(SourceRun.id.desc()).limit(1)).first()
    if last is None or not last.ok:
        return True
    pulled = last.at.astimezone(zone).date()
    if pulled >= today:
        return False
    if period_start(pulled, indicator.frequency) < period_start(today, indicator.frequency):
        return True
    latest = session.scalar(select(Measurement.period).where(
        Measurement.indicator_id == indicator.id, Measurement.area == ""
    ).order_by(Measurement.period.desc()).limit(1))
    return latest is None or latest < expected_period(indicator.frequency, today, 0)


def _tell(session: Session, indicator: Indicator, result: PullResult, platforms: Platforms,
          run: PullRun) -> None:
    """The owner's one message about this news, sent as the reminders are (once per key, in
    this pull's transaction, so the news and its being told are kept together)."""
    assert result.tell is not None and run.day is not None
    owner = indicator.owner
    if owner is None:
        return
    if result.tell.recovered:
        card = source_recovered_card(indicator.name, result.run.inserted, result.run.updated)
    else:
        card = source_failed_card(indicator.name, result.run.kind or "", result.run.error or "",
                                  indicator.source_url_env or "")
    reached = len(run.unreached)
    direct_message(session, run, platforms, Reminder(
        owner, card, result.tell.dedupe_key, run.day.isoformat()))
    if len(run.unreached) == reached:
        result.run.told = True  # queued now, or already by a clock that got there first
