"""Every pull of an indicator's SQL source, kept: what it found, or why it failed, and whether
the owner was told.

The owner hears of a failing source once per distinct failure and once when it recovers, not
every morning: the last run they were told about is the memory that decides (see
`models.sources.pull`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class SourceRun(Base):
    __tablename__ = "source_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"),
                                              index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ok: Mapped[bool] = mapped_column(Boolean)
    # What kind of failure (setting, refused, connection, timeout, rows), and a fingerprint of
    # the failure that stays the same while the same thing keeps going wrong.
    kind: Mapped[str | None] = mapped_column(String(20), default=None)
    signature: Mapped[str | None] = mapped_column(String(64), default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    told: Mapped[bool] = mapped_column(Boolean, default=False)
