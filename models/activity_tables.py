"""Tables of what happens over time: measurements and their revisions, peer benchmarks,
suggestions, recorded changes, and the delivery machinery (subscriptions, the outbox, seen
platform events)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.framework_tables import Indicator, Person, Team


class Measurement(Base):
    """One value of an indicator for the period starting on `period` (and an optional area)."""

    __tablename__ = "measurement"
    __table_args__ = (UniqueConstraint("indicator_id", "period", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period: Mapped[date] = mapped_column(Date)
    area: Mapped[str] = mapped_column(String(100), default="")
    value: Mapped[float] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float, default=None)
    denominator: Mapped[float | None] = mapped_column(Float, default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    source: Mapped[str | None] = mapped_column(String(300), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    indicator: Mapped[Indicator] = relationship()
    revisions: Mapped[list[MeasurementRevision]] = relationship(
        back_populates="measurement",
        cascade="all, delete-orphan",
        order_by="MeasurementRevision.id",
    )


class MeasurementRevision(Base):
    """The value a measurement had before it was changed: figures are revised, never overwritten
    without trace, because a chart that silently changes loses people's trust."""

    __tablename__ = "measurement_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    measurement_id: Mapped[int] = mapped_column(ForeignKey("measurement.id", ondelete="CASCADE"))
    value: Mapped[float] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float, default=None)
    denominator: Mapped[float | None] = mapped_column(Float, default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    source: Mapped[str | None] = mapped_column(String(300), default=None)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    replaced_by_source: Mapped[str | None] = mapped_column(String(300), default=None)

    measurement: Mapped[Measurement] = relationship(back_populates="revisions")


class Benchmark(Base):
    """A peer's value for one of our indicators: the external challenge of ingredient 7."""

    __tablename__ = "benchmark"
    __table_args__ = (UniqueConstraint("indicator_id", "period", "peer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period: Mapped[date] = mapped_column(Date)
    peer: Mapped[str] = mapped_column(String(200))
    value: Mapped[float] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Suggestion(Base):
    """A staff improvement idea. An anonymous one has person_id NULL and nothing else that
    could identify its author: no chat id, no channel, no timestamp finer than the day."""

    __tablename__ = "suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), default=None)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    anonymous: Mapped[bool] = mapped_column(default=False)
    # For someone not in the framework file: where to tell them what became of their idea.
    # Always NULL for an anonymous idea.
    contact_platform: Mapped[str | None] = mapped_column(String(20), default=None)
    contact_id: Mapped[str | None] = mapped_column(String(100), default=None)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="new")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    team: Mapped[Team | None] = relationship()
    person: Mapped[Person | None] = relationship()
    history: Mapped[list[SuggestionStatusChange]] = relationship(
        back_populates="suggestion",
        cascade="all, delete-orphan",
        order_by="SuggestionStatusChange.id",
    )

    @property
    def reference(self) -> str:
        return f"IDEA-{self.id}"


class SuggestionStatusChange(Base):
    __tablename__ = "suggestion_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    suggestion: Mapped[Suggestion] = relationship(back_populates="history")
    by_person: Mapped[Person | None] = relationship()


change_indicators = Table(
    "change_indicator",
    Base.metadata,
    Column("change_id", ForeignKey("change.id", ondelete="CASCADE"), primary_key=True),
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
)


class Change(Base):
    """Something the partnership did differently, recorded so that the review step can say
    whether it made a difference (ingredient 8)."""

    __tablename__ = "change"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"))
    key: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    started: Mapped[date] = mapped_column(Date)
    expected: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    verdict: Mapped[str | None] = mapped_column(String(40), default=None)

    owner: Mapped[Person | None] = relationship()
    indicators: Mapped[list[Indicator]] = relationship(secondary=change_indicators)


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


class SeenEvent(Base):
    """Platform event ids already handled: chat platforms redeliver, we act once."""

    __tablename__ = "seen_event"
    __table_args__ = (UniqueConstraint("platform", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(200))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
