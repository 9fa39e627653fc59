"""Tables the digests and the outbox need beyond the core: stored chart images and the short
notes leaders add to their team's next digest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.framework_tables import Person, Team


class ChartImage(Base):
    """A rendered chart, stored once by content hash. Deliveries refer to it, so a retry or a
    second process sends the same bytes, and 1,000 teams sharing an indicator share one image."""

    __tablename__ = "chart_image"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    cache_key: Mapped[str] = mapped_column(String(300), index=True)
    png: Mapped[bytes] = mapped_column(LargeBinary)
    alt: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigestNote(Base):
    """A few words from a manager or leader that travel with the team's next digest."""

    __tablename__ = "digest_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when a digest carried it, so each note is shown once.
    used_in_period: Mapped[str | None] = mapped_column(String(40), default=None)

    team: Mapped[Team] = relationship()
    author: Mapped[Person | None] = relationship()
