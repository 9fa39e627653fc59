"""The scheduled jobs' bodies: build a digest for a subscription, send today's nudges.

Render -> store -> send: a digest is composed and rendered for its platform here, its chart is
stored by content hash, and the rendered message is put in the outbox, which sends it once.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.queue import enqueue
from bot.platforms import Platforms
from digests.cards import Card, Image
from digests.digest.compose import shown_keys
from digests.digest.maker import DigestMaker
from digests.indicators.lateness import lateness
from handlers.data_notices import late_figure_card
from handlers.nudges import nudges_due
from models import queries
from models.base import local_day
from models.tables import (
    ChartImage,
    ChatIdentity,
    DigestNote,
    Partnership,
    Person,
    Subscription,
)
from models.usage import count_usage

log = logging.getLogger(__name__)


def store_image(session: Session, image: Image, cache_key: str) -> str:
    """Keep the chart bytes once, by content; returns the hash deliveries refer to."""
    sha = hashlib.sha256(image.png).hexdigest()
    if session.get(ChartImage, sha) is None:
        session.add(ChartImage(sha256=sha, cache_key=cache_key[:300], png=image.png,
                               alt=image.alt))
        session.flush()
    return sha


class DigestBuilder:
    """The scheduler's `build`: compose, render and store one subscription's digest."""

    def __init__(self, maker: DigestMaker, platforms: Platforms) -> None:
        self.maker = maker
        self.platforms = platforms

    def __call__(self, session: Session, subscription: Subscription, period: str,
                 local_date: date) -> Mapping[str, Any]:
        team = subscription.team
        partnership = session.get(Partnership, team.partnership_id)
        assert partnership is not None
        digest = self.maker.digest(session, partnership, team.key, subscription.audience,
                                   local_date)
        payload = self.platforms.digest_payload(subscription.platform, digest)
        image = next((c.image for c in digest.cards if c.image is not None), None)
        shown = set(shown_keys(self.maker.snapshot(session, partnership, local_date).data,
                               team.key, subscription.audience))
        count_usage(session, [i.id for i in queries.indicators(session, partnership.id)
                              if i.key in shown], local_date, "shown")
        if image is not None:
            sha = store_image(session, image, f"digest:{team.key}:{period}")
            payload["image"] = {"sha256": sha, "alt": image.alt, "title": image.title}
        # The notes have now travelled with the numbers; if this build loses the race to
        # another clock, this update rolls back with it.
        session.execute(update(DigestNote).where(
            DigestNote.team_id == team.id, DigestNote.used_in_period.is_(None)
        ).values(used_in_period=period))
        return payload


@dataclass(frozen=True)
class Unreached:
    """Someone a reminder job had a message for and no way to send it to."""

    person_id: int
    name: str
    reason: str


@dataclass
class ReminderRun:
    """What a reminder job did: the outbox rows it queued, and who it could not reach. Saying
    only "3 queued" would hide the person who hears nothing (a missing chat identity)."""

    day: date | None = None  # the partnership's local day the job ran for
    queued: list[int] = field(default_factory=list)  # ids of the rows this run queued
    unreached: list[Unreached] = field(default_factory=list)

    def cannot_reach(self, person: Person, platforms: Collection[str]) -> None:
        if all(u.person_id != person.id for u in self.unreached):
            self.unreached.append(Unreached(person.id, person.name,
                                            why_unreachable(person, platforms)))


def why_unreachable(person: Person, platforms: Collection[str]) -> str:
    """Why no direct message can reach this person from here, in words an admin can act on."""
    if not platforms:
        return "no chat platform is set up here, so nobody can be sent anything"
    elsewhere = sorted({i.platform.capitalize() for i in person.identities
                        if i.platform not in platforms})
    if elsewhere:
        return (f"only a {' and '.join(elsewhere)} id, and goldthread cannot send there "
                "from here")
    wanted = " or ".join(p.capitalize() for p in sorted(platforms))
    return f"no {wanted} id in the framework file and never seen in chat"


@dataclass(frozen=True)
class Reminder:
    """One direct message a reminder job wants sent: to whom, what, and its once-only key."""

    person: Person
    card: Card
    dedupe_key: str
    period: str


Reminders = Callable[[Session, Partnership, date], Iterable[Reminder]]


def remind(sessions: sessionmaker[Session], now: datetime, platforms: Platforms,
           reminders: Reminders) -> ReminderRun:
    """The one reminder loop: for the partnership's local day at `now`, queue each reminder
    as a direct message on one of `platforms` (those the outbox can send to), once per key,
    and note whoever cannot be reached."""
    run = ReminderRun()
    with sessions() as session, session.begin():
        found = _partnership_today(session, now)
        if found is None:
            return run
        partnership, run.day = found
        for reminder in reminders(session, partnership, run.day):
            direct_message(session, run, platforms, reminder)
    return run


def send_nudges(sessions: sessionmaker[Session], now: datetime,
                platforms: Platforms) -> ReminderRun:
    """Queue today's reminders about accountabilities: one message per person per day."""

    def nudges(session: Session, partnership: Partnership, today: date) -> Iterator[Reminder]:
        for nudge in nudges_due(session, partnership.id, today):
            yield Reminder(session.get_one(Person, nudge.person_id), nudge.card,
                           f"nudge:{nudge.person_id}:{today.isoformat()}", today.isoformat())

    return remind(sessions, now, platforms, nudges)


