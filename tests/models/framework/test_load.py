"""`framework load`: idempotent upserts, archive instead of delete, history of changes."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from handlers.nudges import record
from models.db import alembic_config, transaction
from models.framework import FrameworkError, LoadReport, load_framework
from models.framework.load_actions import FIELDS, derive_file_values, merge
from models.identities import link_by_email
from models.tables import (
    Accountability,
    AccountabilityUpdate,
    ChatIdentity,
    Indicator,
    Measurement,
    Objective,
    Person,
    Subscription,
    Team,
)
from tests.fakes.platforms import CHAT


def load(sessions: sessionmaker[Session], text: str) -> str:
    with transaction(sessions) as session:
        return load_framework(session, text, chat_platforms=CHAT).summary()


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
        load_framework(session, framework_text.replace('owner = "amina"', 'owner = "amna"', 1),
                       chat_platforms=CHAT)
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


def action_of(session: Session, key: str = "extra-slots") -> Accountability:
    return session.scalars(select(Accountability).where(Accountability.key == key)).one()


def in_chat(sessions: sessionmaker[Session], field: str, new: str, who: str = "amina",
            key: str = "extra-slots") -> None:
    """A change made in chat, through the same function the buttons use."""
    with transaction(sessions) as session:
        person = session.scalars(select(Person).where(Person.key == who)).one()
        record(session, action_of(session, key), person, field, new)


def load_report(sessions: sessionmaker[Session], text: str, **options: Any) -> LoadReport:
    with transaction(sessions) as session:
        return load_framework(session, text, **options, chat_platforms=CHAT)


def history(sessions: sessionmaker[Session], key: str = "extra-slots") -> list[tuple[Any, ...]]:
    with sessions() as session:
        return [(u.field, u.old, u.new, u.source) for u in action_of(session, key).updates]


def test_reload_keeps_what_chat_changed(loaded: sessionmaker[Session],
                                        framework_text: str) -> None:
    """Today a reload silently reopens an action marked done in chat."""
    in_chat(loaded, "status", "done")
    in_chat(loaded, "due", "2026-12-20")
    in_chat(loaded, "status", "open", key="rota", who="ben")  # the file says done
    before = history(loaded)
    assert load(loaded, framework_text) == "nothing changed"
    with loaded() as session:
        action = action_of(session)
        assert (action.status, str(action.due)) == ("done", "2026-12-20")
        assert action_of(session, "rota").status == "open"
    assert history(loaded) == before


def test_what_the_file_changed_is_applied_and_what_chat_changed_kept(
    loaded: sessionmaker[Session], framework_text: str
) -> None:
    in_chat(loaded, "status", "done")
    edited = framework_text.replace("due = 2026-12-01", "due = 2026-12-15").replace(
        "Open ten extra", "Open twelve extra")
    report = load_report(loaded, edited)
    assert report.conflicts == [] and report.summary() == "1 updated accountabilities"
    with loaded() as session:
        action = action_of(session)
        assert (action.status, str(action.due)) == ("done", "2026-12-15")
        assert action.action.startswith("Open twelve")
    assert history(loaded)[-2:] == [
        ("action", "Open ten extra reablement slots at weekends",
         "Open twelve extra reablement slots at weekends", "framework file"),
        ("due", "2026-12-01", "2026-12-15", "framework file")]
    assert load(loaded, edited) == "nothing changed"


def test_file_and_chat_changing_one_field_is_a_conflict_until_resolved(
    loaded: sessionmaker[Session], framework_text: str
) -> None:
    in_chat(loaded, "due", "2026-12-20")
    edited = framework_text.replace("due = 2026-12-01", "due = 2026-12-15")
    for _ in range(2):  # reported on every load until someone resolves it
        report = load_report(loaded, edited)
        assert report.summary() == "nothing changed"
        [conflict] = report.conflicts
        assert (conflict.action, conflict.field, conflict.file_value, conflict.chat_value,
                conflict.changed_by) == ("extra-slots", "due", "2026-12-15", "2026-12-20",
                                         "Amina Shah")
        problem = conflict.problem()
        assert problem.severity == "warning" and problem.item == 'accountability "extra-slots"'
        assert problem.line == edited.splitlines().index("due = 2026-12-15") + 1
        assert ('the file says "2026-12-15", but Amina Shah changed it in chat to "2026-12-20" '
                "on ") in problem.message
        assert "(Europe/London); the chat's value is kept" in problem.message
        assert "--take-file extra-slots" in problem.fix
        with loaded() as session:
            assert str(action_of(session).due) == "2026-12-20"
    agreed = framework_text.replace("due = 2026-12-01", "due = 2026-12-20")
    report = load_report(loaded, agreed)
    assert (report.conflicts, report.summary()) == ([], "nothing changed")
    assert load_report(loaded, agreed).conflicts == []


def test_take_file_applies_the_files_value_over_the_chats(
    loaded: sessionmaker[Session], framework_text: str
) -> None:
    in_chat(loaded, "due", "2026-12-20")
    in_chat(loaded, "status", "done")
    edited = framework_text.replace("due = 2026-12-01", "due = 2026-12-15")
    assert load_report(loaded, edited).conflicts
    report = load_report(loaded, edited, take_file=["extra-slots"])
    assert report.conflicts == [] and report.summary() == "1 updated accountabilities"
    with loaded() as session:
        action = action_of(session)
        # The file's change wins; the status the file never changed stays as chat set it.
        assert (str(action.due), action.status) == ("2026-12-15", "done")
        last = action.updates[-1]
        assert (last.field, last.old, last.new, last.source) == (
            "due", "2026-12-20", "2026-12-15", "framework file")
        assert last.note is not None and "--take-file" in last.note
    assert load_report(loaded, edited) == LoadReport(
        report.partnership_id, Counter(), [], [])


def test_take_file_must_name_an_accountability(loaded: sessionmaker[Session],
                                               framework_text: str) -> None:
    with pytest.raises(FrameworkError) as caught:
        load_report(loaded, framework_text, take_file=["extra-slot"])
    assert [p.message for p in caught.value.problems] == [
        '--take-file "extra-slot": no accountability in the file has this id']


def test_an_upgraded_database_does_not_reopen_actions(
    loaded: sessionmaker[Session], framework_text: str, engine: Engine
) -> None:
    """A database from before file values were stored: the upgrade itself reopens nothing."""
    in_chat(loaded, "status", "done")
    in_chat(loaded, "due", "2026-12-20")
    in_chat(loaded, "status", "open", key="rota", who="ben")
    config = alembic_config(engine)
    command.downgrade(config, "0002")
    command.upgrade(config, "head")
    with loaded() as session:
        assert action_of(session).file_values is None
    report = load_report(loaded, framework_text.replace("Open ten", "Open eleven"))
    assert report.conflicts == []
    with loaded() as session:
        action = action_of(session)
        assert (action.status, str(action.due), action.action[:11]) == (
            "done", "2026-12-20", "Open eleven")
        assert action_of(session, "rota").status == "open"
        assert action.file_values is not None and action.file_values["due"] == "2026-12-01"
    # And after the upgrade the file's own changes are judged against what it said before.
    edited = framework_text.replace("Open ten", "Open eleven").replace(
        "due = 2026-12-01", "due = 2027-01-15")
    assert [c.field for c in load_report(loaded, edited).conflicts] == ["due"]


def test_file_values_are_derived_from_the_history() -> None:
    def update(field: str, old: str | None, new: str | None, source: str) -> AccountabilityUpdate:
        return AccountabilityUpdate(field=field, old=old, new=new, source=source)

    now = {"action": "Act", "owner": "amina", "objective": None, "indicator": None,
           "due": "2027-01-10", "status": "done"}
    updates = [
        update("created", None, "Act", "framework file"),
        update("status", "open", "done", "chat"),                 # chat, before any file change
        update("due", "2026-12-01", "2026-12-15", "framework file"),
        update("due", "2026-12-15", "2026-12-20", "chat"),        # chat after the file: its old
        update("due", "2026-12-20", "2027-01-10", "chat"),
        update("progress", None, "half way", "chat"),
        update("blocked", None, "blocked", "chat"),
    ]
    assert derive_file_values(now, updates) == {**now, "due": "2026-12-15", "status": "open"}
    assert derive_file_values(now, []) == now


@pytest.mark.parametrize(("now", "last", "database", "applied", "conflicts"), [
    ("a", "a", "a", {}, []),          # nothing changed
    ("a", "a", "c", {}, []),          # chat changed it, file did not: chat stands
    ("b", "a", "a", {"f": "b"}, []),  # file changed it, chat did not: applied
    ("b", "a", "b", {}, []),          # both changed it alike: agree
    ("b", "a", "c", {}, ["f"]),       # both changed it differently: conflict
])
def test_three_way_merge(now: str, last: str, database: str, applied: dict[str, str],
                         conflicts: list[str]) -> None:
    def values(value: str) -> dict[str, str | None]:
        return dict.fromkeys(FIELDS, "same") | {"status": value}

    result = merge(values(now), values(last), values(database))
    assert result.apply == {"status" if k == "f" else k: v for k, v in applied.items()}
    assert result.conflicts == ["status" if c == "f" else c for c in conflicts]
    assert result.remembered["status"] == (last if conflicts else now)
    assert merge(values(now), values(last), values(database), take_file=True).apply == (
        {"status": now} if now not in (last, database) else {})


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
