"""The clock: which digests are due now, into the outbox once each, then out through it.

The database is the scheduler's memory (STYLE rule 8). Nothing here remembers what it did: a
digest is "done" when its outbox row `digest:<subscription>:<ISO week>` exists. So a restart,
a second `goldthread clock`, or a CLI run of `run_due_digests` can never double a digest, and a
digest missed while the bot was down goes out when it comes back the same day.

APScheduler only rings the bell every minute (and for the daily nudges and late-data checks);
its in-memory job store holds no state worth keeping.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select, true
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.outbox import DeliveryStats, Outbox
from bot.delivery.queue import enqueue, is_enqueued
from bot.delivery.schedule import due_period
from models.base import local_day, utcnow
from models.tables import Delivery, Subscription
from models.tables.framework import Partnership, Team

log = logging.getLogger(__name__)
_KEYS_PER_QUERY = 500  # well under every database's limit on bound parameters


class DigestBuilder(Protocol):
    """Composes one digest payload (`text`, `blocks`, `image`) inside the enqueue transaction.

    Anything it writes (a stored chart, a note marked as used) commits with the outbox row, or
    not at all when another process enqueued the same digest first.
    """

    def __call__(self, session: Session, subscription: Subscription, period: str,
                 local_date: date) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class DueDigest:
    subscription_id: int
    period: str
    local_date: date

    @property
    def dedupe_key(self) -> str:
        return digest_key(self.subscription_id, self.period)


def digest_key(subscription_id: int, period: str) -> str:
    return f"digest:{subscription_id}:{period}"


def due_digests(session: Session, now: datetime,
                platforms: Collection[str] | None = None) -> list[DueDigest]:
    """Active subscriptions of live teams whose digest is due at `now`, in their local week."""
    rows = session.execute(
        select(Subscription.id, Team.digest_schedule, Partnership.timezone)
        .join(Team, Subscription.team_id == Team.id)
        .join(Partnership, Team.partnership_id == Partnership.id)
        .where(Subscription.active.is_(True), Team.archived_at.is_(None),
               Subscription.platform.in_(platforms) if platforms is not None else true())
        .order_by(Subscription.id)
    ).all()
    zones: dict[str, ZoneInfo] = {}
    due: list[DueDigest] = []
    for subscription_id, schedule, zone_name in rows:
        try:
            zone = zones.setdefault(zone_name, ZoneInfo(zone_name))
            period = due_period(schedule, zone, now)
        except (ValueError, KeyError):  # a bad zone or schedule must not stop other teams
            log.exception("subscription %s: cannot read schedule %r in zone %r",
                          subscription_id, schedule, zone_name)
            continue
        if period is not None:
            due.append(DueDigest(subscription_id, period, local_day(zone, now)))
    return due


def run_due_digests(sessions: sessionmaker[Session], now: datetime,
                    build: DigestBuilder, platforms: Collection[str] | None = None) -> int:
    """Enqueue every digest due at `now` that is not in the outbox yet; return how many.

    The existence check comes before building, because building is the expensive part and on a
    digest day every later minute finds the digest already queued. The unique key still decides
    any race between two clocks that both passed the check. With `platforms`, only digests for
    channels on those platforms are made: one nobody can send would only go stale in the queue.
    """
    with sessions() as session:
        due = due_digests(session, now, platforms)
        queued = _queued_keys(session, [d.dedupe_key for d in due])
    enqueued = 0
    for digest in due:
        if digest.dedupe_key in queued:
            continue
        try:
            enqueued += build_and_enqueue(sessions, digest, build) is not None
        except Exception:
            # One team's broken digest must not keep the others from theirs.
            log.exception("digest %s could not be built; other teams carry on",
                          digest.dedupe_key)
    if enqueued:
        log.info("enqueued %s digest(s)", enqueued)
    return enqueued


def _queued_keys(session: Session, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), _KEYS_PER_QUERY):
        chunk = keys[start:start + _KEYS_PER_QUERY]
        found.update(session.scalars(
            select(Delivery.dedupe_key).where(Delivery.dedupe_key.in_(chunk))))
    return found


def build_and_enqueue(sessions: sessionmaker[Session], digest: DueDigest,
                      build: DigestBuilder) -> int | None:
    """Build and enqueue in one transaction; roll the builder's writes back if we lost.

    Returns the new outbox row's id, or None when the digest was in the outbox already (queued
    by another clock, or by `goldthread digest send`, which makes its digests here too).
    """
    with sessions() as session:
        if is_enqueued(session, digest.dedupe_key):  # another clock got here since the batch
            return None
        subscription = session.get_one(Subscription, digest.subscription_id)
        payload = build(session, subscription, digest.period, digest.local_date)
        row = enqueue(session, dedupe_key=digest.dedupe_key, platform=subscription.platform,
                      target=subscription.channel_id, kind="digest", payload=payload,
                      subscription_id=subscription.id, period=digest.period)
        if row is None:
            session.rollback()
            return None
        row_id = row.id
        session.commit()
        return row_id


class Clock:
    """APScheduler (in UTC) ringing `tick` every minute, plus the daily nudge and late-data jobs.

    The minute job is coalesced, never overlaps itself, and still runs up to two minutes late;
    a longer stall is harmless because the next tick catches up from the database.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        outbox: Outbox,
        build: DigestBuilder,
        *,
        timezone: ZoneInfo,
        nudge: Callable[[datetime], object] | None = None,
        late_data: Callable[[datetime], object] | None = None,
        pull: Callable[[datetime], object] | None = None,
        pull_at: str = "06:30",
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._build = build
        self._now = now
        self.scheduler = BackgroundScheduler(timezone=UTC)
        self.scheduler.add_job(
            self._scheduled_tick, IntervalTrigger(minutes=1, timezone=UTC), id="tick",
            coalesce=True, max_instances=1, misfire_grace_time=120,
            next_run_time=datetime.now(UTC),  # catch up straight after a restart
        )
        if nudge is not None:
            self.scheduler.add_job(
                self._call, CronTrigger(day_of_week="mon-fri", hour=9, minute=30,
                                        timezone=timezone),
                args=[nudge], id="nudge", coalesce=True, max_instances=1,
                misfire_grace_time=3600)
        if late_data is not None:
            self.scheduler.add_job(
                self._call, CronTrigger(hour=7, minute=0, timezone=timezone),
                args=[late_data], id="late_data", coalesce=True, max_instances=1,
                misfire_grace_time=3600)
        if pull is not None:  # SQL sources, daily, before the late-data check
            hour, minute = (int(part) for part in pull_at.split(":"))
            self.scheduler.add_job(
                self._call, CronTrigger(hour=hour, minute=minute, timezone=timezone),
                args=[pull], id="pull", coalesce=True, max_instances=1,
                misfire_grace_time=3600)

    def tick(self, now: datetime) -> tuple[int, DeliveryStats]:
        """The minute job's body: enqueue what is due, then send what is due.

        Sending does not wait on enqueueing: alerts, nudges and retries already in the outbox
        still go out in a minute when finding due digests is what broke.
        """
        try:
            enqueued = run_due_digests(self._sessions, now, self._build,
                                       self._outbox.platforms)
        except Exception:
            log.exception("finding due digests failed; sending what is queued anyway")
            enqueued = 0
        return enqueued, self._outbox.deliver_due(now)

    def start(self) -> None:
        self.scheduler.start()

    def shutdown(self, wait: bool = True) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)

    def _scheduled_tick(self) -> None:
        self.tick(self._now())

    def _call(self, job: Callable[[datetime], object]) -> None:
        job(self._now())
