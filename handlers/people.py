"""Who is asking: from the adapter's person key or the platform identity.

Never from an email alone: an adapter links an account by email through
`models.identities.link_by_email`, which refuses a second account for one person.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from handlers.request import Request
from models import queries
from models.tables import Person


def who(session: Session, partnership_id: int, request: Request) -> Person | None:
    """The person behind a request, or None for someone the framework file does not list.

    Unknown people may ask and suggest but change nothing, so None is a normal answer.
    """
    if request.person_key:
        return queries.person_by_key(session, partnership_id, request.person_key)
    if request.user_id:
        return queries.person_by_identity(session, request.platform, request.user_id)
    return None


def is_manager_of(person: Person | None, team_ids: set[int]) -> bool:
    """Managers of a team (and admins anywhere) may change what belongs to it."""
    if person is None:
        return False
    if person.role == "admin":
        return True
    return person.role == "manager" and any(t.id in team_ids for t in person.teams)
