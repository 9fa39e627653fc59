"""Conversations read like dialogues: what someone types, what the bot says back."""

from __future__ import annotations

from handlers.request import MAX_TEXT, HandlerContext, Request
from handlers.router import dispatch


def say(ctx: HandlerContext, text: str, person: str | None = "amina") -> str:
    cards = dispatch(ctx, Request(text, person_key=person))
    return "\n---\n".join(c.plain_text for c in cards)


def test_how_are_we_doing_on_an_indicator(with_data: HandlerContext) -> None:
    cards = dispatch(with_data, Request("how are we doing on reablement success?"))
    assert len(cards) == 1
    card = cards[0]
    text = card.plain_text
    assert card.title == "Still at home 91 days after reablement"
    assert "Improving." in text
    facts = {f.label: f.value for f in card.facts}
    assert facts["Latest"].endswith("(Oct 2026)")
    assert "on the month before" in facts["Change"]
    assert facts["Target"].startswith("85% (set against similar areas)")
    assert facts["Owner"] == "Amina Shah"
    assert facts["National measure"] == "ASCOF 2B"
    assert "Outcome: Older people live independently at home for longer" in text
    assert "Objective: Get people home from hospital with short-term support" in text
    assert card.image is not None and card.image.png.startswith(b"\x89PNG")
    assert "Improving" in card.image.alt or "improving" in card.image.alt
    assert "6 staff hours a month" in (card.footer or "")


def test_common_cause_is_not_called_a_trend(with_data: HandlerContext) -> None:
    text = say(with_data, "DToC")
    assert "No real change." in text
    assert "trend" not in text.lower()
    # actions on the indicator and on its objective are listed with where they stand
    assert "Agree the weekend rota with the trust (Ben Okafor, done)" in text
    assert "Open ten extra reablement slots at weekends (Amina Shah, due 1 Dec 2026)" in text


def test_no_data_says_so_without_a_verdict(ctx: HandlerContext) -> None:
    text = say(ctx, "delayed discharges")
    assert "There is no data for this yet." in text
    assert "improving" not in text.lower() and "no real change" not in text.lower()


def test_unknown_lists_what_it_tracks(ctx: HandlerContext) -> None:
    text = say(ctx, "how are we doing on potholes?")
    assert "I don't track that yet" in text
    assert "Still at home 91 days after reablement" in text
    assert "Older people live independently at home for longer" in text


def test_ambiguous_offers_choices_that_answer_when_pressed(with_data: HandlerContext) -> None:
    # "hospital" is in a measure's name and in an objective's title: ask, don't guess
    card = dispatch(with_data, Request("what about hospital?"))[0]
    assert card.title == "Which one did you mean?"
    assert 2 <= len(card.buttons) <= 3
    assert {"indicator:delayed-discharges", "objective:reablement"} <= {
        a.value for a in card.buttons}
    # each choice is named in full, with its team, above the buttons
    assert "People medically fit to leave hospital but still there (Reablement Team)" in \
        card.plain_text
    objective = next(a for a in card.buttons if a.value == "objective:reablement")
    answer = dispatch(with_data, Request(objective.value))[0]
    assert answer.title.startswith("Golden thread: Older people live independently")
    assert "▶ Objective: Get people home from hospital with short-term support" in \
        answer.plain_text


def test_a_team_called_by_its_name_is_answered(with_data: HandlerContext) -> None:
    # "reablement" is also the id of an objective, but only the team is *called* Reablement
    # (the README's own example, "how is reablement doing", must answer, not ask back)
    for question in ("how is reablement?", "how is reablement doing", "team:reablement"):
        answer = dispatch(with_data, Request(question))[0]
        assert answer.title == "How Reablement Team is doing", question
        assert "Still at home 91 days after reablement: 8" in answer.plain_text


def test_outcome_thread(with_data: HandlerContext) -> None:
    text = say(with_data, "/perf thread home")
    assert "Golden thread: Older people live independently at home for longer" in text
    assert "Objective: Get people home from hospital with short-term support" in text
    assert "Objective: Reablement starts at weekends too" in text
    assert "Measure: Still at home 91 days after reablement: " in text
    assert "– Action: " in text and "Button" not in text  # an accountability, not a button
    assert "Budget on this outcome: £1,200,000 a year" in text


def test_what_is_overdue(with_data: HandlerContext) -> None:
    assert "Nothing is overdue" in say(with_data, "what's overdue?")


def test_help_and_too_long(ctx: HandlerContext) -> None:
    assert "What I can do" in say(ctx, "help")
    text = say(ctx, "x" * 10_000)
    assert "too long" in text and f"{MAX_TEXT:,}" in text and "Nothing was saved" in text
