"""Linking a chat account to a person by email: the one way an adapter may do it.

The framework file may name a person's chat id; when it does not, the adapter asks the platform
for the account's email and calls `link_by_email`. The match is exact (see models.emails), and
a person who already has an account on that platform, from the file or an earlier email match,
is never linked to another one: a second chat account that merely shows the same email must
not become them. Links made here are marked source="email", so reloading the framework file
keeps them.
"""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.db import conflict_insert
from models.queries import person_by_email
from models.tables import ChatIdentity, Person

FILE, EMAIL = "file", "email"  # ChatIdentity.source


def link_by_email(session: Session, partnership_id: int, platform: str, external_id: str,
                  email: str) -> Person | None:
    """The person this chat account now belongs to, or None.

    An account already linked keeps its person (if still active). Otherwise the account is
    linked to the one person whose email is exactly `email`, unless that person already has an
    account on this platform. Safe when another process links the same account or person at
    the same moment: the database's unique constraints decide, and the loser gets None or the
    winner's person, never an error. The caller commits.
    """
    held = _holder(session, platform, external_id)
    if held is not None:
        return _active(held.person, partnership_id)
    person = person_by_email(session, partnership_id, email)
    if person is None or any(i.platform == platform for i in person.identities):
        return None
    _insert_unless_taken(session, {"person_id": person.id, "platform": platform,
                                   "external_id": external_id, "source": EMAIL})
    session.expire(person, ["identities"])
    held = _holder(session, platform, external_id)
    return person if held is not None and held.person_id == person.id else None


def _holder(session: Session, platform: str, external_id: str) -> ChatIdentity | None:
    return session.scalars(select(ChatIdentity).where(
        ChatIdentity.platform == platform, ChatIdentity.external_id == external_id)).first()


def _active(person: Person, partnership_id: int) -> Person | None:
    if person.archived_at is None and person.partnership_id == partnership_id:
        return person
    return None


def _insert_unless_taken(session: Session, values: dict[str, object]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: a concurrent link waits for, then yields to, the
    other, and the session's transaction stays usable (no IntegrityError to roll back)."""
    conflicting = conflict_insert(session, ChatIdentity)
    if conflicting is not None:
        session.execute(conflicting.values(values).on_conflict_do_nothing())
    else:
        try:
            with session.begin_nested():
                session.execute(insert(ChatIdentity).values(values))
        except IntegrityError:
            pass
