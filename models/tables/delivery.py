"""The delivery machinery: digest subscriptions, the outbox, stored chart images and the
platform events already handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.tables.framework import Team


class Subscription(Base):
    """A digest going to one channel on one platform for one audience."""

    __tablename__ = "subscription"
    __table_args__ = (UniqueConstraint("team_id", "platform", "channel_id", "audience"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str] = mapped_column(String(100))
    audience: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)

    team: Mapped[Team] = relationship()


class Delivery(Base):
    """The outbox: a message is stored here before it is sent, so a crash, a retry or a second
    scheduler can neither lose nor double it. `dedupe_key` is unique per (subscription, period)
    for digests and per (person, day) for nudges."""

    __tablename__ = "delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("subscription.id", ondelete="SET NULL"), default=None
    )
    period: Mapped[str | None] = mapped_column(String(40), default=None)
    platform: Mapped[str] = mapped_column(String(20))
    target: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # When a process took the row to send it; a row stuck in "sending" past its lease is
    # looked at again rather than forgotten.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    platform_message_id: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Set when records retention emptied `payload` (the message itself); the row stays, so
    # what was sent to whom and when is never lost.
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class SeenEvent(Base):
    """Platform event ids already handled: chat platforms redeliver, we act once."""

    __tablename__ = "seen_event"
    __table_args__ = (UniqueConstraint("platform", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(200))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChartImage(Base):
    """A rendered chart, stored once by content hash. Deliveries refer to it, so a retry or a
    second process sends the same bytes, and 1,000 teams sharing an indicator share one image."""

    __tablename__ = "chart_image"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    cache_key: Mapped[str] = mapped_column(String(300), index=True)
    png: Mapped[bytes] = mapped_column(LargeBinary)
    alt: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
