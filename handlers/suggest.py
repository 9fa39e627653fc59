"""Staff improvement ideas: stored before we say they are, with a reference to follow up.

An anonymous idea keeps nothing that could name its author: no person, no chat id, no channel.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from digests.cards import Card, Section
from handlers.people import who
from handlers.request import HandlerContext, Request
from models import queries
from models.base import utcnow
from models.tables import Suggestion, SuggestionStatusChange, Team

MIN_LENGTH = 10
STATUS_WORDS = {
    "new": "new",
    "under_review": "under review",
    "accepted": "accepted",
    "not_now": "not now",
    "done": "done",
}


@dataclass(frozen=True)
class Idea:
    text: str
    anonymous: bool


def suggest(ctx: HandlerContext, request: Request, *, anonymous: bool = False,
            team_key: str | None = None) -> list[Card]:
    """Store the idea in `request.text` (already read by `handlers.intents`, marker removed)."""
    idea = Idea(request.text.strip(), anonymous)
    if len(idea.text) < MIN_LENGTH:
        return [Card(title="Tell me a bit more", sections=(Section.of(
            "Write your idea after the command, for example: /suggest Text people the day "
            "before their first reablement visit. Start with 'anonymous:' to leave your name "
            "off."),))]
    with ctx.sessions() as session, session.begin():
        partnership = queries.current_partnership(session)
        if partnership is None:
            return [Card(title="No partnership loaded yet", sections=(Section.of(
                "Ideas can be taken once a framework file is loaded."),))]
        stored = store(session, partnership.id, request, idea, team_key)
        reference = stored.reference
        team_name = stored.team.name if stored.team else None
    # Only now, after the commit, do we say it is stored.
    who_line = ("Your name is not kept with it." if idea.anonymous
                else "I'll tell you when its status changes.")
    where = f" It goes to the managers of {team_name}." if team_name else ""
    return [Card(title=f"Thanks, your idea is saved as {reference}",
                 sections=(Section.of(f"“{idea.text}”"), Section.of(who_line + where)))]


def store(session: Session, partnership_id: int, request: Request, idea: Idea,
          team_key: str | None) -> Suggestion:
    person = who(session, partnership_id, request)
    team = _team(session, partnership_id, team_key, person.teams if person else [])
    # An exact time could be matched against chat logs to find the author of an anonymous idea,
    # so anonymous ideas are stamped with the day only.
    created = utcnow()
    if idea.anonymous:
        created = created.replace(hour=0, minute=0, second=0, microsecond=0)
    suggestion = Suggestion(
        created_at=created,
        partnership_id=partnership_id,
        team_id=team.id if team else None,
        person_id=None if idea.anonymous or person is None else person.id,
        anonymous=idea.anonymous,
        contact_platform=None if idea.anonymous or person else request.platform,
        contact_id=None if idea.anonymous or person else request.user_id,
        text=idea.text,
        status="new",
    )
    suggestion.history.append(SuggestionStatusChange(status="new", at=created))
    session.add(suggestion)
    session.flush()
    return suggestion


def _team(session: Session, partnership_id: int, key: str | None,
          person_teams: list[Team]) -> Team | None:
    if key:
        return queries.team_by_key(session, partnership_id, key)
    return person_teams[0] if person_teams else None


@dataclass(frozen=True)
class IdeaForm:
    """What the idea form offers: the teams an idea may be for, and the asker's own team."""

    teams: list[tuple[str, str]]  # (key, name)
    default_team: str | None


def idea_form(ctx: HandlerContext, request: Request) -> IdeaForm:
    """The choices for an idea form. The asker is looked up in our own records only (the
    adapter builds the request without asking the platform), because they may be about to
    write an anonymous idea."""
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        if partnership is None:
            return IdeaForm([], None)
        teams = [(t.key, t.name) for t in queries.teams(session, partnership.id)]
        person = who(session, partnership.id, request)
        return IdeaForm(teams, person.teams[0].key if person and person.teams else None)


def my_ideas_card(session: Session, person_id: int) -> Card | None:
    ideas = queries.suggestions_by(session, person_id)
    if not ideas:
        return None
    lines = [f"• {i.reference}: {i.text[:80]} ({STATUS_WORDS.get(i.status, i.status)})"
             for i in ideas[:10]]
    return Card(title="Your ideas", sections=(Section.of("\n".join(lines)),))
