"""Changes the partnership made, recorded so the review step can judge them (ingredient 8),
the evaluations made of them, and how often each indicator is used (ingredient 6)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
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
from models.tables.framework import Accountability, Indicator, Person
from models.tables.ideas import Suggestion

change_indicators = Table(
    "change_indicator",
    Base.metadata,
    Column("change_id", ForeignKey("change.id", ondelete="CASCADE"), primary_key=True),
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
)


class Change(Base):
    """Something the partnership did differently, recorded so that the review step can say
    whether it made a difference (ingredient 8).

    `verdict` is the latest evaluation's verdict on the first indicator (see ChangeEvaluation
    for every one, per indicator). `action_id` and `suggestion_id` say where the change came
    from; `author_told_at` is set once the idea's author has been told it worked, and is never
    set for an anonymous idea, whose author nobody can tell.
    """

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
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("accountability.id", ondelete="SET NULL"), default=None)
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestion.id", ondelete="SET NULL"), default=None)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    source: Mapped[str] = mapped_column(String(20), default="chat", server_default="chat")
    learning_note: Mapped[str | None] = mapped_column(Text, default=None)
    noted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    review_prompted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    author_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    rebased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    rebase_reason: Mapped[str | None] = mapped_column(Text, default=None)
    rebased_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)

    owner: Mapped[Person | None] = relationship(foreign_keys=[owner_id])
    recorded_by: Mapped[Person | None] = relationship(foreign_keys=[recorded_by_id])
    noted_by: Mapped[Person | None] = relationship(foreign_keys=[noted_by_id])
    rebased_by: Mapped[Person | None] = relationship(foreign_keys=[rebased_by_id])
    action: Mapped[Accountability | None] = relationship()
    suggestion: Mapped[Suggestion | None] = relationship()
    indicators: Mapped[list[Indicator]] = relationship(secondary=change_indicators,
                                                       order_by="Indicator.key")
    evaluations: Mapped[list[ChangeEvaluation]] = relationship(
        back_populates="change", cascade="all, delete-orphan", order_by="ChangeEvaluation.id")


class ChangeEvaluation(Base):
    """One judgement of a change on one indicator, kept whenever the verdict or the data it
    rests on moved, so the record shows what was known when (records export, FOI)."""

    __tablename__ = "change_evaluation"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("change.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    through_period: Mapped[date | None] = mapped_column(Date, default=None)
    verdict: Mapped[str] = mapped_column(String(20))
    points_before: Mapped[int] = mapped_column(Integer)
    points_after: Mapped[int] = mapped_column(Integer)
    baseline_mean: Mapped[float | None] = mapped_column(Float, default=None)
    lpl: Mapped[float | None] = mapped_column(Float, default=None)
    upl: Mapped[float | None] = mapped_column(Float, default=None)
    after_mean: Mapped[float | None] = mapped_column(Float, default=None)
    effect: Mapped[float | None] = mapped_column(Float, default=None)
    effect_low: Mapped[float | None] = mapped_column(Float, default=None)
    effect_high: Mapped[float | None] = mapped_column(Float, default=None)
    signal: Mapped[str | None] = mapped_column(String(60), default=None)
    more_points: Mapped[int | None] = mapped_column(Integer, default=None)

    change: Mapped[Change] = relationship(back_populates="evaluations")
    indicator: Mapped[Indicator] = relationship()


class IndicatorUsage(Base):
    """How often an indicator was asked about or shown, one row per indicator, day and kind:
    the "is it used?" half of the cost of measurement (ingredient 6)."""

    __tablename__ = "indicator_usage"
    __table_args__ = (UniqueConstraint("indicator_id", "day", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))  # asked | shown
    count: Mapped[int] = mapped_column(Integer, default=0)
