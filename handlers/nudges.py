"""Kind reminders about accountabilities, and what happens when someone presses a button.

Ingredient 2 of the research: hold each other to account in a culture of improvement, not blame.
So a reminder comes two working days before a date, on the first working day after it, then
weekly while the action is open; all of a person's reminders come in one message a day; the
words offer help; and "blocked" is a request for help that goes to someone who can give it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from digests.cards import Button, ButtonStyle, Card, Section
from handlers.golden_thread import action_line
from handlers.people import is_manager_of
from models import queries
from models.tables import Accountability, AccountabilityUpdate, Person

BUTTONS: tuple[tuple[str, str, ButtonStyle], ...] = (
    ("action.done", "Done", "primary"),
    ("action.progress", "Update progress", "default"),
    ("action.new_date", "New date", "default"),
    ("action.blocked", "Blocked: ask for help", "default"),
)


def working_days_before(day: date, n: int) -> date:
    """The date n working days (Monday to Friday) before `day`."""
    while n > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def first_working_day_after(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def reminder_reason(due: date, today: date) -> str | None:
    """Why (if at all) an open action with this due date is mentioned today."""
    if today == working_days_before(due, 2):
        return "coming up"
    after = first_working_day_after(due)
    if today == after:
        return "date passed"
    if today > after and (today - after).days % 7 == 0:
        return "still open"
    return None


@dataclass(frozen=True)
class Nudge:
    person_id: int
    person_name: str
    card: Card


def nudges_due(session: Session, partnership_id: int, today: date) -> list[Nudge]:
    """One bundled reminder per owner with something to hear about today."""
    if today.weekday() >= 5:
        return []
    by_owner: dict[int, list[tuple[Accountability, str]]] = {}
    owners: dict[int, Person] = {}
    for action in queries.actions(session, partnership_id, open_only=True):
        if action.owner is None or action.due is None:
            continue
        reason = reminder_reason(action.due, today)
        if reason is not None:
            by_owner.setdefault(action.owner.id, []).append((action, reason))
            owners[action.owner.id] = action.owner
    return [Nudge(pid, owners[pid].name, reminder_card(owners[pid], items, today))
            for pid, items in sorted(by_owner.items())]


def reminder_card(person: Person, items: list[tuple[Accountability, str]], today: date) -> Card:
    first = person.greeting_name
    passed = any(reason != "coming up" for _, reason in items)
    intro = (f"Hello {first}. A quick note on your actions. If something is in the way, "
             "press Blocked and we will find you some help."
             if passed else f"Hello {first}. Here is what is coming up soon for you.")
    sections = [Section.of(intro)]
    actions: list[Button] = []
    for action, _ in items:
        sections.append(Section.of(f"• {action_line(action, today)}"))
        actions += [Button(button, label, str(action.id), style)
                    for button, label, style in BUTTONS]
    return Card(title="Can we help?" if passed else "Coming up", sections=tuple(sections),
                buttons=tuple(actions))


class NotAllowed(Exception):
    """Only an action's owner, a manager of its team, or an admin may change it."""


def may_change(person: Person | None, action: Accountability) -> bool:
    if person is None:
        return False
    if action.owner_id == person.id:
        return True
    return is_manager_of(person, action_team_ids(action))


def action_team_ids(action: Accountability) -> set[int]:
    """The teams an action belongs to: its owner's, and those of the indicator it moves."""
    team_ids = {t.id for t in action.owner.teams} if action.owner else set()
    if action.indicator is not None:
        team_ids |= {t.id for t in action.indicator.teams}
    return team_ids


def record(session: Session, action: Accountability, person: Person, field: str,
           new: str | None, note: str | None = None) -> AccountabilityUpdate:
    """Apply one change to an action and keep who, when and what."""
    if not may_change(person, action):
        raise NotAllowed(f"{person.name} may not change {action.key}")
    old: str | None
    if field == "status":
        old, action.status = action.status, new or action.status
    elif field == "due":
        old = action.due.isoformat() if action.due else None
        action.due = date.fromisoformat(new) if new else None
    elif field == "progress":
        old, action.progress = action.progress, new
    else:
        old = None
    update = AccountabilityUpdate(person_id=person.id, source="chat", field=field, old=old,
                                  new=new, note=note)
    action.updates.append(update)
    session.flush()
    return update


def reachable(person: Person, platforms: Collection[str]) -> bool:
    """Whether a direct message can reach this person: a chat identity on a platform that
    goldthread can send to from here (the bot says which; a handler never names one)."""
    return any(identity.platform in platforms for identity in person.identities)


def who_can_help(session: Session, action: Accountability, asker: Person,
                 platforms: Collection[str]) -> list[Person]:
    """Who hears when someone asks for help with an action, nearest first: the managers of the
    action's teams, else the partnership's admins. Only people a message can reach count, since
    telling someone who will never see it is not telling them; the person asking is never one.
    """
    team_ids = action_team_ids(action)
    people = [p for p in queries.people(session, action.partnership_id)
              if p.id != asker.id and reachable(p, platforms)]
    managers = [p for p in people
                if p.role == "manager" and any(t.id in team_ids for t in p.teams)]
    return managers or [p for p in people if p.role == "admin"]
