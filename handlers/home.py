"""A person's home: my actions, my team's measures, my ideas, and (for managers) ideas to decide.

Each chat platform shows these cards where a person keeps their own things (a home tab).
"""

from __future__ import annotations

from digests.cards import Button, Card, Section
from handlers.golden_thread import action_line
from handlers.indicators import status_of
from handlers.nudges import BUTTONS
from handlers.people import who
from handlers.request import HandlerContext, Request
from handlers.suggest import my_ideas_card
from handlers.triage import ideas_to_triage, triage_card
from models import queries

MAX_TRIAGE = 10


def home_cards(ctx: HandlerContext, request: Request) -> list[Card]:
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        person = who(session, partnership.id, request) if partnership else None
        if partnership is None or person is None:
            return [Card(title="Welcome to goldthread", sections=(
                Section.of("Ask me how something is doing, or share an idea with /suggest. "
                           "Your actions and your team's measures show here once the "
                           "performance lead adds you to the framework file."),))]
        today = ctx.today()
        cards: list[Card] = []
        mine = queries.actions(session, partnership.id, owner_id=person.id, open_only=True)
        if mine:
            cards.append(Card(title="My actions", sections=tuple(
                Section.of(action_line(a, today)) for a in mine[:8]),
                buttons=tuple(Button(button, f"{label}: {a.key}", str(a.id), style)
                              for a in mine[:4] for button, label, style in BUTTONS)))
        else:
            cards.append(Card(title="My actions", sections=(Section.of(
                "Nothing is waiting on you."),)))
        team = person.teams[0] if person.teams else None
        if team is not None:
            lines = []
            for indicator in queries.indicators(session, partnership.id):
                if team.id in {t.id for t in indicator.teams}:
                    status = status_of(ctx, session, indicator)
                    verdict = f", {status.verdict}" if status.verdict else ""
                    lines.append(f"• {indicator.name}: {status.latest_text}{verdict}")
            if lines:
                cards.append(Card(title=f"{team.name}: how we are doing",
                                  sections=(Section.of("\n".join(lines)),)))
        ideas = my_ideas_card(session, person.id)
        if ideas is not None:
            cards.append(ideas)
        if person.role in ("manager", "admin"):
            waiting = ideas_to_triage(session, person)
            if waiting:
                cards.append(Card(title=f"Ideas to decide on ({len(waiting)})"))
                cards += [triage_card(idea) for idea in waiting[:MAX_TRIAGE]]
        return cards
