"""`framework load`: idempotent upserts, archive instead of delete, history of changes."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models.db import transaction
from models.framework import FrameworkError, load_framework
from models.identities import link_by_email
from models.tables import (
    Accountability,
    ChatIdentity,
    Indicator,
    Measurement,
    Objective,
    Person,
    Subscription,
    Team,
)


def load(sessions: sessionmaker[Session], text: str) -> str:
    with transaction(sessions) as session:
        return load_framework(session, text).summary()


def test_second_load_changes_nothing(loaded: sessionmaker[Session], framework_text: str) -> None:
    assert load(loaded, framework_text) == "nothing changed"


def test_everything_lands_with_its_links(loaded: sessionmaker[Session]) -> None:
    with loaded() as session:
        home = session.scalars(select(Indicator).where(Indicator.key == "home-91")).one()
        assert home.owner is not None and home.owner.key == "amina"
        assert [t.key for t in home.teams] == ["reablement"]
        assert home.top_outcome is not None and home.top_outcome.key == "home"
        assert home.aliases == ["reablement success", "91 day"]
        weekend = session.scalars(select(Objective).where(Objective.key == "weekend")).one()
        assert weekend.parent is not None and weekend.parent.key == "reablement"
        assert weekend.outcome.key == "home"
        slack = session.scalars(select(ChatIdentity).where(
            ChatIdentity.external_id == "U0AMINA")).one()
        assert slack.person.key == "amina" and slack.platform == "slack"
        subs = session.scalars(select(Subscription).order_by(Subscription.channel_id)).all()
        assert [(s.channel_id, s.audience) for s in subs] == [
            ("C0BOARD", "member"), ("C0REABLE", "frontline")]


def test_removed_items_are_archived_and_keep_history(
    loaded: sessionmaker[Session], framework_text: str
) -> None:
    with transaction(loaded) as session:
        indicator = session.scalars(select(Indicator).where(
            Indicator.key == "delayed-discharges")).one()
        from datetime import date
        session.add(Measurement(indicator_id=indicator.id, period=date(2026, 11, 2), value=41))
    start = framework_text.index('[[indicators]]\nid = "delayed-discharges"')
    end = framework_text.index("[[accountabilities]]")
    without = framework_text[:start] + framework_text[end:]
    without = without.replace('indicator = "delayed-discharges"', 'objective = "weekend"')
    assert "1 archived indicators" in load(loaded, without)
    with loaded() as session:
        gone = session.scalars(select(Indicator).where(
            Indicator.key == "delayed-discharges")).one()
        assert gone.archived_at is not None
        assert session.scalars(select(Measurement)).one().indicator_id == gone.id
    assert "updated indicators" in load(loaded, framework_text)
    with loaded() as session:
        back = session.scalars(select(Indicator).where(
            Indicator.key == "delayed-discharges")).one()
        assert back.archived_at is None


def test_accountability_changes_are_recorded(
    loaded: sessionmaker[Session], framework_text: str
) -> None:
    load(loaded, framework_text.replace("due = 2026-12-01", "due = 2026-12-15"))
    with loaded() as session:
        action = session.scalars(select(Accountability).where(
            Accountability.key == "extra-slots")).one()
        history = [(u.field, u.old, u.new, u.source) for u in action.updates]
        assert history[0][0] == "created"
        assert history[1] == ("due", "2026-12-01", "2026-12-15", "framework file")


def test_channel_change_moves_the_subscription(
    loaded: sessionmaker[Session], framework_text: str
) -> None:
    load(loaded, framework_text.replace('"C0REABLE"', '"C0NEWREAB"'))
    with loaded() as session:
        team = session.scalars(select(Team).where(Team.key == "reablement")).one()
        assert [c.channel_id for c in team.channels] == ["C0NEWREAB"]
        active = {s.channel_id: s.active for s in session.scalars(select(Subscription))}
        assert active == {"C0REABLE": False, "C0NEWREAB": True, "C0BOARD": True}


def test_slack_id_moving_between_people(
    loaded: sessionmaker[Session], framework_text: str
) -> None:
    swapped = framework_text.replace('slack_id = "U0BEN"', 'slack_id = "U0TEMP"').replace(
        'slack_id = "U0AMINA"', 'slack_id = "U0BEN"').replace('"U0TEMP"', '"U0AMINA"')
    load(loaded, swapped)
    with loaded() as session:
        owner = {i.external_id: i.person.key for i in session.scalars(select(ChatIdentity))}
        assert owner == {"U0AMINA": "ben", "U0BEN": "amina"}


def test_errors_stop_the_load(sessions: sessionmaker[Session], framework_text: str) -> None:
    with pytest.raises(FrameworkError) as caught, transaction(sessions) as session:
        load_framework(session, framework_text.replace('owner = "amina"', 'owner = "amna"', 1))
    assert any('owner "amna"' in p.message for p in caught.value.problems)
    with sessions() as session:
        assert session.scalars(select(Indicator)).first() is None


def test_rebases_load_with_reason(loaded: sessionmaker[Session], framework_text: str) -> None:
    text = framework_text + (
        '\n[[rebases]]\nindicator = "home-91"\ndate = 2026-03-01\n'
        'reason = "Weekend reablement slots started"\n')
    assert "1 created rebases" in load(loaded, text)
    assert load(loaded, text) == "nothing changed"
    with loaded() as session:
        home = session.scalars(select(Indicator).where(Indicator.key == "home-91")).one()
        assert [(str(r.date), r.reason) for r in home.rebases] == [
            ("2026-03-01", "Weekend reablement slots started")]


def identities(sessions: sessionmaker[Session]) -> dict[str, tuple[str, str, str]]:
    with sessions() as session:
        return {i.external_id: (i.person.key, i.platform, i.source)
                for i in session.scalars(select(ChatIdentity))}


def link(sessions: sessionmaker[Session], external_id: str, email: str) -> None:
    with transaction(sessions) as session:
        pid = session.scalars(select(Person.partnership_id)).first()
        assert pid is not None
        assert link_by_email(session, pid, "slack", external_id, email) is not None


PAT_EMAIL = 'name = "Pat Lee"\nemail = "pat.lee@riverside.example"'


def test_reload_keeps_identities_linked_by_email(sessions: sessionmaker[Session],
                                                 framework_text: str) -> None:
    """Today each reload unlinks everyone who was matched by email."""
    text = framework_text.replace('name = "Pat Lee"', PAT_EMAIL)
    load(sessions, text)
    link(sessions, "U0PAT", "pat.lee@riverside.example")
    assert load(sessions, text) == "nothing changed"
    assert identities(sessions)["U0PAT"] == ("pat", "slack", "email")
    # The file naming a slack_id for Pat wins over the email link.
    named = text.replace(PAT_EMAIL, PAT_EMAIL + '\nslack_id = "U0PATFILE"')
    load(sessions, named)
    found = identities(sessions)
    assert "U0PAT" not in found and found["U0PATFILE"] == ("pat", "slack", "file")
    # A file-named id the file stops naming goes; so does an email link whose email changed.
    load(sessions, text)
    assert "U0PATFILE" not in identities(sessions)
    link(sessions, "U0PAT", "pat.lee@riverside.example")
    load(sessions, text.replace("pat.lee@", "pat.lee2@"))
    assert "U0PAT" not in identities(sessions)


def test_the_file_naming_an_email_linked_id_makes_it_the_files(
    sessions: sessionmaker[Session], framework_text: str
) -> None:
    text = framework_text.replace('name = "Pat Lee"', PAT_EMAIL)
    load(sessions, text)
    link(sessions, "U0PAT", "pat.lee@riverside.example")
    load(sessions, text.replace(PAT_EMAIL, PAT_EMAIL + '\nslack_id = "U0PAT"'))
    assert identities(sessions)["U0PAT"] == ("pat", "slack", "file")
    load(sessions, text)
    assert "U0PAT" not in identities(sessions)


def test_a_second_person_with_the_same_slack_id_is_refused(
    loaded: sessionmaker[Session], framework_text: str
) -> None:
    """Today Pat would silently take over Amina's account on load."""
    text = framework_text.replace('name = "Pat Lee"', 'name = "Pat Lee"\nslack_id = "U0AMINA"')
    with pytest.raises(FrameworkError) as caught:
        load(loaded, text)
    assert any('is also given to person "amina"' in p.message for p in caught.value.problems)
    assert identities(loaded)["U0AMINA"] == ("amina", "slack", "file")


def test_too_long_values_stop_the_load_with_a_message_on_every_database(
    loaded: sessionmaker[Session], framework_text: str
) -> None:
    """A 10,000-character title passed check and then crashed load on PostgreSQL."""
    title = 'title = "Older people live independently at home for longer"'
    text = framework_text.replace(title, f'title = "{"x" * 10_000}"')
    with pytest.raises(FrameworkError) as caught:
        load(loaded, text)
    assert [p.message for p in caught.value.problems] == [
        "title is 10,000 characters; the limit is 300"]


def test_hidden_characters_never_reach_the_database(
    loaded: sessionmaker[Session], framework_text: str
) -> None:
    text = framework_text.replace('name = "Amina Shah"', 'name = "Amina\\u0000 Shah\\u001b[0m"')
    load(loaded, text)
    with loaded() as session:
        amina = session.scalars(select(Person).where(Person.key == "amina")).one()
        assert amina.name == "Amina Shah"
