"""Recording a change from words (any platform) or the command line: stored before the reply
says so, refused clearly (and nothing stored) when the input or the person is wrong."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from handlers.changes import ChangeForm, change_choices, change_title, record_change
from handlers.intents import clean
from handlers.request import HandlerContext, Request
from handlers.router import dispatch
from models.tables import Change
from tests.fakes.hostile import NASTY

WORDS = "/perf change home-91 from 2026-02-01 expect increase: Weekend reablement slots"


def changes(ctx: HandlerContext) -> list[Change]:
    with ctx.sessions() as session:
        return list(session.scalars(select(Change).order_by(Change.id)))


def test_a_manager_records_a_change_in_words(with_data: HandlerContext) -> None:
    [card] = dispatch(with_data, Request(WORDS, person_key="amina"))
    assert card.title == "Change recorded: weekend-reablement-slots"
    assert "Still at home 91 days after reablement to rise" in card.plain_text
    [change] = changes(with_data)
    with with_data.sessions() as session:
        stored = session.get_one(Change, change.id)
        assert (stored.title, stored.started, stored.expected, stored.source) == (
            "Weekend reablement slots", date(2026, 2, 1), "increase", "chat")
        assert [i.key for i in stored.indicators] == ["home-91"]
        assert stored.owner is not None and stored.owner.key == "amina"
        assert stored.recorded_by is not None and stored.recorded_by.key == "amina"
    # the same title again gets its own key
    [again] = dispatch(with_data, Request(WORDS, person_key="amina"))
    assert again.title == "Change recorded: weekend-reablement-slots-2"


def test_the_indicator_may_be_named(with_data: HandlerContext) -> None:
    text = "/perf change reablement success from 2026-2-1 rise: Weekend slots"
    [card] = dispatch(with_data, Request(text, person_key="amina"))
    assert card.title == "Change recorded: weekend-slots"
    assert changes(with_data)[0].started == date(2026, 2, 1)


@pytest.mark.parametrize(("words", "says"), [
    ("/perf change home-91 from 2026-13-01 expect increase: x", "is not a date"),
    ("/perf change home-91 from 2026-02-01 expect sideways: x", "increase or decrease"),
    ("/perf change nonsense thing from 2026-02-01 expect increase: x", "I don't know the "
     "measure"),
    ("/perf change home-91 from 1999-02-01 expect increase: x", "from 2000"),
    ("/perf change home-91 2026-02-01 increase x", "I could not read that change"),
    (f"/perf change home-91 from 2026-02-01 expect increase: {'x' * 301}", "under 300"),
])
def test_bad_input_changes_nothing(with_data: HandlerContext, words: str, says: str) -> None:
    [card] = dispatch(with_data, Request(words, person_key="amina"))
    assert says in card.plain_text and "Nothing was saved" in card.plain_text
    assert changes(with_data) == []


@pytest.mark.parametrize("person", ["ben", None])
def test_only_managers_owners_and_admins_record_changes(with_data: HandlerContext,
                                                        person: str | None) -> None:
    [card] = dispatch(with_data, Request(WORDS, person_key=person))
    assert card.title == "That change was not recorded"
    assert changes(with_data) == []
    [card] = dispatch(with_data, Request(WORDS, person_key="pat"))  # an admin
    assert card.title.startswith("Change recorded")


def test_empty_change_offers_the_form(with_data: HandlerContext) -> None:
    [card] = dispatch(with_data, Request("/perf change", person_key="amina"))
    assert [a.id for a in card.buttons] == ["change.open"]
    assert "/perf change home-91 from 2026-10-01 expect increase:" in card.plain_text


def test_links_to_an_action_and_an_idea_are_checked(with_data: HandlerContext) -> None:
    form = ChangeForm("Weekend slots", "home-91", "2026-02-01", "increase",
                      action_key="no-such-action")
    refused = record_change(with_data, Request("", person_key="amina"), form)
    assert "There is no action" in refused.card.plain_text and refused.key is None
    form = ChangeForm("Weekend slots", "home-91", "2026-02-01", "increase",
                      action_key="extra-slots", idea_id=999)
    assert "There is no idea IDEA-999" in record_change(
        with_data, Request("", person_key="amina"), form).card.plain_text
    form = ChangeForm("Weekend slots", "home-91", "2026-02-01", "increase",
                      action_key="extra-slots")
    made = record_change(with_data, Request("", person_key="amina"), form)
    with with_data.sessions() as session:
        stored = session.scalars(select(Change).where(Change.key == made.key)).one()
        assert stored.action is not None and stored.action.key == "extra-slots"


def test_hostile_titles_are_stored_clean_or_refused(with_data: HandlerContext) -> None:
    """Whatever the way in (the command line passes undecodable bytes as lone surrogates),
    a title is cleaned before it is stored; one with nothing visible left is refused."""
    stored = 0
    for text in NASTY:
        form = ChangeForm(text, "home-91", "2026-02-01", "increase")
        made = record_change(with_data, Request("", person_key="amina"), form)
        visible = " ".join(clean(text).split())
        if not visible:
            assert made.key is None and "Say what was done" in made.card.plain_text
            continue
        stored += 1
        assert made.key is not None, repr(text)
        assert changes(with_data)[-1].title == visible
    assert len(changes(with_data)) == stored


def test_the_forms_choices_come_from_the_handler(with_data: HandlerContext) -> None:
    from models import queries
    from models.db import transaction
    from models.tables import Suggestion

    with transaction(with_data.sessions) as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        for text, status in (("Open weekends", "accepted"), ("Not now", "not_now"),
                             ("Text people first", "under_review")):
            session.add(Suggestion(partnership_id=partnership.id, text=text, status=status))
    choices = change_choices(with_data)
    assert choices is not None and choices.today == with_data.today()
    assert ("home-91", "Still at home 91 days after reablement") in choices.indicators
    assert "extra-slots" in dict(choices.actions)
    assert [label.split(": ")[1] for _, label in choices.ideas] == [
        "Text people first", "Open weekends"]  # newest first; an idea set aside is not offered
    form = ChangeForm("Weekend slots", "home-91", "2026-02-01", "increase")
    made = record_change(with_data, Request("", person_key="amina"), form)
    assert made.key is not None
    assert change_title(with_data, made.key) == "Weekend slots"
    assert change_title(with_data, made.key.upper()) is None  # exact keys only
