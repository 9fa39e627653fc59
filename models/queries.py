"""Read queries the conversations and digests share. Everything else reads through here, so the
rules of what counts (active, not archived; one partnership; open actions) live in one place."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models.emails import email_key
from models.tables import (
    Accountability,
    ChatIdentity,
    Indicator,
    Measurement,
    Objective,
    Outcome,
    Partnership,
    Person,
    Suggestion,
    Team,
)

if TYPE_CHECKING:
    import pandas as pd


def current_partnership(session: Session) -> Partnership | None:
    """The loaded partnership (one database serves one partnership)."""
    return session.scalars(select(Partnership).order_by(Partnership.id)).first()


def person_by_key(session: Session, partnership_id: int, key: str) -> Person | None:
    return session.scalars(select(Person).where(
        Person.partnership_id == partnership_id, Person.key == key,
        Person.archived_at.is_(None))).first()


def person_by_identity(session: Session, platform: str, external_id: str) -> Person | None:
    return session.scalars(
        select(Person).join(ChatIdentity).where(
            ChatIdentity.platform == platform, ChatIdentity.external_id == external_id,
            Person.archived_at.is_(None))).first()


def person_by_email(session: Session, partnership_id: int, email: str) -> Person | None:
    """The one active person whose email is exactly this address, ignoring case and
    surrounding spaces; None when nobody has it, or when more than one does (never a guess).

    Compared in Python, not with SQL's LIKE (where `_` and `%` are wildcards) or lower() (which
    folds ASCII only on SQLite): a partnership has hundreds of people, not millions.
    """
    wanted = email_key(email)
    if not wanted:
        return None
    found = [person for person in session.scalars(select(Person).where(
        Person.partnership_id == partnership_id, Person.email.is_not(None),
        Person.archived_at.is_(None)))
        if person.email is not None and email_key(person.email) == wanted]
    return found[0] if len(found) == 1 else None


def people(session: Session, partnership_id: int) -> list[Person]:
    return list(session.scalars(select(Person).where(
        Person.partnership_id == partnership_id, Person.archived_at.is_(None)
    ).order_by(Person.key)))


def indicators(session: Session, partnership_id: int) -> list[Indicator]:
    return list(session.scalars(
        select(Indicator).where(
            Indicator.partnership_id == partnership_id, Indicator.archived_at.is_(None)
        ).options(
            selectinload(Indicator.objective).selectinload(Objective.outcome),
            selectinload(Indicator.outcome), selectinload(Indicator.owner),
            selectinload(Indicator.teams), selectinload(Indicator.rebases),
        ).order_by(Indicator.key)))


def indicator_ids(session: Session, partnership_id: int, keys: Iterable[str]) -> list[int]:
    """The ids of the partnership's active indicators with these keys (exact), in id order:
    one small query, for counting, where `indicators` would load every relation."""
    wanted = sorted(set(keys))
    if not wanted:
        return []
    return list(session.scalars(select(Indicator.id).where(
        Indicator.partnership_id == partnership_id, Indicator.archived_at.is_(None),
        Indicator.key.in_(wanted)).order_by(Indicator.id)))


def outcomes(session: Session, partnership_id: int) -> list[Outcome]:
    return list(session.scalars(select(Outcome).where(
        Outcome.partnership_id == partnership_id, Outcome.archived_at.is_(None)
    ).order_by(Outcome.key)))


def objectives(session: Session, partnership_id: int) -> list[Objective]:
    return list(session.scalars(select(Objective).where(
        Objective.partnership_id == partnership_id, Objective.archived_at.is_(None)
    ).order_by(Objective.key)))


def teams(session: Session, partnership_id: int) -> list[Team]:
    return list(session.scalars(select(Team).where(
        Team.partnership_id == partnership_id, Team.archived_at.is_(None)
    ).order_by(Team.key)))


def team_by_key(session: Session, partnership_id: int, key: str) -> Team | None:
    return session.scalars(select(Team).where(
        Team.partnership_id == partnership_id, Team.key == key,
        Team.archived_at.is_(None))).first()


def measurements(session: Session, indicator_id: int, area: str = "") -> pd.DataFrame:
    """The indicator's series, oldest first: period, value, numerator, denominator, note,
    quality (None when final)."""
    import pandas as pd  # here: a question answered from a kept status never needs it

    rows = session.execute(
        select(Measurement.period, Measurement.value, Measurement.numerator,
               Measurement.denominator, Measurement.note, Measurement.quality)
        .where(Measurement.indicator_id == indicator_id, Measurement.area == area)
        .order_by(Measurement.period)
    ).all()
    return pd.DataFrame(
        rows, columns=["period", "value", "numerator", "denominator", "note", "quality"]
    ).astype({"value": "float64", "numerator": "float64", "denominator": "float64"})


def measurement_fingerprint(session: Session, indicator_id: int) -> tuple[object, ...]:
    """Changes whenever a measurement of the indicator is added or revised."""
    row = session.execute(
        select(func.count(), func.max(Measurement.updated_at), func.max(Measurement.period))
        .where(Measurement.indicator_id == indicator_id)).one()
    return tuple(row)


def actions(
    session: Session, partnership_id: int, *, owner_id: int | None = None,
    objective_ids: list[int] | None = None, indicator_ids: list[int] | None = None,
    open_only: bool = False,
) -> list[Accountability]:
    """Accountabilities, filtered by owner and/or what they serve, soonest due first."""
    query = select(Accountability).where(
        Accountability.partnership_id == partnership_id, Accountability.archived_at.is_(None))
    if owner_id is not None:
        query = query.where(Accountability.owner_id == owner_id)
    if objective_ids is not None or indicator_ids is not None:
        query = query.where(
            Accountability.objective_id.in_(objective_ids or [])
            | Accountability.indicator_id.in_(indicator_ids or []))
    if open_only:
        query = query.where(Accountability.status == "open")
    query = query.options(selectinload(Accountability.owner))
    found = list(session.scalars(query))
    return sorted(found, key=lambda a: (a.due or date.max, a.key))


def overdue(session: Session, partnership_id: int, today: date) -> list[Accountability]:
    return [a for a in actions(session, partnership_id, open_only=True)
            if a.due is not None and a.due < today]


def suggestions_by(session: Session, person_id: int) -> list[Suggestion]:
    return list(session.scalars(select(Suggestion).where(
        Suggestion.person_id == person_id).order_by(Suggestion.id.desc())))
