"""Who is this Teams user? Their AAD object id (the framework's `teams_id`), else their email.

An activity carries the sender's AAD object id. A person whose `teams_id` is that id is them,
exactly. Otherwise the connector is asked for the member's email (`GET .../members/{id}`) and
`models.identities.link_by_email` links them only on an exact match with a person who has no
Teams identity yet. An anonymous idea never gets here (`look_up=False`): no call, no row.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from handlers.request import Request
from models import queries
from models.db import transaction
from models.identities import link_by_email

log = logging.getLogger(__name__)

PLATFORM = "teams"


def user_of(activity: dict[str, Any]) -> str | None:
    """The sender as goldthread names them: the AAD object id, else the Teams user id."""
    sender = activity.get("from") or {}
    found = sender.get("aadObjectId") or sender.get("id")
    return str(found) if found else None


def request(user_id: str | None, text: str, *, channel: str | None = None,
            look_up: bool = True) -> Request:
    if not look_up:
        return Request(text=text, platform=PLATFORM, user_id=user_id)
    return Request(text=text, platform=PLATFORM, user_id=user_id, channel=channel)


def is_linked(sessions: sessionmaker[Session], user_id: str) -> bool:
    with sessions() as session:
        return queries.person_by_identity(session, PLATFORM, user_id) is not None


def link_email(sessions: sessionmaker[Session], user_id: str, email: str) -> bool:
    with transaction(sessions) as session:
        partnership = queries.current_partnership(session)
        if partnership is None:
            return False
        return link_by_email(session, partnership.id, PLATFORM, user_id, email) is not None


async def link(sessions: sessionmaker[Session], api: Any, activity: dict[str, Any]) -> None:
    """Link the sender to a person if it can be done exactly (runs on the Teams loop)."""
    import httpx  # the Teams SDK's client: only a process serving Teams has it loaded

    user = user_of(activity)
    sender = (activity.get("from") or {}).get("id")
    conversation = (activity.get("conversation") or {}).get("id")
    if not user or not sender or not conversation:
        return
    if await asyncio.to_thread(is_linked, sessions, user):
        return
    try:
        member = await api.conversations.members(conversation).get(sender)
    except (httpx.HTTPError, ValueError) as exc:  # no answer: they stay unlinked this time
        log.warning("could not look up a Teams member's email: %s", type(exc).__name__)
        return
    email = getattr(member, "email", None) or getattr(member, "user_principal_name", None)
    if email and not await asyncio.to_thread(link_email, sessions, user, str(email)):
        log.info("a Teams account was not linked by email (no exact match, or that person "
                 "already has a Teams identity)")
