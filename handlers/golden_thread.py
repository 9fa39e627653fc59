"""The golden thread: outcome -> objectives -> indicators -> actions -> budget.

Ingredient 4 of the research: everyone should be able to see how an action serves an outcome,
and what it costs. `thread_card` draws that chain for one outcome in plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from digests.cards import Card, Fact, Section
from digests.words import numbers
from models import queries
from models.tables import Accountability, Indicator, Objective, Outcome

VerdictOf = Callable[[Indicator], str]


def thread_card(
    session: Session, partnership_id: int, outcome: Outcome, today: date,
    verdict_of: VerdictOf | None = None, focus: Objective | None = None,
) -> Card:
    """The chain below one outcome; `verdict_of` adds each indicator's latest standing."""
    objectives = [o for o in queries.objectives(session, partnership_id)
                  if o.outcome_id == outcome.id]
    indicators = queries.indicators(session, partnership_id)
    actions = queries.actions(session, partnership_id)
    children: dict[int | None, list[Objective]] = {}
    for objective in objectives:
        children.setdefault(objective.parent_id, []).append(objective)
    lines: list[str] = []
    direct = [i for i in indicators if i.outcome_id == outcome.id and i.objective_id is None]
    for indicator in direct:
        lines.append(f"• Measure: {_indicator_line(indicator, verdict_of)}")
    budget = Decimal(0)

    def walk(objective: Objective, depth: int) -> None:
        nonlocal budget
        pad = "    " * depth
        cost = f" (budget {numbers.format_value(float(objective.budget), 'pounds')} a year)" \
            if objective.budget is not None else ""
        marker = "▶ " if focus is not None and objective.id == focus.id else ""
        lines.append(f"{pad}• {marker}Objective: {objective.title}{cost}")
        budget += objective.budget or Decimal(0)
        for indicator in (i for i in indicators if i.objective_id == objective.id):
            lines.append(f"{pad}    – Measure: {_indicator_line(indicator, verdict_of)}")
        for action in (a for a in actions if a.objective_id == objective.id
                       or (a.indicator and a.indicator.objective_id == objective.id)):
            lines.append(f"{pad}    – Action: {action_line(action, today)}")
        for child in children.get(objective.id, []):
            walk(child, depth + 1)

    for top in children.get(None, []):
        walk(top, 0)
    facts = []
    if budget:
        facts.append(Fact("Budget on this outcome", numbers.format_value(float(budget), "pounds")
                          + " a year"))
    if not lines:
        lines.append("Nothing is linked to this outcome yet.")
    return Card(
        title=f"Golden thread: {outcome.title}",
        sections=(
            *((Section.of(outcome.plain),) if outcome.plain else ()),
            Section.of("\n".join(lines)),
        ),
        facts=tuple(facts),
    )


def _indicator_line(indicator: Indicator, verdict_of: VerdictOf | None) -> str:
    extra = f": {verdict_of(indicator)}" if verdict_of else ""
    return f"{indicator.name}{extra}"


def action_line(action: Accountability, today: date) -> str:
    """One action in words: what, who, when, and where it stands."""
    owner = action.owner.name if action.owner else "no owner yet"
    if action.status == "done":
        state = "done"
    elif action.status == "dropped":
        state = "dropped"
    elif action.due is None:
        state = "no due date"
    elif action.due < today:
        state = f"was due {_day(action.due)}"
    else:
        state = f"due {_day(action.due)}"
    return f"{action.action} ({owner}, {state})"


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
