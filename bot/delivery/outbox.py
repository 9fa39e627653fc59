"""The outbox: every message is a `delivery` row before it is sent (`bot.delivery.queue`), and
is sent exactly once, here.

- `Outbox.deliver_due` claims each due row with a conditional UPDATE (`... WHERE status =
  'pending'`) and commits the claim before talking to the platform, so two processes can never
  both send one row. It records the result after, as healthchecks does with its reports.
- Transient failures (rate limits, outages) wait and retry with exponential backoff; permanent
  ones, and rows that run out of attempts, become `failed` and a person is told.
- A row still `sending` after its lease means a process died mid-send. The platform may or may
  not have the message and we cannot ask it cheaply, so we choose "never doubled": the row
  becomes `unknown`, is never resent automatically, and an admin is told to look.

Statuses: pending -> sending -> sent | pending (retry) | failed | unknown.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.queue import FAILED, PENDING, SENDING, SENT, UNKNOWN, changed
from models.db import transaction
from models.tables import ChartImage, Delivery

log = logging.getLogger(__name__)

_COUNTERS = {PENDING: "retrying", FAILED: "failed", UNKNOWN: "unknown"}
_SECRETS = re.compile(r"xox[a-z]-[A-Za-z0-9-]+|(?i:bearer)\s+\S+")


class SendError(Exception):
    """A send that did not happen. `transient` says whether trying again later may work;
    `retry_after` is the platform's own wait in seconds (Slack's Retry-After), when it gave one."""

    def __init__(self, message: str, transient: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.retry_after = retry_after


class Transport(Protocol):
    """One chat platform's way of sending a stored delivery. `progress` is the transport's own
    notebook (e.g. `{"file_id": ...}` once a chart is uploaded): the outbox keeps it across
    retries, so a step that worked is not repeated."""

    platform: str

    def send(self, delivery: Delivery, image: ChartImage | None,
             progress: dict[str, Any]) -> str: ...


@dataclass
class DeliveryStats:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    unknown: int = 0
    claimed_elsewhere: int = 0

    def __str__(self) -> str:
        return (f"outbox: {self.sent} sent, {self.retrying} retrying, {self.failed} failed, "
                f"{self.unknown} unknown, {self.claimed_elsewhere} claimed elsewhere")


class Outbox:
    """Sends due deliveries through the platform transports, once each."""

    def __init__(self, sessions: sessionmaker[Session], transports: Mapping[str, Transport], *,
                 max_attempts: int = 6, base_delay: float = 30.0, max_delay: float = 3600.0,
                 lease: timedelta = timedelta(minutes=10),
                 on_failed: Callable[[Delivery], None] | None = None, batch: int = 200) -> None:
        self._sessions = sessions
        self._transports = dict(transports)
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.lease = lease
        self._on_failed = on_failed
        self._batch = batch

    @property
    def platforms(self) -> frozenset[str]:
        """The platforms this outbox can send to."""
        return frozenset(self._transports)

    def deliver_due(self, now: datetime) -> DeliveryStats:
        """Send what is due at `now` (aware UTC); expire stale claims; log one summary line."""
        stats = DeliveryStats()
        stats.unknown += self._expire_leases(now)
        paused: set[str] = set()
        for delivery_id, platform in self._due(now):
            if platform in paused:
                continue  # rate limited: leave the rest unclaimed, no attempts used up
            if self._deliver_one(delivery_id, now, stats):
                paused.add(platform)
        level = logging.INFO if any(vars(stats).values()) else logging.DEBUG
        log.log(level, "%s", stats)
        return stats

    def retry_delay(self, attempts: int, retry_after: float | None = None) -> timedelta:
        """Exponential backoff, capped; the platform's Retry-After wins when it is longer."""
        backoff = min(self.base_delay * 2 ** max(attempts - 1, 0), self.max_delay)
        return timedelta(seconds=max(backoff, retry_after or 0.0))

    def _due(self, now: datetime) -> list[tuple[int, str]]:
        """(id, platform) of rows this process can send; others wait for one that can."""
        with self._sessions() as session:
            return [(row.id, row.platform) for row in session.execute(
                select(Delivery.id, Delivery.platform).where(
                    Delivery.status == PENDING,
                    or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now),
                    Delivery.platform.in_(self._transports),
                ).order_by(Delivery.id).limit(self._batch)
            )]

    def _claim(self, delivery_id: int, now: datetime) -> bool:
        """Take the row for this process; committed before sending, so nobody else can."""
        with transaction(self._sessions) as session:
            result = changed(session, update(Delivery).where(
                Delivery.id == delivery_id,
                Delivery.status == PENDING,
                or_(Delivery.next_attempt_at.is_(None), Delivery.next_attempt_at <= now),
            ).values(status=SENDING, claimed_at=now, attempts=Delivery.attempts + 1))
            return result.rowcount == 1

    def _deliver_one(self, delivery_id: int, now: datetime, stats: DeliveryStats) -> bool:
        """Claim, send, record. True when the platform asked us to slow down."""
        if not self._claim(delivery_id, now):
            stats.claimed_elsewhere += 1
            return False
        with self._sessions() as session:
            delivery = session.get_one(Delivery, delivery_id)
            image, missing = _image_of(session, delivery)
        progress = dict(cast(dict[str, Any], delivery.payload.get("progress") or {}))
        try:
            if missing:
                raise SendError(f"chart image {missing} is not in the chart store", False)
            message_id = self._transports[delivery.platform].send(delivery, image, progress)
        except SendError as exc:
            self._failed(delivery, now, exc, progress, stats)
            return exc.retry_after is not None
        except Exception as exc:
            # A bug, not a platform answer: whether the platform got the message is unknown.
            log.exception("delivery %s: unexpected error while sending", delivery_id)
            self._finish(delivery, UNKNOWN, stats,
                         last_error=_scrub(f"unexpected {type(exc).__name__}: {exc}"),
                         payload={**delivery.payload, "progress": progress})
            return False
        self._sent(delivery, now, message_id, progress, stats)
        return False

    def _sent(self, delivery: Delivery, now: datetime, message_id: str,
              progress: dict[str, Any], stats: DeliveryStats) -> None:
        with transaction(self._sessions) as session:
            # The truth wins even if our lease ran out meanwhile and the row was called unknown.
            result = changed(session, update(Delivery).where(
                Delivery.id == delivery.id, Delivery.attempts == delivery.attempts,
                Delivery.status.in_((SENDING, UNKNOWN)),
            ).values(status=SENT, sent_at=now, platform_message_id=message_id, last_error=None,
                     payload={**delivery.payload, "progress": progress}))
        if result.rowcount == 1:
            stats.sent += 1
        else:
            log.error("delivery %s was sent as %s but its row had moved on", delivery.id,
                      message_id)

    def _failed(self, delivery: Delivery, now: datetime, exc: SendError,
                progress: dict[str, Any], stats: DeliveryStats) -> None:
        error = _scrub(str(exc))
        payload = {**delivery.payload, "progress": progress}
        if exc.transient and delivery.attempts < self.max_attempts:
            wait = self.retry_delay(delivery.attempts, exc.retry_after)
            log.warning("delivery %s attempt %s failed, retrying in %ss: %s", delivery.id,
                        delivery.attempts, int(wait.total_seconds()), error)
            self._finish(delivery, PENDING, stats, last_error=error, payload=payload,
                         next_attempt_at=now + wait, claimed_at=None)
            return
        if exc.transient:
            error = f"gave up after {delivery.attempts} attempts: {error}"
        self._finish(delivery, FAILED, stats, last_error=error, payload=payload)

    def _finish(self, delivery: Delivery, status: str, stats: DeliveryStats,
                **values: Any) -> None:
        """Move our claimed row on, only if it is still ours (same status and attempt)."""
        with transaction(self._sessions) as session:
            result = changed(session, update(Delivery).where(
                Delivery.id == delivery.id, Delivery.status == SENDING,
                Delivery.attempts == delivery.attempts,
            ).values(status=status, **values))
            row = session.get_one(Delivery, delivery.id)
        if result.rowcount != 1:
            log.warning("delivery %s changed while we were sending it; now %s", delivery.id,
                        row.status)
            return
        counter = _COUNTERS[status]
        setattr(stats, counter, getattr(stats, counter) + 1)
        if status != PENDING:
            self._tell_someone(row)

    def _expire_leases(self, now: datetime) -> int:
        with self._sessions() as session:
            stale = list(session.scalars(select(Delivery).where(
                Delivery.status == SENDING,
                or_(Delivery.claimed_at.is_(None), Delivery.claimed_at < now - self.lease),
            )))
        expired = 0
        for row in stale:
            with transaction(self._sessions) as session:
                result = changed(session, update(Delivery).where(
                    Delivery.id == row.id, Delivery.status == SENDING,
                    Delivery.attempts == row.attempts,
                ).values(status=UNKNOWN, last_error=(
                    f"still sending after {self.lease} (claimed {row.claimed_at}); the process "
                    "probably stopped mid-send, so it may or may not have arrived")))
                fresh = session.get_one(Delivery, row.id)
            if result.rowcount == 1:
                expired += 1
                self._tell_someone(fresh)
        return expired

    def _tell_someone(self, delivery: Delivery) -> None:
        log.error("delivery %s %s (%s to %s %s): %s", delivery.id, delivery.status,
                  delivery.kind, delivery.platform, delivery.target, delivery.last_error)
        if self._on_failed is None:
            return
        try:
            self._on_failed(delivery)
        except Exception:
            log.exception("delivery %s: telling an admin failed too", delivery.id)


def _image_of(session: Session, delivery: Delivery) -> tuple[ChartImage | None, str | None]:
    """The stored chart a payload names, or the missing hash when the store lacks it."""
    ref = delivery.payload.get("image")
    if not isinstance(ref, dict) or not ref.get("sha256"):
        return None, None
    sha = str(ref["sha256"])
    image = session.get(ChartImage, sha)
    return (image, None) if image is not None else (None, sha)


def _scrub(text: str) -> str:
    """Error text goes into the database and admin alerts: never a token, never a novel."""
    return _SECRETS.sub("[redacted]", text)[:1000]
