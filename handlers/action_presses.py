"""What happens when an owner presses a reminder button: done, progress, new date, blocked.

Every press is checked (only the owner, a manager of the team, or an admin may change an action)
and kept with who and when. "Blocked" is a request for help, so it also tells the managers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from digests.cards import Card, Section
from handlers.nudges import NotAllowed, managers_to_tell, record
from handlers.people import who
from handlers.request import HandlerContext, Notice, Request
from handlers.thread import action_line
from models import queries
from models.tables import Accountability, Person

PRESSES = ("action.done", "action.progress", "action.new_date", "action.blocked")


@dataclass
class PressOutcome:
    """The reply to the person who pressed, and messages for other people."""

    reply: Card
    notify: list[Notice] = field(default_factory=list)
    changed: bool = False


def press(ctx: HandlerContext, request: Request, button: str, action_id: int,
          value: str | None = None) -> PressOutcome:
    """Apply a button press. `value` is the progress note, the new ISO date or the blocker."""
    if button not in PRESSES:
        return PressOutcome(_card("I don't know that button", "Nothing was changed."))
    with ctx.sessions() as session, session.begin():
        partnership = queries.current_partnership(session)
        person = who(session, partnership.id, request) if partnership else None
        action = session.scalar(select(Accountability).where(Accountability.id == action_id))
        if action is None or partnership is None or action.partnership_id != partnership.id:
            return PressOutcome(_card("That action no longer exists", "Nothing was changed."))
        if person is None:
            return PressOutcome(_card("Only people in the framework can change actions",
                                      "Nothing was changed."))
        try:
            outcome = _apply(session, action, person, button, value, ctx.today())
        except NotAllowed:
            return PressOutcome(_card(
                "Only the owner or a manager of the team can change this",
                f"{action.action}: nothing was changed."))
        except ValueError as exc:
            return PressOutcome(_card("That didn't work", str(exc)))
        return outcome


def _apply(session: Session, action: Accountability, person: Person, button: str,
           value: str | None, today: date) -> PressOutcome:
    if button == "action.done":
        record(session, action, person, "status", "done")
        return PressOutcome(_card("Marked as done. Thank you",
                                  action_line(action, today)), changed=True)
    if button == "action.progress":
        note = (value or "").strip()
        if not note:
            raise ValueError("Say a few words about the progress.")
        record(session, action, person, "progress", note[:1000])
        return PressOutcome(_card("Progress noted", f"{action.action}: {note[:1000]}"),
                            changed=True)
    if button == "action.new_date":
        new = _parse_date(value)
        if new < today:
            raise ValueError("Choose a date from today onwards.")
        record(session, action, person, "due", new.isoformat())
        return PressOutcome(_card("New date set", action_line(action, today)), changed=True)
    blocker = (value or "").strip()[:1000] or None
    record(session, action, person, "blocked", "blocked", blocker)
    ask = f"{person.name} has asked for help with: {action.action}."
    if blocker:
        ask += f" What is in the way: {blocker}"
    managers = managers_to_tell(session, action)
    notify = [Notice(_card("Someone has asked for help", ask), person_id=manager.id)
              for manager in managers]
    told = ", ".join(m.name for m in managers) or "the performance lead"
    return PressOutcome(_card("Help is on its way", f"I have told {told}. Thank you for "
                              "saying so early."), notify, changed=True)


def _parse_date(value: str | None) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValueError("Give the new date as YYYY-MM-DD, for example 2026-12-18.") from None


def _card(title: str, text: str) -> Card:
    return Card(title=title, sections=(Section.of(text),))
