"""`/perf record`: the owner (or an admin) stores a figure; anyone else is refused; a
correction or an unusual value is confirmed first and the old value kept in the history."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from digests.cards import Card
from handlers.request import HandlerContext, Request
from handlers.router import dispatch
from models.db import transaction
from models.tables import ChatIdentity, Measurement, MeasurementRevision, Person


def say(ctx: HandlerContext, text: str, person: str | None = "amina") -> Card:
    (card,) = dispatch(ctx, Request(text, person_key=person))
    return card


def october(ctx: HandlerContext) -> Measurement | None:
    with ctx.sessions() as session:
        return session.scalars(select(Measurement).where(
            Measurement.period == date(2026, 10, 1))).first()


def test_the_owner_records_a_figure(ctx: HandlerContext) -> None:
    card = say(ctx, "/perf record home-91 84.2% for Oct 2026 provisional note: two teams late")
    assert card.title == "Figure recorded"
    assert card.sections[0].plain_text == ("Still at home 91 days after reablement, Oct 2026: "
                                           "84.2% (provisional). Thank you.")
    stored = october(ctx)
    assert stored is not None
    with ctx.sessions() as session:
        amina = session.scalars(select(Person).where(Person.key == "amina")).one()
    assert (stored.value, stored.source, stored.quality, stored.note, stored.recorded_by_id) == (
        84.2, "chat", "provisional", "two teams late", amina.id)


@pytest.mark.parametrize(("person", "allowed"), [
    ("amina", True),       # the owner
    ("pat", True),         # an admin
    ("ben", False),        # staff in the owner's team
    ("cllr-jones", False),  # a member
    (None, False),         # someone the framework file does not list
])
def test_only_the_owner_or_an_admin_may_record(
    ctx: HandlerContext, person: str | None, allowed: bool
) -> None:
    card = say(ctx, "/perf record home-91 84 for Oct 2026", person)
    if allowed:
        assert card.title == "Figure recorded" and october(ctx) is not None
    else:
        assert card.title == "Not yours to record"
        assert "Only the owner of Still at home 91 days after reablement (Amina Shah) or an " \
               "admin" in card.plain_text
        assert october(ctx) is None


def test_a_platform_identity_is_matched_exactly(ctx: HandlerContext) -> None:
    refused = dispatch(ctx, Request("record home-91 84 for Oct 2026", platform="slack",
                                    user_id="U0AMIN"))[0]
    assert refused.title == "Not yours to record"
    with transaction(ctx.sessions) as session:
        assert session.scalars(select(ChatIdentity).where(
            ChatIdentity.external_id == "U0AMINA")).one()
    stored = dispatch(ctx, Request("record home-91 84 for Oct 2026", platform="slack",
                                   user_id="U0AMINA"))[0]
    assert stored.title == "Figure recorded"


def test_a_correction_asks_first_and_keeps_the_old_value(ctx: HandlerContext) -> None:
    say(ctx, "/perf record home-91 84 for Oct 2026")
    asked = say(ctx, "/perf record home-91 85.5 for October")
    assert asked.title == "Please confirm this figure"
    assert "Oct 2026 already has 84.0% (from chat). Replace it with 85.5%? The old figure " \
           "is kept in the history." in asked.plain_text
    assert october(ctx).value == 84  # type: ignore[union-attr]
    yes, no = asked.buttons
    assert (yes.label, no.label) == ("Yes, record it", "No, leave it")
    assert say(ctx, no.value).title == "Nothing was recorded"
    assert october(ctx).value == 84  # type: ignore[union-attr]
    done = say(ctx, yes.value)  # the button sends the confirmed command
    assert done.title == "Figure recorded"
    assert "It was 84.0%; that is kept in the history." in done.plain_text
    assert october(ctx).value == 85.5  # type: ignore[union-attr]
    with ctx.sessions() as session:
        (old,) = session.scalars(select(MeasurementRevision)).all()
    assert (old.value, old.source, old.replaced_by_source) == (84, "chat", "chat")


def test_the_same_figure_again_changes_nothing(ctx: HandlerContext) -> None:
    say(ctx, "/perf record home-91 84 for Oct 2026")
    assert say(ctx, "/perf record home-91 84 for Oct 2026").title == "Already recorded"


def test_a_value_far_outside_everything_seen_is_confirmed_first(
    with_data: HandlerContext
) -> None:
    """39 months in the 78-87% range; 8.6 is a dropped digit, not news."""
    asked = say(with_data, "/perf record home-91 8.6 for Oct 2026")
    assert asked.title == "Please confirm this figure"
    assert "Value 8.6 is far outside everything seen before for this indicator" in \
        asked.plain_text
    assert "Replace it with 8.6%?" in asked.plain_text  # October has a figure too
    assert october(with_data).value != 8.6  # type: ignore[union-attr]
    assert say(with_data, asked.buttons[0].value).title == "Figure recorded"
    assert october(with_data).value == 8.6  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "words"), [
    ("/perf record home-91 84 for Nov 2026", "has not ended yet"),
    ("/perf record home-91 84 for 2027-01-01", "is in the future"),
    ("/perf record home-91 184 for Oct 2026", "outside 0 to 100 for a percentage"),
    ("/perf record home-91 lots for Oct 2026", 'Value "lots" is not a number'),
    ("/perf record delayed-discharges 40 for 18 Nov 2026", "is not a Monday"),
    ("/perf record home-91 84 for sometime", 'I can\'t read "sometime" as a period'),
    ("/perf record home-91 84 for Q3 2026/27",
     '"Q3 2026/27" is a quarter, and this measure has a figure each month: give the month, '
     "like Oct 2026. Nothing was saved."),
    ("/perf record home-91 84 for Jul to Sep", '"Jul to Sep" is a quarter'),
    ("/perf record home 91 84", 'I don\'t know a measure called "home 91". Did you mean '
                                "home-91"),
    ("/perf record home-91", "Say it like this: /perf record <indicator> <value>"),
])
def test_bad_input_is_refused_and_changes_nothing(
    ctx: HandlerContext, text: str, words: str
) -> None:
    card = say(ctx, text)
    assert words in card.plain_text
    with ctx.sessions() as session:
        assert session.scalars(select(Measurement)).all() == []


def test_the_period_due_is_the_default(with_data: HandlerContext) -> None:
    """delayed-discharges has weeks up to 16 Nov; on 27 Nov the week of 23 Nov has not ended,
    so "record" with no period means the last week that has ended, which has a figure."""
    asked = say(with_data, "/perf record delayed-discharges 41")
    assert "Week of 16 Nov 2026 already has" in asked.plain_text
    card = say(with_data, "/perf record home-91 84")  # October exists: a correction
    assert "Oct 2026 already has" in card.plain_text


def test_an_aliases_and_names_work_exactly(ctx: HandlerContext) -> None:
    assert say(ctx, "/perf record reablement success 84 for Oct 2026").title == \
        "Figure recorded"
    assert say(ctx, "/perf record STILL AT HOME 91 DAYS AFTER REABLEMENT 84 for Sep 2026"
               ).title == "Figure recorded"
