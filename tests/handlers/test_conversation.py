"""A number is a choice only right after choices were offered, to the person they were offered
to; "this" is the measure just answered about. Read like dialogues."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from handlers.intents import read
from handlers.request import HandlerContext, Request
from handlers.router import answer, dispatch
from models.tables import ConversationState, Suggestion

AMBIGUOUS = "what about hospital?"  # a measure and an objective both mention hospital


def chat(ctx: HandlerContext, text: str, person: str | None = "amina",
         user: str | None = None) -> str:
    request = Request(text, platform="slack" if user else "shell", user_id=user,
                      person_key=person)
    cards = answer(ctx, request, read(text)).cards
    return "\n---\n".join(c.plain_text for c in cards)


def test_a_number_alone_is_never_a_topic(with_data: HandlerContext) -> None:
    # Once, "1" answered about "Still at home 91 days" (it fuzzy-matched "91 day").
    for said in (chat(with_data, "1"), dispatch(with_data, Request("1"))[0].plain_text):
        assert "Nothing to choose from just now" in said
        assert "Still at home" not in said


def test_a_number_right_after_a_choice_chooses(with_data: HandlerContext) -> None:
    offered = chat(with_data, AMBIGUOUS)
    assert "Which one did you mean?" in offered
    assert "1. People medically fit to leave hospital but still there" in offered
    chosen = chat(with_data, "1")
    assert chosen.startswith("People medically fit to leave hospital but still there")
    assert "Latest" in chosen
    # used up: the next "1" chooses nothing
    assert "Nothing to choose from just now" in chat(with_data, "1")


def test_any_other_message_in_between_uses_the_choice_up(with_data: HandlerContext) -> None:
    chat(with_data, AMBIGUOUS)
    assert "What I can do" in chat(with_data, "help")
    assert "Nothing to choose from just now" in chat(with_data, "2")


def test_a_number_out_of_range_keeps_the_choice(with_data: HandlerContext) -> None:
    chat(with_data, AMBIGUOUS)
    assert "There is no choice 7" in chat(with_data, "7")
    assert "Golden thread" in chat(with_data, "the second one")


def test_choices_belong_to_the_person_they_were_offered_to(with_data: HandlerContext) -> None:
    chat(with_data, AMBIGUOUS, person="amina")
    assert "Nothing to choose from just now" in chat(with_data, "1", person="ben")
    # someone the file does not list is remembered by their platform account
    chat(with_data, AMBIGUOUS, person=None, user="U0VISITOR")
    assert "Nothing to choose from just now" in chat(with_data, "1", person=None,
                                                      user="U0OTHER")
    assert "Latest" in chat(with_data, "1", person=None, user="U0VISITOR")


def test_a_choice_lapses_after_half_an_hour(with_data: HandlerContext) -> None:
    chat(with_data, AMBIGUOUS)
    now = with_data.now()
    later = replace(with_data, now=lambda: now + timedelta(minutes=31))
    assert "Nothing to choose from just now" in chat(later, "1")


def test_why_is_this_red_means_the_measure_just_answered(with_data: HandlerContext) -> None:
    chat(with_data, "DToC")
    said = chat(with_data, "why is this red?")
    assert said.startswith("Why People medically fit to leave hospital but still there is "
                           "no real change")
    assert "grey: the usual ups and downs" in said
    # with nothing answered yet, it explains the colours
    assert "Orange points" in chat(with_data, "why is this red?", person="ben")


def test_an_anonymous_idea_neither_reads_nor_writes_the_memory(
        with_data: HandlerContext) -> None:
    chat(with_data, AMBIGUOUS)
    with with_data.sessions() as session:
        before = [(r.who, r.updated_at, r.choices) for r in
                  session.scalars(select(ConversationState))]
    said = chat(with_data, "/suggest anonymous: a rota on the wall")
    assert "saved" in said.lower()
    with with_data.sessions() as session:
        after = [(r.who, r.updated_at, r.choices) for r in
                 session.scalars(select(ConversationState))]
        assert session.scalars(select(Suggestion.person_id)).one() is None
    assert after == before


def test_one_shot_callers_keep_no_memory(with_data: HandlerContext) -> None:
    dispatch(with_data, Request(AMBIGUOUS, person_key="amina"))
    with with_data.sessions() as session:
        assert session.scalars(select(ConversationState)).all() == []
