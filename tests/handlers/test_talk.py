"""Small talk, explanations and the everyday questions of a colleague, on the demo partnership:
"thanks", "hello", "what does no real change mean?", "who owns X?", "what's late?", "how is
<team> doing?" and "how are we doing?"."""

from __future__ import annotations

import pytest

from bot.app import AppContext
from digests.words.definitions import TERMS
from handlers.nudges import reminder_card
from handlers.request import Request
from handlers.router import dispatch
from models import queries
from models.names import default_short_name
from tests.conftest import TODAY


def say(app: AppContext, text: str, person: str | None = "amina") -> str:
    cards = dispatch(app.handler_context(), Request(text, person_key=person))
    return "\n---\n".join(c.plain_text for c in cards)


def test_thanks_and_hello_by_a_first_name_that_is_a_name(demo_app: AppContext) -> None:
    assert say(demo_app, "thanks!").startswith("You're welcome, Amina")
    assert say(demo_app, "hello", "grace").startswith("Hello Grace")  # not "Dr"
    assert say(demo_app, "good morning", "ravi").startswith("Hello Ravi")  # not "Cllr"
    assert say(demo_app, "hi", None).startswith("Hello\n")
    for text in ("thanks", "hello", "cheers"):
        assert "I don't track" not in say(demo_app, text)


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.key)
def test_every_phrase_is_explained_in_its_own_words(demo_app: AppContext, term: object) -> None:
    said = say(demo_app, f"what does {term.phrase} mean?")  # type: ignore[attr-defined]
    assert said.startswith(f"What “{term.phrase}” means")  # type: ignore[attr-defined]
    assert term.meaning in said  # type: ignore[attr-defined]


def test_who_owns(demo_app: AppContext) -> None:
    said = say(demo_app, "who owns delayed discharges?")
    assert said.startswith("Who owns Delayed discharges: people medically fit to leave hospital")
    assert "Priya Nair owns this measure." in said
    assert "Hold a daily home-first board round on every medical ward (Priya Nair" in said
    assert "Amina Shah" in say(demo_app, "who leads the reablement team?") or \
        "Amina Shah" in say(demo_app, "who is responsible for the reablement team")
    # an outcome names the owner of each of its measures
    outcome = say(demo_app, "who owns older people living independently at home for longer")
    assert "Still at home 91 days after reablement: Amina Shah" in outcome


def test_whats_late_names_actions_and_figures(demo_app: AppContext) -> None:
    said = say(demo_app, "what's late?")
    assert said.startswith("What is late") or said.startswith("Nothing is late")
    if said.startswith("What is late"):
        assert "Actions past their due date" in said


def test_how_are_we_doing_gives_the_news_by_outcome(demo_app: AppContext) -> None:
    said = say(demo_app, "how are we doing?")
    assert said.startswith("How the partnership is doing")
    assert "Which one did you mean" not in said
    assert "show no real change" in said or "shows no real change" in said
    lines = said.splitlines()
    assert len(lines) < 16  # a few lines, not every measure


def test_unknown_says_what_it_tracks_by_outcome_in_a_few_lines(demo_app: AppContext) -> None:
    said = say(demo_app, "how are we doing on bed occupancy?")
    assert said.startswith("I don't track that yet")
    assert "“bed occupancy”" in said and "Agency staffing spend" in said
    bullets = [line for line in said.splitlines() if line.startswith("• ")]
    assert len(bullets) == 5  # one per outcome, not one per measure
    assert bullets[0].startswith("• Older people live independently at home for longer: ")
    # a public-service term the partnership does not measure is named properly
    assert "“youth offending”" in say(demo_app, "YOT")


def test_my_team_asks_which_when_there_are_two(demo_app: AppContext) -> None:
    said = say(demo_app, "how is my team doing?")  # Amina: reablement and leadership
    assert said.startswith("Which team?")
    assert "1. Partnership Leadership Team" in said and "2. Reablement Team" in said
    assert say(demo_app, "how is my team doing?", "tom").startswith(
        "How Reablement Team is doing")
    # a manager of two teams may name either
    assert say(demo_app, "how is the leadership team doing?").startswith(
        "How Partnership Leadership Team is doing")
    assert say(demo_app, "how is my team doing?", None).startswith(
        "I can't tell which team is yours")


def test_plural_team_names_are_agreed_with(demo_app: AppContext) -> None:
    assert say(demo_app, "how are the community connectors doing?").startswith(
        "How Community Connectors are doing")


def test_own_actions_and_reminders_greet_by_a_name_not_a_title(demo_app: AppContext) -> None:
    assert say(demo_app, "/perf mine", "grace").startswith("Your actions, Grace")
    with demo_app.sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        grace = queries.person_by_key(session, partnership.id, "grace")
        assert grace is not None and grace.greeting_name == "Grace"
        actions = queries.actions(session, partnership.id, owner_id=grace.id, open_only=True)
        card = reminder_card(grace, [(a, "due soon") for a in actions], TODAY)
    assert "Hello Grace." in card.plain_text and "Dr" not in card.plain_text.split(".")[0]


@pytest.mark.parametrize(("name", "short"), [
    ("Dr Grace Mensah", "Grace"), ("Cllr Ravi Patel", "Ravi"), ("Prof. Dame Jo Lin", "Jo"),
    ("Amina Shah", "Amina"), ("Mr", "Mr"), ("The Rt Hon Sam Lee", "Sam")])
def test_a_short_name_skips_titles(name: str, short: str) -> None:
    assert default_short_name(name) == short
