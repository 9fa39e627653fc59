"""Deciding on ideas: only managers, every change kept, the author told (unless anonymous)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers.home import home_cards
from handlers.request import HandlerContext, Request
from handlers.router import dispatch
from handlers.triage import set_status
from models.tables import Person, Suggestion


def idea(ctx: HandlerContext, text: str, **request: str) -> int:
    dispatch(ctx, Request("/suggest " + text, **request))
    with ctx.sessions() as session:
        return max(session.scalars(select(Suggestion.id)))


@pytest.mark.parametrize(("who", "allowed"), [
    ("amina", True), ("pat", True), ("ben", False), ("cllr-jones", False), (None, False)])
def test_permission_matrix_for_triage(ctx: HandlerContext, who: str | None,
                                      allowed: bool) -> None:
    target = idea(ctx, "Put the weekend rota on the wall", person_key="ben")
    request = Request("", person_key=who) if who else Request("", platform="slack",
                                                               user_id="U0STRANGER")
    outcome = set_status(ctx, request, target, "accepted", "We will try it in December.")
    assert outcome.changed is allowed
    with ctx.sessions() as session:
        stored = session.get_one(Suggestion, target)
        assert (stored.status == "accepted") is allowed
        assert len(stored.history) == (2 if allowed else 1)


def test_author_is_told_with_the_reason(ctx: HandlerContext) -> None:
    target = idea(ctx, "Put the weekend rota on the wall", person_key="ben")
    outcome = set_status(ctx, Request("", person_key="amina"), target, "not_now",
                         "Not until the new rota system arrives in March.")
    with ctx.sessions() as session:
        ben = session.scalars(select(Person).where(Person.key == "ben")).one()
        change = session.get_one(Suggestion, target).history[-1]
        assert (change.status, change.by_person.key if change.by_person else None) == (
            "not_now", "amina")
    assert [n.person_id for n in outcome.notify] == [ben.id]
    told = outcome.notify[0].card.plain_text
    assert "is now not now" in told and "new rota system arrives in March" in told


def test_unknown_author_is_told_on_their_platform(ctx: HandlerContext) -> None:
    target = idea(ctx, "Longer visits for first calls", platform="slack", user_id="U0NEW")
    outcome = set_status(ctx, Request("", person_key="pat"), target, "under_review")
    assert [(n.platform, n.user_id) for n in outcome.notify] == [("slack", "U0NEW")]


def test_anonymous_author_cannot_be_told(ctx: HandlerContext) -> None:
    target = idea(ctx, "anonymous: Stop double-booking the pool cars", person_key="ben")
    outcome = set_status(ctx, Request("", person_key="amina"), target, "done")
    assert outcome.changed and outcome.notify == []
    assert "sent anonymously" in outcome.reply.plain_text


def test_bad_status_and_missing_idea(ctx: HandlerContext) -> None:
    amina = Request("", person_key="amina")
    assert not set_status(ctx, amina, 999, "accepted").changed
    target = idea(ctx, "Put the weekend rota on the wall", person_key="ben")
    assert not set_status(ctx, amina, target, "binned").changed


def test_home_for_a_manager_and_for_a_stranger(ctx: HandlerContext) -> None:
    idea(ctx, "Put the weekend rota on the wall", person_key="ben")
    cards = home_cards(ctx, Request("", person_key="amina"))
    titles = [c.title for c in cards]
    assert titles[0] == "My actions"
    assert "Reablement Team: how we are doing" in titles
    assert "Ideas to decide on (1)" in titles
    triage = next(c for c in cards if c.title.startswith("IDEA-"))
    assert {a.id for a in triage.buttons} == {"idea.under_review", "idea.accepted",
                                              "idea.not_now", "idea.done"}
    staff = [c.title for c in home_cards(ctx, Request("", person_key="ben"))]
    assert not any(t.startswith("Ideas to decide") for t in staff)
    assert "Your ideas" in staff
    stranger = home_cards(ctx, Request("", platform="slack", user_id="U0NOBODY"))
    assert stranger[0].title == "Welcome to goldthread"
