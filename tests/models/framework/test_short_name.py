"""`short_name` in the framework file: what a greeting calls someone. Without one, the first
word of the name that is not a title ("Grace" for "Dr Grace Mensah")."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models.db import transaction
from models.framework import check_text, load_framework
from models.tables import Person
from tests.fakes.platforms import CHAT


def test_short_name_is_loaded_and_defaults_to_a_name(sessions: sessionmaker[Session],
                                                     framework_text: str) -> None:
    text = framework_text.replace('name = "Cllr Sam Jones"',
                                  'name = "Cllr Sam Jones"\nshort_name = "Sammy"')
    with transaction(sessions) as session:
        load_framework(session, text, chat_platforms=CHAT)
    with sessions() as session:
        people = {p.key: p for p in session.scalars(select(Person))}
        assert people["cllr-jones"].short_name == "Sammy"
        assert people["cllr-jones"].greeting_name == "Sammy"
        assert people["amina"].short_name is None and people["amina"].greeting_name == "Amina"
    with transaction(sessions) as session:  # taking it out again goes back to the default
        changed = load_framework(session, framework_text, chat_platforms=CHAT).summary()
        assert changed != "nothing changed"
    with sessions() as session:
        jones = session.scalars(select(Person).where(Person.key == "cllr-jones")).one()
        assert jones.short_name is None and jones.greeting_name == "Sam"


def test_short_name_is_checked_like_a_name(framework_text: str) -> None:
    text = framework_text.replace('name = "Pat Lee"', 'name = "Pat Lee"\nshort_name = 7')
    _, problems = check_text(text, chat_platforms=CHAT)
    assert any("short_name" in p.message and p.severity == "error" for p in problems), problems
