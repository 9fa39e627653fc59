"""Ideas: stored before the reply, a reference back, and anonymity that means anonymity."""

from __future__ import annotations

from sqlalchemy import select

from handlers.request import HandlerContext, Request
from handlers.router import dispatch
from models.tables import Suggestion


def test_suggestion_is_stored_with_a_reference(ctx: HandlerContext) -> None:
    cards = dispatch(ctx, Request("/suggest Text people the day before their first visit",
                                  person_key="ben"))
    with ctx.sessions() as session:
        idea = session.scalars(select(Suggestion)).one()
        assert idea.person is not None and idea.person.key == "ben"
        assert idea.team is not None and idea.team.key == "reablement"
        assert [h.status for h in idea.history] == ["new"]
    assert cards[0].title == f"Thanks, your idea is saved as IDEA-{idea.id}"
    assert "I'll tell you when its status changes" in cards[0].plain_text


def test_anonymous_idea_keeps_no_identity(ctx: HandlerContext) -> None:
    request = Request("anonymous: Stop asking the same questions twice at assessment",
                      platform="slack", user_id="U0BEN", channel="C0REABLE")
    cards = dispatch(ctx, request, command="suggest")
    assert "Your name is not kept with it." in cards[0].plain_text
    with ctx.sessions() as session:
        idea = session.scalars(select(Suggestion)).one()
        assert idea.anonymous
        assert idea.text == "Stop asking the same questions twice at assessment"
        assert (idea.person_id, idea.contact_platform, idea.contact_id) == (None, None, None)
        # the idea still goes to the team's managers; its time is kept to the day only
        assert idea.team is not None and idea.team.key == "reablement"
        assert idea.created_at.time().isoformat() == "00:00:00"
        assert idea.history[0].at == idea.created_at
        row = [str(v) for v in vars(idea).values()]
        assert not any("U0BEN" in v or "C0REABLE" in v for v in row)


def test_unknown_person_may_suggest_and_be_told_later(ctx: HandlerContext) -> None:
    dispatch(ctx, Request("Put the rota on the wall", platform="slack", user_id="U0NEW"),
             command="suggest")
    with ctx.sessions() as session:
        idea = session.scalars(select(Suggestion)).one()
        assert (idea.person_id, idea.contact_platform, idea.contact_id) == (None, "slack", "U0NEW")


def test_empty_or_tiny_idea_is_not_stored(ctx: HandlerContext) -> None:
    for text in ("/suggest", "/suggest  ok", "/suggest anonymous:"):
        cards = dispatch(ctx, Request(text, person_key="ben"))
        assert cards[0].title == "Tell me a bit more"
    with ctx.sessions() as session:
        assert session.scalars(select(Suggestion)).first() is None


def test_odd_unicode_and_markup_are_kept_as_typed(ctx: HandlerContext) -> None:
    text = "Use <!channel> & *bold* ideas: café ☕ résumé 🙂 \u202eright-to-left"
    cards = dispatch(ctx, Request("/suggest " + text, person_key="ben"))
    with ctx.sessions() as session:
        stored = session.scalars(select(Suggestion)).one().text
    assert stored.startswith("Use <!channel> & *bold* ideas: café ☕ résumé 🙂")
    assert f"“{stored}”" in cards[0].plain_text


def test_ten_thousand_characters_is_refused_and_not_stored(ctx: HandlerContext) -> None:
    cards = dispatch(ctx, Request("/suggest " + "idea " * 2000, person_key="ben"))
    assert "too long" in cards[0].title
    with ctx.sessions() as session:
        assert session.scalars(select(Suggestion)).first() is None


def test_anonymous_marker_typed_with_a_non_breaking_space_keeps_no_identity(
        ctx: HandlerContext) -> None:
    """Option-Space on a Mac after "anonymous:"; this stored the idea under its author."""
    dispatch(ctx, Request("/suggest anonymous:\u00a0Stop asking the same questions twice",
                          platform="slack", user_id="U0BEN"))
    with ctx.sessions() as session:
        idea = session.scalars(select(Suggestion)).one()
        assert idea.anonymous and idea.text == "Stop asking the same questions twice"
        assert (idea.person_id, idea.contact_platform, idea.contact_id) == (None, None, None)
