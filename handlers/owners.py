""""Who owns X?": the people accountable for a measure, an objective, an outcome or a team.

Accountability without blame (ingredient 2) needs people to know whom to talk to: the owner the
framework file names, and the owners of open actions on it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from digests.cards import Card, Section, bullet_section
from digests.words.grammar import join_and
from handlers import ask
from handlers.golden_thread import action_line
from handlers.request import HandlerContext, Request
from models import queries
from models.tables import Indicator


def owner(ctx: HandlerContext, request: Request) -> ask.Answered:
    found = ask.reply(ctx, request, verb="who owns")
    if found.topic is None:
        return found
    kind, _, key = found.topic.partition(":")
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        indicators = queries.indicators(session, partnership.id)
        card = _card(ctx, session, partnership.id, kind, key, indicators)
    return ask.Answered([card], found.topic)


def _card(ctx: HandlerContext, session: Session, partnership_id: int, kind: str, key: str,
          indicators: list[Indicator]) -> Card:
    today = ctx.today()
    if kind == "team":
        team = queries.team_by_key(session, partnership_id, key)
        assert team is not None
        managers = [p.name for p in team.members if p.role in ("manager", "admin")]
        text = (f"{join_and(managers)} {'manages' if len(managers) == 1 else 'manage'} "
                f"{team.name}." if managers else
                f"The framework file names no manager for {team.name}.")
        return Card(title=f"Who leads {team.name}", sections=(Section.of(text),))
    if kind == "indicator":
        chosen = [i for i in indicators if i.key == key]
        title = chosen[0].name
        actions = queries.actions(session, partnership_id, indicator_ids=[chosen[0].id],
                                  open_only=True)
    elif kind == "objective":
        objective = next(o for o in queries.objectives(session, partnership_id) if o.key == key)
        chosen = [i for i in indicators if i.objective_id == objective.id]
        title = objective.title
        actions = queries.actions(session, partnership_id, objective_ids=[objective.id],
                                  indicator_ids=[i.id for i in chosen], open_only=True)
    else:
        outcome = next(o for o in queries.outcomes(session, partnership_id) if o.key == key)
        chosen = [i for i in indicators if i.top_outcome is not None
                  and i.top_outcome.id == outcome.id]
        title = outcome.title
        actions = queries.actions(session, partnership_id,
                                  indicator_ids=[i.id for i in chosen], open_only=True)
    lines = [f"{i.name}: {i.owner.name if i.owner else 'no owner yet'}" for i in chosen]
    sections = [bullet_section(lines, heading="Owner" if len(lines) == 1 else "Owners")] \
        if len(chosen) != 1 else [Section.of(
            f"{chosen[0].owner.name if chosen[0].owner else 'Nobody yet'} owns this measure.")]
    if actions:
        sections.append(bullet_section((action_line(a, today) for a in actions[:6]),
                                       heading="Open actions"))
    return Card(title=f"Who owns {title}", sections=tuple(sections))
