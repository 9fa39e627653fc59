"""What became of the deliveries a command queued, in words, read back from the outbox.

A command that queues messages and sends them must say what actually happened to each one, not
how busy the outbox was: an outbox total counts other rows too, and "queued" is not "sent".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.delivery.jobs import Unreached
from bot.delivery.queue import FAILED, PENDING, SENDING, SENT, UNKNOWN
from models.tables import Delivery

PROBLEMS = (FAILED, UNKNOWN)  # a person must look at these; a command exits 1 for them


def rows(session: Session, ids: Iterable[int]) -> list[Delivery]:
    wanted = list(ids)
    if not wanted:
        return []
    return list(session.scalars(select(Delivery).where(Delivery.id.in_(wanted))
                                .order_by(Delivery.id)))


def state(row: Delivery, zone: ZoneInfo, today: date | None = None) -> str:
    """One delivery's true state: sent, pending (and when it is tried next), or failed."""
    if row.status == SENT:
        return f"sent ({row.platform_message_id})"
    if row.status == PENDING:
        if row.next_attempt_at is None:
            return "pending: waiting to be sent (the clock sends it within a minute)"
        at = row.next_attempt_at.astimezone(zone)
        when = f"{at:%H:%M}" if today is None or at.date() == today else f"{at:%d %b %H:%M}"
        return f"pending: will retry at {when} ({row.last_error or 'no reason given'})"
    if row.status == SENDING:
        return "being sent by another goldthread process right now"
    if row.status == UNKNOWN:
        return (f"unknown: it may or may not have arrived ({row.last_error}); look there "
                "before sending it again")
    return f"failed: {row.last_error or 'no reason given'}"


def requeue_advice(problems: Sequence[Delivery]) -> str:
    """What to do about the rows that need a person (the same command the admin alert names)."""
    them = "it" if len(problems) == 1 else "them"
    return (f"{len(problems)} could not be sent. Once the cause is fixed, send {them} again "
            "with " + " and ".join(f"`goldthread outbox requeue {row.id}`" for row in problems)
            + ".")


def tally(found: Sequence[Delivery]) -> str:
    """"3 sent, 1 pending, 0 failed" for the rows a command queued."""
    counts = {status: sum(r.status == status for r in found)
              for status in (SENT, PENDING, SENDING, FAILED, UNKNOWN)}
    words = [f"{counts[SENT]} sent", f"{counts[PENDING] + counts[SENDING]} pending",
             f"{counts[FAILED]} failed"]
    if counts[UNKNOWN]:
        words.append(f"{counts[UNKNOWN]} unknown")
    return ", ".join(words)


def unreached(people: Sequence[Unreached]) -> str:
    """"1 person could not be reached: Dan Hill (no Slack id ...)", or "" for none."""
    if not people:
        return ""
    who = "1 person" if len(people) == 1 else f"{len(people)} people"
    return f"; {who} could not be reached: " + ", ".join(
        f"{person.name} ({person.reason})" for person in people)
