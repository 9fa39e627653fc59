"""Conversation references: stored from every activity, read to send later.

Teams addresses a conversation by id *and* the regional service URL and tenant that came with
its events; a proactive message (a digest, a nudge, a notice) needs all three. Every inbound
activity refreshes its conversation's row, so a moved service URL is followed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models.db import transaction
from models.tables import ConversationReference

PLATFORM = "teams"


@dataclass(frozen=True)
class Where:
    """What an activity says about its conversation (read from the activity's JSON)."""

    conversation_id: str
    service_url: str
    kind: str
    tenant_id: str | None
    team_id: str | None
    channel_id: str | None
    user_id: str | None
    user_object_id: str | None

    @classmethod
    def of(cls, activity: Mapping[str, Any]) -> Where | None:
        conversation = activity.get("conversation") or {}
        service_url = activity.get("serviceUrl")
        if not conversation.get("id") or not isinstance(service_url, str):
            return None
        data = activity.get("channelData") or {}
        kind = str(conversation.get("conversationType") or "personal")
        sender = activity.get("from") or {}
        personal = kind == "personal"
        return cls(
            conversation_id=root(str(conversation["id"])),
            service_url=service_url,
            kind=kind,
            tenant_id=(data.get("tenant") or {}).get("id") or conversation.get("tenantId"),
            team_id=(data.get("team") or {}).get("id"),
            channel_id=(data.get("channel") or {}).get("id"),
            user_id=sender.get("id") if personal else None,
            user_object_id=sender.get("aadObjectId") if personal else None,
        )


def root(conversation_id: str) -> str:
    """A channel thread's id is the channel's plus ';messageid=...': keep the channel's."""
    return conversation_id.split(";messageid=", 1)[0]


def remember(sessions: sessionmaker[Session], where: Where) -> None:
    """Insert or refresh the conversation's row. Two first messages at once both try to insert:
    the loser's unique-key error means the row now exists, so it refreshes that one instead."""
    try:
        _remember(sessions, where)
    except IntegrityError:
        _remember(sessions, where)


def _remember(sessions: sessionmaker[Session], where: Where) -> None:
    with transaction(sessions) as session:
        row = session.scalars(select(ConversationReference).where(
            ConversationReference.platform == PLATFORM,
            ConversationReference.conversation_id == where.conversation_id)).one_or_none()
        if row is None:
            row = ConversationReference(platform=PLATFORM, conversation_id=where.conversation_id)
            session.add(row)
        row.service_url = where.service_url
        row.kind = where.kind
        row.tenant_id = where.tenant_id or row.tenant_id
        row.team_id = where.team_id or row.team_id
        row.channel_id = where.channel_id or row.channel_id
        row.user_id = where.user_id or row.user_id
        row.user_object_id = where.user_object_id or row.user_object_id


def find(session: Session, conversation_id: str) -> ConversationReference | None:
    """The stored conversation, by its own id or by the channel id it is the thread root of."""
    rows = select(ConversationReference).where(ConversationReference.platform == PLATFORM)
    return (session.scalars(rows.where(
        ConversationReference.conversation_id == root(conversation_id))).first()
        or session.scalars(rows.where(
            ConversationReference.channel_id == conversation_id)).first())


def personal(session: Session, user: str) -> ConversationReference | None:
    """The 1:1 chat with this user (AAD object id or Teams user id), if we have one."""
    rows = select(ConversationReference).where(
        ConversationReference.platform == PLATFORM, ConversationReference.kind == "personal")
    return (session.scalars(rows.where(ConversationReference.user_object_id == user)).first()
            or session.scalars(rows.where(ConversationReference.user_id == user)).first())


def any_in_tenant(session: Session, tenant_id: str | None) -> ConversationReference | None:
    """Some conversation in the tenant: its service URL is where a new chat is created."""
    rows = select(ConversationReference).where(ConversationReference.platform == PLATFORM)
    if tenant_id:
        rows = rows.where(ConversationReference.tenant_id == tenant_id)
    return session.scalars(rows.order_by(ConversationReference.updated_at.desc())).first()
