"""What a chat remembers between two messages: the choices just offered, the last topic.

"2" means something only right after the bot offered choices, and only to the person it offered
them to. In a chat platform that "2" is a new message, perhaps answered by another process, so
the memory is a row in the database (`ConversationState`), shared by every adapter: each chat
platform and the terminal alike. The first message after an offer uses it up, whatever that message
is; so does time (CHOICE_LIFETIME). The last target answered about is kept for "why is this
red?" (TOPIC_LIFETIME).

An anonymous message neither reads nor writes it: nothing ties an anonymous idea to a person.
Remembering is a convenience: if the database cannot write it, the answer still goes out (and a
later number says there is nothing to choose), so a failure here is logged and not raised.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from digests.cards import Card
from handlers.people import who
from handlers.request import HandlerContext, Request
from models import queries
from models.tables import ConversationState

log = logging.getLogger(__name__)

CHOICE_LIFETIME = timedelta(minutes=30)
TOPIC_LIFETIME = timedelta(hours=2)
CHOICE_ACTION = "ask"  # the Card action id of a choice between answers


@dataclass(frozen=True)
class Offered:
    """The choices offered to someone, in order, and the question that led to them."""

    choices: tuple[tuple[str, str], ...]  # (value, label)
    question: str | None


def key_of(session: Session, request: Request) -> str | None:
    """Who the memory belongs to: the person, else the platform account, else nobody."""
    partnership = queries.current_partnership(session)
    person = who(session, partnership.id, request) if partnership else None
    if person is not None:
        return f"person:{person.id}"
    if request.user_id:
        return f"{request.platform}:{request.user_id}"[:150]
    return None


class Memory:
    """One person's conversation memory, read once per message and written after the reply."""

    def __init__(self, ctx: HandlerContext, request: Request) -> None:
        self.ctx = ctx
        with ctx.sessions() as session:
            self.key = key_of(session, request)
            row = self._row(session) if self.key else None
            now = ctx.now()
            self.offered = _offered(row, now)
            self.topic = row.topic if row is not None and row.topic and \
                _fresh(row.updated_at, now, TOPIC_LIFETIME) else None
            self._had_row = row is not None

    def _row(self, session: Session) -> ConversationState | None:
        return session.scalars(select(ConversationState).where(
            ConversationState.who == self.key)).first()

    def chosen(self, number: int) -> str | None:
        """The value of choice `number` (from 1), if one was just offered."""
        if self.offered is None or not 1 <= number <= len(self.offered.choices):
            return None
        return self.offered.choices[number - 1][0]

    def remember(self, question: str, cards: list[Card], topic: str | None) -> None:
        """Keep the choices these cards offer (or forget the old ones) and the topic."""
        if self.key is None:
            return
        choices = [[a.value, a.label] for c in cards for a in c.buttons if a.id == CHOICE_ACTION]
        keep_topic = topic or self.topic
        if not self._had_row and not choices and not keep_topic:
            return  # nothing to remember and nothing to forget: no write
        try:
            self._write(choices, question if choices else None, keep_topic)
        except SQLAlchemyError as exc:
            log.warning("could not remember the conversation (%s); a number sent next will "
                        "not choose", type(exc).__name__)

    def _write(self, choices: list[list[str]], question: str | None,
               topic: str | None) -> None:
        for attempt in range(2):
            try:
                with self.ctx.sessions() as session, session.begin():
                    row = self._row(session)
                    if row is None:
                        row = ConversationState(who=self.key)
                        session.add(row)
                    row.choices, row.question, row.topic = choices, question, topic
                    row.updated_at = self.ctx.now()
                return
            except IntegrityError:  # another process made the row first: update it
                if attempt:
                    raise


def _offered(row: ConversationState | None, now: datetime) -> Offered | None:
    if row is None or not row.choices or not _fresh(row.updated_at, now, CHOICE_LIFETIME):
        return None
    return Offered(tuple((str(v), str(label)) for v, label in row.choices), row.question)


def _fresh(at: datetime, now: datetime, lifetime: timedelta) -> bool:
    return now - at <= lifetime