def late_data_reminders(sessions: sessionmaker[Session], now: datetime,
                        platforms: Platforms) -> ReminderRun:
    """Ask each owner once per missing period for figures that have not arrived."""

    def requests(session: Session, partnership: Partnership, today: date) -> Iterator[Reminder]:
        for indicator in queries.indicators(session, partnership.id):
            series = queries.measurements(session, indicator.id)
            latest = series["period"].iloc[-1] if len(series) else None
            late = lateness(latest, indicator.frequency, today, indicator.late_after_days)
            if indicator.owner is None or late is None:
                continue
            card = late_figure_card(indicator.key, indicator.name, indicator.frequency, late,
                                    today)
            yield Reminder(indicator.owner, card,
                           f"late:{indicator.id}:{late.expected.isoformat()}",
                           late.expected.isoformat())

    return remind(sessions, now, platforms, requests)


def direct_message(session: Session, run: ReminderRun, platforms: Platforms,
            reminder: Reminder) -> None:
    """A direct message to the reminder's person on a platform we can send to, queued once
    under its key, or the person noted as someone we could not reach."""
    identity = chat_identity(session, reminder.person.id, platforms.names())
    if identity is None:
        run.cannot_reach(reminder.person, platforms.names())
        return
    made = enqueue(session, dedupe_key=reminder.dedupe_key, platform=identity.platform,
                   target=identity.external_id, kind="dm",
                   payload=platforms.card_payload(identity.platform, reminder.card),
                   period=reminder.period)
    if made is not None:
        run.queued.append(made.id)


class UnreachedWarnings:
    """Logs each person the reminder jobs cannot reach, at WARNING once a day per person (the
    nudge and late-data jobs share one), so the log says it without saying it every time."""

    def __init__(self) -> None:
        self._warned: set[tuple[int, date | None]] = set()
        self._lock = threading.Lock()

    def __call__(self, run: ReminderRun, what: str) -> ReminderRun:
        for person in run.unreached:
            with self._lock:
                self._warned = {k for k in self._warned if k[1] == run.day}  # today's only
                first = (person.person_id, run.day) not in self._warned
                self._warned.add((person.person_id, run.day))
            log.log(logging.WARNING if first else logging.DEBUG,
                    "%s could not be reached (%s): %s not sent", person.name, person.reason,
                    what)
        return run


def _partnership_today(session: Session, now: datetime) -> tuple[Partnership, date] | None:
    """The loaded partnership and its local date at `now` (reminders go by the local day)."""
    partnership = queries.current_partnership(session)
    if partnership is None:
        return None
    return partnership, local_day(partnership.timezone, now)


def chat_identity(session: Session, person_id: int,
                  platforms: Collection[str]) -> ChatIdentity | None:
    """Where to reach a person directly, on the first platform we can send to."""
    return session.scalars(select(ChatIdentity).where(
        ChatIdentity.person_id == person_id, ChatIdentity.platform.in_(platforms))).first()
