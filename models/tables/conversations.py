"""Conversations: where a chat platform can reach people later, and what a conversation
remembers between two messages.

Conversation references: some platforms cannot send to a conversation knowing only its id; they
need the address of the regional service that hosts it and the tenant it belongs to, which
arrive with each inbound event. Adapters store them here (install events, the bot being added,
every message), so that a digest, a nudge or a notice can be sent days later without the person
writing first.

Conversation state, for every adapter alike: a bare "2" means something only right after a
choice was offered; in a chat platform it arrives as a new message, maybe handled by another
process, so the choices offered are kept here, with the target last answered about ("why is
this red?"). One row per person (or, for someone the framework file does not list, per platform
account); it holds what the bot said, never an idea, and an anonymous message neither reads nor
writes it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, utcnow


class ConversationReference(Base):
    """One conversation the bot has been in, as the platform addressed it.

    `kind` is the platform's word for the conversation ("personal", "channel", "groupChat");
    `user_id` is the person in a personal conversation (and only there), `team_id` and
    `channel_id` the team and channel of a channel conversation."""

    __tablename__ = "conversation_reference"
    __table_args__ = (UniqueConstraint("platform", "conversation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    conversation_id: Mapped[str] = mapped_column(String(400))
    service_url: Mapped[str] = mapped_column(String(400))
    tenant_id: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    team_id: Mapped[str | None] = mapped_column(String(400))
    channel_id: Mapped[str | None] = mapped_column(String(400))
    user_id: Mapped[str | None] = mapped_column(String(200), index=True)
    user_object_id: Mapped[str | None] = mapped_column(String(100), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


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
