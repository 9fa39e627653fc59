"""Staff improvement ideas and the history of what became of them (ingredient 3)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.tables.framework import Person, Team


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
