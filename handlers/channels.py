"""`this channel is for <team>`: a team's manager (or an admin) points its digests at the
channel the words were said in.

The adapter gives the channel (`Request.channel`, set only in a channel, never in a 1:1 chat)
and the platform; the team is named exactly, by its id or name, ignoring case. Anyone else is
told who can do it, and a team nobody knows gets the list of teams. Stored before the reply
says so, marked as set in chat, so reloading a framework file that names no channel for the
team keeps it (`models.channels`).
"""

from __future__ import annotations

from digests.cards import Card, Section
from handlers.people import is_manager_of, who
from handlers.request import HandlerContext, Request
from models import queries
from models.channels import set_channel
from models.tables import Team


def this_channel(ctx: HandlerContext, request: Request) -> list[Card]:
    if not request.channel:
        return [_card("Say that in the team's channel", "Mention me in the channel the team's "
                      "digests should go to: @goldthread this channel is for <team>.")]
    with ctx.sessions() as session, session.begin():
        partnership = queries.current_partnership(session)
        if partnership is None:
            return [_card("No partnership is loaded yet", "Nothing was changed.")]
        teams = queries.teams(session, partnership.id)
        team = find_team(teams, request.text)
        if team is None:
            names = "\n".join(f"• {t.name} ({t.key})" for t in teams) or "none yet"
            said = f'"{request.text}"' if request.text else "no team"
            return [_card("Which team is this channel for?", f"I don't know a team called "
                          f"{said}. Nothing was changed. The teams are:\n{names}")]
        if not is_manager_of(who(session, partnership.id, request), {team.id}):
            return [_card("Only the team's manager can do that", f"A manager of {team.name} "
                          "or an admin can choose its channel. Nothing was changed.")]
        name = team.name
        changed = set_channel(session, team, request.platform, request.channel)
    if not changed:
        return [_card("Already set", f"This channel is already {name}'s. Nothing changed.")]
    return [_card(f"This channel is now {name}'s",
                  f"{name}'s digests will be posted here from the next one.")]


def find_team(teams: list[Team], words: str) -> Team | None:
    """The team the words name exactly (id or name, ignoring case, spaces and a final
    full stop): a channel is never given to a guess."""
    wanted = " ".join(words.strip().rstrip(".").split()).casefold()
    return next((t for t in teams if wanted and wanted in (
        t.key.casefold(), " ".join(t.name.split()).casefold())), None)


def _card(title: str, text: str) -> Card:
    return Card(title=title, sections=(Section.of(text),))
