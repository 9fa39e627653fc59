"""The delivery queue: what goes into the outbox, and its statuses.

- `enqueue` inserts under a unique `dedupe_key`; a second insert of the same key is a quiet no-op.
  That key is what lets a restart, a retry or a second scheduler run without doubling anything.
- `requeue` puts a failed or unknown row back after a person has looked at it.

Sending what is queued, once, is `bot.delivery.outbox`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import CursorResult, Update, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.db import conflict_insert
from models.tables import Delivery

PENDING, SENDING, SENT, FAILED, UNKNOWN = "pending", "sending", "sent", "failed", "unknown"


def enqueue(session: Session, *, dedupe_key: str, platform: str, target: str, kind: str,
            payload: Mapping[str, Any], subscription_id: int | None = None,
            period: str | None = None) -> Delivery | None:
    """Store a message to send; None if `dedupe_key` is already stored (someone got there first).

    Never raises for a duplicate and never spoils the caller's transaction: SQLite and
    PostgreSQL use INSERT ... ON CONFLICT DO NOTHING (pysqlite cannot be trusted with
    SAVEPOINTs), other databases a SAVEPOINT.
    """
    values: dict[str, Any] = {
        "dedupe_key": dedupe_key, "platform": platform, "target": target, "kind": kind,
        "payload": dict(payload), "subscription_id": subscription_id, "period": period,
        "status": PENDING, "attempts": 0,
    }
    insert = conflict_insert(session, Delivery)
    if insert is not None:
        statement = (insert.values(**values)
                     .on_conflict_do_nothing(index_elements=["dedupe_key"])
                     .returning(Delivery.id))
        new_id = session.execute(statement).scalar_one_or_none()
        return None if new_id is None else session.get(Delivery, new_id)
    row = Delivery(**values)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        if not is_enqueued(session, dedupe_key):
            raise
        return None
    return row


def is_enqueued(session: Session, dedupe_key: str) -> bool:
    """The cheap check before building a digest: is this key in the outbox already?"""
    found = session.scalar(select(Delivery.id).where(Delivery.dedupe_key == dedupe_key))
    return found is not None


def requeue(session: Session, delivery_id: int) -> bool:
    """Put a `failed` or `unknown` row back in the queue, after a person has looked at it."""
    result = changed(session, update(Delivery).where(
        Delivery.id == delivery_id, Delivery.status.in_((FAILED, UNKNOWN))
    ).values(status=PENDING, attempts=0, next_attempt_at=None, claimed_at=None))
    return result.rowcount == 1


def changed(session: Session, statement: Update) -> CursorResult[Any]:
    """Run a conditional UPDATE of delivery rows; its rowcount says whether the row was ours."""
    return cast(CursorResult[Any], session.execute(
        statement.execution_options(synchronize_session=False)))
