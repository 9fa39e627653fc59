"""Messages for someone other than the person who acted, delivered through the outbox.

A handler produces `Notice`s (a manager asked for help, an author whose idea was decided on).
Each becomes an outbox row under a key derived from what caused it, so a press that is processed
twice still tells each person once: a DM to a person, or a post in the admins' channel. Then the
outbox is asked to send what is due straight away, instead of waiting for the clock's next
minute. Claims in the outbox are atomic, so a `serve` process and the clock sending at the same
moment cannot double a message.

`NoticeSender` is both the handlers' `NoticeStore` (store inside the handler's own transaction,
so a reply that says "I have told X" commits with the row that tells X) and the adapters' way
of sending what a handler returned.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.outbox import Outbox
from bot.delivery.queue import enqueue
from bot.platforms import Platforms
from handlers.request import Notice
from models.base import utcnow
from models.db import transaction
from models.tables import ChatIdentity

log = logging.getLogger(__name__)

NOTICE_KIND = "notice"  # a post in a channel; a notice to a person is a "dm"


@dataclass(frozen=True)
class Destination:
    platform: str
    target: str
    kind: str


def recipient(session: Session, notice: Notice, platforms: Collection[str],
              admin_channel: tuple[str, str] | None = None) -> Destination | None:
    """Where a notice goes, or None when it cannot reach anyone from here."""
    if notice.admin_channel:
        if admin_channel is None or admin_channel[0] not in platforms:
            return None
        return Destination(admin_channel[0], admin_channel[1], NOTICE_KIND)
    if notice.person_id is not None:
        identity = session.scalars(select(ChatIdentity).where(
            ChatIdentity.person_id == notice.person_id,
            ChatIdentity.platform.in_(platforms)).order_by(ChatIdentity.id)).first()
        return Destination(identity.platform, identity.external_id, "dm") if identity else None
    if notice.platform and notice.platform in platforms and notice.user_id:
        return Destination(notice.platform, notice.user_id, "dm")
    return None


def notice_key(origin: str, number: int, platform: str, target: str) -> str:
    digest = hashlib.sha256(f"{origin}|{number}|{platform}|{target}".encode()).hexdigest()
    return f"notice:{digest[:48]}"


def store_notices(session: Session, notices: Sequence[Notice], origin: str,
                  platforms: Platforms,
                  admin_channel: tuple[str, str] | None = None) -> list[tuple[Notice, bool]]:
    """Store each notice that can reach someone on `platforms` (those we can send to):
    (notice, newly queued) for each one now in the outbox, whether this call queued it or an
    earlier run of the same cause did."""
    stored: list[tuple[Notice, bool]] = []
    names = platforms.names()
    for number, notice in enumerate(notices):
        found = recipient(session, notice, names, admin_channel)
        if found is None:
            log.warning("a notice for person %s has nowhere to go (no chat identity on %s)",
                        notice.person_id, ", ".join(sorted(names)) or "any platform")
            continue
        made = enqueue(session, dedupe_key=notice_key(origin, number, found.platform,
                                                      found.target),
                       platform=found.platform, target=found.target, kind=found.kind,
                       payload=platforms.card_payload(found.platform, notice.card))
        stored.append((notice, made is not None))
    return stored


def enqueue_notices(session: Session, notices: Sequence[Notice], origin: str,
                    platforms: Platforms,
                    admin_channel: tuple[str, str] | None = None) -> int:
    """Store each notice; `origin` names the event that caused them (unique per event).
    Returns how many were newly queued."""
    return sum(new for _, new in store_notices(session, notices, origin, platforms,
                                               admin_channel))


class NoticeSender:
    """Notices into the outbox, for the platforms that outbox can send to."""

    def __init__(self, sessions: sessionmaker[Session], outbox: Outbox, platforms: Platforms,
                 *, admin_channel: tuple[str, str] | None = None) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._sending = platforms.only(outbox.platforms)
        self.platforms = frozenset(self._sending.names())
        # (platform, channel id) of the admins' channel, kept only when it can be sent to.
        self._admin_channel = (admin_channel if admin_channel is not None
                               and admin_channel[0] in self.platforms else None)

    @property
    def admin_channel(self) -> bool:
        """Whether the admins' channel can be told anything from here."""
        return self._admin_channel is not None

    def store(self, session: Session, notices: Sequence[Notice], origin: str) -> list[Notice]:
        """The handlers' port: queue inside the caller's transaction; those now queued."""
        return [notice for notice, _ in store_notices(session, notices, origin, self._sending,
                                                      self._admin_channel)]

    def deliver(self) -> None:
        """Send what is due now. The notices are stored already, so if the database will not
        let us send this minute the clock will: the person's reply must not fail for it."""
        try:
            self._outbox.deliver_due(utcnow())
        except SQLAlchemyError:
            log.exception("could not send stored notices now; the clock will send them")

    def send(self, notices: Sequence[Notice], origin: str) -> int:
        """Enqueue, then send what is due now; returns how many were newly queued."""
        if not notices:
            return 0
        with transaction(self._sessions) as session:
            queued = enqueue_notices(session, notices, origin, self._sending,
                                     self._admin_channel)
        if queued:
            self._outbox.deliver_due(utcnow())
        return queued
