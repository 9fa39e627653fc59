"""Notices become DMs through the outbox, once per cause however often the cause is replayed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.notices import enqueue_notices
from digests.cards import Card
from handlers.request import Notice
from models.db import transaction
from models.tables import Delivery, Person
from tests.fakes.platforms import SLACK


def test_one_dm_per_person_per_cause(loaded: sessionmaker[Session]) -> None:
    with loaded() as session:
        amina = session.scalars(select(Person).where(Person.key == "amina")).one()
        pat = session.scalars(select(Person).where(Person.key == "pat")).one()
    notices = [Notice(Card("Someone has asked for help"), person_id=amina.id),
               Notice(Card("News about your idea"), platform="slack", user_id="U0NEW"),
               Notice(Card("Nowhere to go"), person_id=pat.id)]  # no chat identity
    for _ in range(2):  # the same view submission processed twice
        with transaction(loaded) as session:
            enqueue_notices(session, notices, "slack:V123", SLACK)
    with transaction(loaded) as session:
        enqueue_notices(session, notices[:1], "slack:V456", SLACK)  # a new cause: told again
    with loaded() as session:
        rows = session.scalars(select(Delivery).order_by(Delivery.id)).all()
    assert [(r.target, r.kind) for r in rows] == [("U0AMINA", "dm"), ("U0NEW", "dm"),
                                                  ("U0AMINA", "dm")]
    assert "asked for help" in str(rows[0].payload["text"])
