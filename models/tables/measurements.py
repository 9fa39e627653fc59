"""Measurements and their revisions, and peer benchmarks: the numbers the analysis reads."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.tables.framework import Indicator

# How sure a figure is, as its publisher says: "provisional" (may change when late returns
# arrive), "revised" (changed since first published), "estimated" (not counted). None: final.
QUALITIES = ("provisional", "revised", "estimated")


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
    quality: Mapped[str | None] = mapped_column(String(20), default=None)
    # Who typed it, for a figure entered in chat (files and SQL sources name themselves).
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
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
    quality: Mapped[str | None] = mapped_column(String(20), default=None)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
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


class KeptStatus(Base):
    """An indicator's analysed status, kept as JSON so that a question about data that has not
    changed is answered without analysing it again: in a new process that is the difference
    between importing numpy and pandas and not (most of `goldthread ask`'s start-up).

    One row per indicator, its latest analysis. `fingerprint` says what it was made from (the
    data, the indicator's settings and the analysis code); a row whose fingerprint does not
    match is ignored and then replaced. Derived data: deleting every row loses nothing.
    """

    __tablename__ = "kept_status"

    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"),
                                              primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
