"""Notes leaders add to their team's next digest (ingredient 2: visible leadership)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.tables.framework import Person, Team


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
