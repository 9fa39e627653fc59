"""Each Events API delivery acted on once, however often Slack sends it and to however many
processes.

Slack redelivers an event it thinks we missed (`X-Slack-Retry-Num`), possibly to another
`serve` process behind the load balancer. The event's id goes into `seen_event` under a unique
constraint before any listener runs; whoever inserts it handles the event, everyone else just
acknowledges. Slash commands and interactions are not redelivered by Slack, so they pass through.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_bolt import BoltRequest, BoltResponse
from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models.activity_tables import SeenEvent
from models.base import utcnow
from models.db import transaction

log = logging.getLogger(__name__)

KEEP_FOR = timedelta(days=2)  # Slack retries for minutes; two days is plenty
PRUNE_EVERY = 1000

Middleware = Callable[..., BoltResponse | None]


def claim_event(session: Session, platform: str, event_id: str) -> bool:
    """Insert the id; False when it was there already (someone else handles it)."""
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
        statement = (insert(SeenEvent).values(platform=platform, event_id=event_id,
                                              seen_at=utcnow())
                     .on_conflict_do_nothing(index_elements=["platform", "event_id"])
                     .returning(SeenEvent.id))
        return session.execute(statement).scalar_one_or_none() is not None
    try:
        with session.begin_nested():
            session.add(SeenEvent(platform=platform, event_id=event_id))
    except IntegrityError:
        return False
    return True


def dedupe_events(sessions: sessionmaker[Session]) -> Middleware:
    """A Bolt middleware that lets an event through only the first time its id is seen."""
    claims = 0
    lock = threading.Lock()

    def middleware(body: dict[str, Any], request: BoltRequest,
                   next_: Callable[[], BoltResponse]) -> BoltResponse | None:
        nonlocal claims
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            return next_()
        with transaction(sessions) as session:
            first = claim_event(session, "slack", str(event_id))
        if not first:
            retry = (request.headers.get("x-slack-retry-num") or ["0"])[0]
            log.info("slack event %s already handled (retry %s): acknowledged only",
                     event_id, retry)
            return BoltResponse(status=200, body="")
        with lock:
            claims += 1
            prune = claims % PRUNE_EVERY == 0
        if prune:
            with transaction(sessions) as session:
                session.execute(delete(SeenEvent).where(SeenEvent.seen_at < utcnow() - KEEP_FOR))
        return next_()

    return middleware
