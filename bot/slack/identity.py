"""Who is this Slack user? A ChatIdentity row, else their Slack email matched to a Person.

The first time someone unknown writes, `users.info` gives their email (scope users:read.email);
if it is the email of a person in the framework file who has no Slack identity yet, a
ChatIdentity is stored so that next time it is one query. A person who already has a Slack
identity (a `slack_id` in the file, or an earlier link) is never linked again: a second account
showing the same email is a stranger, not that person. Someone who matches nobody is
remembered for a while, so that every message of a visitor does not cost a call to Slack; they
may ask and suggest, and change nothing.
"""

from __future__ import annotations

import logging
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.orm import Session, sessionmaker

from digests.lru import Lru
from handlers.request import Request
from models import queries
from models.db import transaction
from models.identities import link_by_email

log = logging.getLogger(__name__)

PLATFORM = "slack"


class Identities:
    def __init__(self, sessions: sessionmaker[Session], *, forget_after: float = 600.0) -> None:
        self._sessions = sessions
        self._forget_after = forget_after
        self._strangers: Lru[str, float] = Lru(10_000)  # user id -> remembered until

    def request(self, client: WebClient, user_id: str | None, text: str, *,
                channel: str | None = None, look_up: bool = True) -> Request:
        """The neutral Request for this user. `look_up=False` never asks Slack who they are
        and links nothing: the anonymous-idea paths use it, so no call, no stored identity and
        no log line names the author, and the request carries no channel."""
        if not look_up:
            return Request(text=text, platform=PLATFORM, user_id=user_id)
        if user_id:
            self.link(client, user_id)
        return Request(text=text, platform=PLATFORM, user_id=user_id, channel=channel)

    def link(self, client: WebClient, user_id: str) -> bool:
        """True when the user is (now) tied to a person in the framework file."""
        with self._sessions() as session:
            if queries.person_by_identity(session, PLATFORM, user_id) is not None:
                return True
        until = self._strangers.get(user_id)
        if until is not None and until > time.monotonic():
            return False
        self._strangers.pop(user_id)
        found = self._link_by_email(client, user_id)
        if not found:
            self._strangers.put(user_id, time.monotonic() + self._forget_after)
        return found

    def _link_by_email(self, client: WebClient, user_id: str) -> bool:
        email = self._email(client, user_id)
        if not email:
            return False
        with transaction(self._sessions) as session:
            partnership = queries.current_partnership(session)
            if partnership is None:
                return False
            person = link_by_email(session, partnership.id, PLATFORM, user_id, email)
        if person is None:
            log.info("a Slack account was not linked by email (no exact match, or that person "
                     "already has a Slack identity)")
        return person is not None

    def _email(self, client: WebClient, user_id: str) -> str | None:
        try:
            user = client.users_info(user=user_id)["user"]
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("could not look up a Slack user's email: %s", _reason(exc))
            return None
        if not isinstance(user, dict) or user.get("is_bot") or user.get("deleted"):
            return None
        email = (user.get("profile") or {}).get("email")
        return str(email) if email else None


def _reason(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error"))
    return type(exc).__name__
