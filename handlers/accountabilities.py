"""Accountabilities: what each person has said they will do, and where it stands.

Worded without blame (ingredient 2): an overdue action is "was due", followed by an offer of help,
never "late" or "failed".
"""

from __future__ import annotations

from digests.cards import Card, Section
from handlers.golden_thread import action_line
from handlers.people import who
from handlers.request import HandlerContext, Request
from handlers.suggest import my_ideas_card
from models import queries


def mine(ctx: HandlerContext, request: Request) -> list[Card]:
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        person = who(session, partnership.id, request) if partnership else None
        if partnership is None or person is None:
            return [Card(title="I don't know you yet", sections=(Section.of(
                "Your actions show here once the performance lead adds you to the framework "
                "file with your chat id or email."),))]
        today = ctx.today()
        open_actions = queries.actions(session, partnership.id, owner_id=person.id,
                                       open_only=True)
        cards = []
        if open_actions:
            late = [a for a in open_actions if a.due is not None and a.due < today]
            lines = "\n".join(f"• {action_line(a, today)}" for a in open_actions)
            sections = [Section.of(lines)]
            if late:
                sections.append(Section.of(
                    f"{len(late)} of these {'is' if len(late) == 1 else 'are'} past the due date. "
                    "Can we help? Update the progress or set a new date."))
            cards.append(Card(title=f"Your actions, {person.greeting_name}",
                              sections=tuple(sections)))
        else:
            cards.append(Card(title="You have no open actions", sections=(Section.of(
                "Nothing is waiting on you. Thank you."),)))
        ideas = my_ideas_card(session, person.id)
        if ideas:
            cards.append(ideas)
        return cards
