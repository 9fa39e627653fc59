"""`/perf digest` (my team's digest, now, just for me) and `/perf note` (a word from a leader).

Visible leadership is one of the research's ingredients: a manager's note of thanks, context or
a decision travels with the numbers in the team's next digest.
"""

from __future__ import annotations

from digests.cards import Card, Digest, Section
from handlers.people import is_manager_of, who
from handlers.request import HandlerContext, Request
from models import queries
from models.tables import DigestNote, Person, Team

MAX_NOTE = 600


def audience_for(person: Person | None, team: Team) -> str:
    """Managers see the manager view of their team; members the partnership view."""
    if person is not None and person.role in ("manager", "admin") and team.audience != "member":
        return "manager"
    return team.audience


def digest_cards(digest: Digest) -> list[Card]:
    """A digest as a list of cards for a chat reply: its title leads."""
    return [Card(title=digest.title), *digest.cards]


def my_digest(ctx: HandlerContext, request: Request) -> list[Card]:
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        person = who(session, partnership.id, request) if partnership else None
        if partnership is None or person is None or not person.teams:
            return [Card(title="I can't tell which team is yours", sections=(Section.of(
                "Ask the performance lead to add you to a team in the framework file."),))]
        team = person.teams[0]
        digest = ctx.digests.digest(session, partnership, team.key,
                                    audience_for(person, team), ctx.today())
    return digest_cards(digest)


def add_note(ctx: HandlerContext, request: Request) -> list[Card]:
    text = request.text.strip()
    if not text:
        return [Card(title="What would you like to say?", sections=(Section.of(
            "Write it after the command, for example: /perf note Thank you all for covering "
            "the weekend."),))]
    if len(text) > MAX_NOTE:
        return [Card(title="That note is a bit long", sections=(Section.of(
            f"Notes travel with the numbers, so keep them under {MAX_NOTE} characters. "
            "Nothing was saved."),))]
    with ctx.sessions() as session, session.begin():
        partnership = queries.current_partnership(session)
        person = who(session, partnership.id, request) if partnership else None
        teams = [t for t in (person.teams if person else [])
                 if is_manager_of(person, {t.id})]
        if person is None or not teams:
            return [Card(title="Only a team's manager can add a note", sections=(Section.of(
                "Nothing was saved."),))]
        session.add(DigestNote(team_id=teams[0].id, author_id=person.id, text=text))
        team_name = teams[0].name
    ctx.digests.forget()
    return [Card(title="Your note is saved", sections=(Section.of(
        f"It will go out with {team_name}'s next digest."),))]
