"""What a conversation remembers between two messages, for every adapter alike.

A bare "2" means something only right after a choice was offered; in a chat platform it arrives
as a new message, maybe handled by another process, so the choices offered are kept here, with the
target last answered about ("why is this red?"). One row per person (or, for someone the
framework file does not list, per platform account); it holds what the bot said, never an
idea, and an anonymous message neither reads nor writes it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class ConversationState(Base):
    __tablename__ = "conversation_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "person:12" for someone in the framework file, "<platform>:<user id>" for anyone else.
    who: Mapped[str] = mapped_column(String(150), unique=True)
    # [[value, label], ...]: what each number chooses, in the order offered.
    choices: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    question: Mapped[str | None] = mapped_column(Text, default=None)
    topic: Mapped[str | None] = mapped_column(String(200), default=None)  # "indicator:home-91"
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
