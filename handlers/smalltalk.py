"""Small talk: a thank-you, a hello, a goodbye. Answered briefly and by name (a first name that
is a name: "Grace", never "Dr"), with a pointer to what the bot can do."""

from __future__ import annotations

from digests.cards import Card, Section
from handlers.people import who
from handlers.request import HandlerContext, Request
from models import queries

EXAMPLE = "how are we doing on delayed discharges?"


def reply(ctx: HandlerContext, request: Request, kind: str) -> Card:
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        person = who(session, partnership.id, request) if partnership else None
        name = f", {person.greeting_name}" if person is not None else ""
    if kind == "thanks":
        return Card(title=f"You're welcome{name}", sections=(Section.of(
            "Ask me about any measure whenever you like."),))
    if kind == "bye":
        return Card(title=f"Bye for now{name}", sections=(Section.of(
            "I'll be here when you need the figures."),))
    if kind == "ok":
        return Card(title="Glad that helps", sections=(Section.of(
            f"Ask me about anything else, for example “{EXAMPLE}”"),))
    return Card(title=f"Hello{name.replace(',', '', 1)}", sections=(Section.of(
        f"Ask me how something is doing, for example “{EXAMPLE}”, or type help to see "
        "what else I can do."),))
