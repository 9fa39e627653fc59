"""Changes the partnership made, recorded so the review step can judge them (ingredient 8)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.tables.framework import Indicator, Person

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
