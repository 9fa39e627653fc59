"""Each request acted on once, however often it arrives and at however many processes, without
ever making Slack wait for the database.

Slack redelivers an event it thinks we missed (`X-Slack-Retry-Num`, the same `event_id`),
possibly to another `serve` process behind the load balancer; and anyone who captured a signed
request could send it again, unchanged, while its timestamp is fresh (Bolt accepts five
minutes). So every request has a key: the event id for events, the signature for anything
else that came signed over HTTP.

Deciding happens in two steps. In the ack path, `RecentKeys` (this process's memory) answers at
once: a key seen in the last quarter of an hour is acknowledged and dropped. That is what keeps
a locked or read-only database from holding the ack hostage, and what keeps a database that
cannot record anything from apologising once per Slack retry. Then, in the background and
before any work, `claim` inserts the key into `seen_event` under a unique constraint, so that
of several processes only the one that inserts it does the work. If the database cannot take
the claim, the work goes ahead: it will say for itself whether what it needed was saved.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_bolt import BoltContext, BoltRequest, BoltResponse
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from models.base import utcnow
from models.db import conflict_insert, transaction
from models.dbcheck import short_lock_wait
from models.tables import SeenEvent

log = logging.getLogger(__name__)

KEEP_FOR = timedelta(days=2)  # Slack retries for minutes; two days is plenty
PRUNE_EVERY = 1000
REMEMBER_FOR = 900.0  # seconds: past Slack's last retry and Bolt's five-minute window
REMEMBER_AT_MOST = 50_000
CLAIM_WAIT = 2.0  # seconds to wait for another writer before doing the work unclaimed
CONTEXT_KEY = "goldthread_claim"  # where the middleware leaves the key for the listener

Claim = tuple[str, str]  # (platform, id) as stored in seen_event
Middleware = Callable[..., BoltResponse | None]


class RecentKeys:
    """Keys seen by this process lately, oldest forgotten first; safe across threads."""

    def __init__(self, remember_for: float = REMEMBER_FOR, at_most: int = REMEMBER_AT_MOST,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._remember_for = remember_for
        self._at_most = at_most
        self._clock = clock
        self._seen: OrderedDict[Claim, float] = OrderedDict()
        self._lock = threading.Lock()

    def first(self, key: Claim) -> bool:
        """True the first time `key` is offered (and remember it); False while remembered."""
        now = self._clock()
        with self._lock:
            while self._seen and next(iter(self._seen.values())) < now - self._remember_for:
                self._seen.popitem(last=False)
            if key in self._seen:
                return False
            self._seen[key] = now
            while len(self._seen) > self._at_most:
                self._seen.popitem(last=False)
            return True


def key_of(body: dict[str, Any], request: BoltRequest) -> Claim | None:
    """The event id of an event; the signature of anything else signed; else None (Socket
    Mode's commands and actions, which Slack does not redeliver)."""
    if body.get("type") == "event_callback" and body.get("event_id"):
        return ("slack", str(body["event_id"]))
    signature = (request.headers.get("x-slack-signature") or [""])[0]
    if signature:
        return ("slack-request", signature.removeprefix("v0=")[:200])
    return None


def claim_event(session: Session, platform: str, event_id: str) -> bool:
    """Insert the id; False when it was there already (someone else handles it)."""
    insert = conflict_insert(session, SeenEvent)
    if insert is not None:
        statement = (insert.values(platform=platform, event_id=event_id,
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


class Dedupe:
    """The middleware (memory, in the ack path) and the claim (database, before the work)."""

    def __init__(self, sessions: sessionmaker[Session],
                 recent: RecentKeys | None = None) -> None:
        self._sessions = sessions
        self.recent = recent or RecentKeys()
        self._claims = 0
        self._lock = threading.Lock()

    def middleware(self, body: dict[str, Any], request: BoltRequest, context: BoltContext,
                   next_: Callable[[], BoltResponse]) -> BoltResponse | None:
        key = key_of(body, request)
        if key is None:
            return next_()
        if not self.recent.first(key):
            retry = (request.headers.get("x-slack-retry-num") or ["0"])[0]
            log.info("slack %s seen already (retry %s): acknowledged only",
                     "event " + key[1] if key[0] == "slack" else "request", retry[:10])
            return BoltResponse(status=200, body="")
        context[CONTEXT_KEY] = key
        return next_()

    def claim(self, key: Claim) -> bool:
        """True when this process should do the work: it inserted the key, or the database
        could not say (then doing it beats losing it)."""
        try:
            with transaction(self._sessions) as session, \
                    short_lock_wait(session.connection(), CLAIM_WAIT):
                first = claim_event(session, *key)
        except SQLAlchemyError as error:
            log.warning("could not record that a slack request was seen (%s); handling it "
                        "anyway", type(error).__name__)
            return True
        if first:
            self._prune()
        return first

    def _prune(self) -> None:
        with self._lock:
            self._claims += 1
            if self._claims % PRUNE_EVERY:
                return
        try:
            with transaction(self._sessions) as session:
                session.execute(delete(SeenEvent).where(SeenEvent.seen_at < utcnow() - KEEP_FOR))
        except SQLAlchemyError as error:
            log.warning("could not prune seen slack requests (%s)", type(error).__name__)


def claim_of(context: BoltContext) -> Claim | None:
    """The key the middleware left for this request's listener, if any."""
    found = context.get(CONTEXT_KEY)
    return found if isinstance(found, tuple) else None
