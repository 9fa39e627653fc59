"""Messages for someone other than the person who acted, delivered through the outbox.

A handler returns `Notice`s (a manager asked for help, an author whose idea was decided on).
Each becomes a DM row in the outbox under a key derived from what caused it, so a press that is
processed twice still tells each person once; then the outbox is asked to send what is due
straight away, instead of waiting for the clock's next minute. Claims in the outbox are atomic,
so a `serve` process and the clock sending at the same moment cannot double a message.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.digest_jobs import card_payload
from bot.outbox import Outbox, enqueue
from handlers.request import Notice
from models.base import utcnow
from models.db import transaction
from models.tables import ChatIdentity

log = logging.getLogger(__name__)


def recipient(session: Session, notice: Notice,
              platforms: Sequence[str]) -> tuple[str, str] | None:
    """(platform, platform user id) to DM, or None when they cannot be reached."""
    if notice.person_id is not None:
        identity = session.scalars(select(ChatIdentity).where(
            ChatIdentity.person_id == notice.person_id,
            ChatIdentity.platform.in_(platforms)).order_by(ChatIdentity.id)).first()
        return (identity.platform, identity.external_id) if identity else None
    if notice.platform and notice.platform in platforms and notice.user_id:
        return notice.platform, notice.user_id
    return None


def notice_key(origin: str, number: int, platform: str, target: str) -> str:
    digest = hashlib.sha256(f"{origin}|{number}|{platform}|{target}".encode()).hexdigest()
    return f"notice:{digest[:48]}"


def enqueue_notices(session: Session, notices: Sequence[Notice], origin: str,
                    platforms: Sequence[str] = ("slack",)) -> int:
    """Store each notice as a DM; `origin` names the event that caused them (unique per event)."""
    queued = 0
    for number, notice in enumerate(notices):
        found = recipient(session, notice, platforms)
        if found is None:
            log.warning("a notice for person %s has nowhere to go (no chat identity)",
                        notice.person_id)
            continue
        platform, target = found
        made = enqueue(session, dedupe_key=notice_key(origin, number, platform, target),
                       platform=platform, target=target, kind="dm",
                       payload=card_payload(platform, notice.card))
        queued += made is not None
    return queued


class NoticeSender:
    def __init__(self, sessions: sessionmaker[Session], outbox: Outbox,
                 platforms: Sequence[str] = ("slack",)) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._platforms = tuple(platforms)

    def send(self, notices: Sequence[Notice], origin: str) -> int:
        """Enqueue, then send what is due now; returns how many were newly queued."""
        if not notices:
            return 0
        with transaction(self._sessions) as session:
            queued = enqueue_notices(session, notices, origin, self._platforms)
        if queued:
            self._outbox.deliver_due(utcnow())
        return queued
