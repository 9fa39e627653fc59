"""Nobody becomes somebody else: exact email matching, and linking a chat account by email."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from models import queries
from models.db import transaction
from models.framework import load_framework
from models.identities import link_by_email
from models.tables import ChatIdentity, Person
from tests.fakes.platforms import CHAT

# Pat (an admin) has an email but no slack_id, so chat may link Pat by email; Zoë's address
# has letters SQLite's lower() cannot fold.
EXTRA = '''
[[people]]
id = "zoe"
name = "Zoë Ünal"
email = "ZOË.ÜNAL@riverside.example"
role = "staff"
'''


def with_emails(framework_text: str) -> str:
    return framework_text.replace(
        'name = "Pat Lee"', 'name = "Pat Lee"\nemail = "pat.lee@riverside.example"') + EXTRA


@pytest.fixture
def people(sessions: sessionmaker[Session], framework_text: str) -> sessionmaker[Session]:
    with transaction(sessions) as session:
        load_framework(session, with_emails(framework_text), chat_platforms=CHAT)
    return sessions


def found(sessions: sessionmaker[Session], email: str) -> str | None:
    with sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        person = queries.person_by_email(session, partnership.id, email)
        return person.key if person else None


def test_the_whole_address_in_any_case_finds_the_person(people: sessionmaker[Session]) -> None:
    for email in ("amina.shah@riverside.example", "AMINA.SHAH@RIVERSIDE.EXAMPLE",
                  "Amina.Shah@Riverside.Example", "  amina.shah@riverside.example \t"):
        assert found(people, email) == "amina", email


NOT_AMINA = [
    "amina_shah@riverside.example",          # _ is a LIKE wildcard for "."
    "amina.sha_@riverside.example",
    "amina%@riverside.example",              # % is a LIKE wildcard for anything
    "%@riverside.example",
    "%",
    "_%",
    "amina\\.shah@riverside.example",        # \ is LIKE's escape character
    "amina.shah@riverside.exampl",           # a prefix
    "amina.shah@riverside.example.evil",     # an extension
    "xamina.shah@riverside.example",         # a suffix
    "amina.shah@riverside.example\u200b",    # an invisible character
    "",
    "   ",
]


def test_anything_but_the_address_finds_nobody(people: sessionmaker[Session]) -> None:
    """Today `priy_@...` in a Slack profile becomes the manager Priya (ILIKE wildcards)."""
    assert [email for email in NOT_AMINA if found(people, email) is not None] == []


def test_non_ascii_addresses_compare_without_case(people: sessionmaker[Session]) -> None:
    assert found(people, "zoë.ünal@riverside.example") == "zoe"
    assert found(people, "zoe\u0308.u\u0308nal@riverside.example") == "zoe"  # decomposed
    assert found(people, "zoe.unal@riverside.example") is None


def test_two_people_with_one_address_is_nobody(people: sessionmaker[Session]) -> None:
    """An old database may hold a duplicate the checker now refuses; never pick one of them."""
    with transaction(people) as session:
        ben = session.scalars(select(Person).where(Person.key == "ben")).one()
        ben.email = "Amina.Shah@riverside.example"
    assert found(people, "amina.shah@riverside.example") is None


def link(sessions: sessionmaker[Session], external_id: str, email: str) -> str | None:
    with transaction(sessions) as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        person = link_by_email(session, partnership.id, "slack", external_id, email)
        return person.key if person else None


def identities(sessions: sessionmaker[Session]) -> dict[str, tuple[str, str]]:
    with sessions() as session:
        return {i.external_id: (i.person.key, i.source)
                for i in session.scalars(select(ChatIdentity))}


def test_link_by_email_links_once_and_remembers(people: sessionmaker[Session]) -> None:
    assert link(people, "U0PAT", "PAT.LEE@riverside.example ") == "pat"
    assert identities(people)["U0PAT"] == ("pat", "email")
    assert link(people, "U0PAT", "pat.lee@riverside.example") == "pat"
    with people() as session:
        assert queries.person_by_identity(session, "slack", "U0PAT") is not None


def test_a_second_account_with_the_same_email_is_not_them(people: sessionmaker[Session]) -> None:
    assert link(people, "U0PAT", "pat.lee@riverside.example") == "pat"
    assert link(people, "U0PAT2", "pat.lee@riverside.example") is None
    # Amina's slack_id comes from the framework file; her email cannot bring a new account in.
    assert link(people, "U0EVIL", "amina.shah@riverside.example") is None
    assert set(identities(people)) == {"U0AMINA", "U0BEN", "U0PAT"}


def test_a_wildcard_email_links_nobody(people: sessionmaker[Session]) -> None:
    assert link(people, "U0EVIL", "pat_lee@riverside.example") is None
    assert link(people, "U0EVIL", "%") is None
    assert "U0EVIL" not in identities(people)


def test_an_archived_person_is_not_linked(people: sessionmaker[Session],
                                         framework_text: str) -> None:
    with transaction(people) as session:
        # Pat's email gone: no match
        load_framework(session, framework_text + EXTRA, chat_platforms=CHAT)
    assert link(people, "U0PAT", "pat.lee@riverside.example") is None
    with transaction(people) as session:
        load_framework(session, with_emails(framework_text).replace(EXTRA, ""),  # Zoë leaves
                       chat_platforms=CHAT)
    assert link(people, "U0ZOE", "zoë.ünal@riverside.example") is None


@pytest.fixture
def interleave(sessions: sessionmaker[Session]) -> Iterator[list[Any]]:
    """Run a callback just before the next INSERT into chat_identity: another process's link
    landing between our check and our insert (what a race does), with no sleeps."""
    pending: list[Any] = []
    engine = sessions.kw["bind"]

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO CHAT_IDENTITY") and pending:
            pending.pop()()

    event.listen(engine, "before_cursor_execute", before)
    yield pending
    event.remove(engine, "before_cursor_execute", before)


def test_a_concurrent_link_of_another_account_wins_cleanly(
    people: sessionmaker[Session], interleave: list[Any]
) -> None:
    interleave.append(lambda: link(people, "U0PAT_OTHER", "pat.lee@riverside.example"))
    assert link(people, "U0PAT", "pat.lee@riverside.example") is None
    assert identities(people)["U0PAT_OTHER"] == ("pat", "email")
    assert "U0PAT" not in identities(people)


def test_a_concurrent_link_of_the_same_account_agrees(
    people: sessionmaker[Session], interleave: list[Any]
) -> None:
    interleave.append(lambda: link(people, "U0PAT", "pat.lee@riverside.example"))
    assert link(people, "U0PAT", "pat.lee@riverside.example") == "pat"
    assert [k for k, (who, _) in identities(people).items() if who == "pat"] == ["U0PAT"]
