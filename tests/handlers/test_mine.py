"""`/perf mine`: my actions, kindly worded, and my ideas."""

from __future__ import annotations

from handlers.request import HandlerContext, Request
from handlers.router import dispatch


def test_my_open_actions(ctx: HandlerContext) -> None:
    cards = dispatch(ctx, Request("/perf mine", person_key="amina"))
    text = cards[0].plain_text
    assert cards[0].title == "Your actions, Amina"
    assert "Open ten extra reablement slots at weekends (Amina Shah, due 1 Dec 2026)" in text


def test_overdue_is_said_without_blame(ctx: HandlerContext) -> None:
    from dataclasses import replace
    from datetime import date

    later = replace(ctx, today=lambda: date(2026, 12, 3))
    text = dispatch(later, Request("mine", person_key="amina"))[0].plain_text
    assert "was due 1 Dec 2026" in text
    assert "Can we help?" in text
    assert not any(word in text.lower() for word in ("late", "failed", "missed"))


def test_no_actions_and_my_ideas(ctx: HandlerContext) -> None:
    dispatch(ctx, Request("/suggest A named idea about weekend cover", person_key="ben"))
    dispatch(ctx, Request("/suggest anonymous: A secret idea about rotas", person_key="ben"))
    cards = dispatch(ctx, Request("mine", person_key="ben"))
    assert cards[0].title == "You have no open actions"
    ideas = cards[1].plain_text
    assert "A named idea about weekend cover (new)" in ideas
    assert "secret" not in ideas  # anonymous ideas are not linked to anyone, even their author


def test_unknown_person(ctx: HandlerContext) -> None:
    cards = dispatch(ctx, Request("mine", platform="slack", user_id="U0NOBODY"))
    assert cards[0].title == "I don't know you yet"


def test_slack_identity_resolves(ctx: HandlerContext) -> None:
    cards = dispatch(ctx, Request("mine", platform="slack", user_id="U0AMINA"))
    assert cards[0].title == "Your actions, Amina"
