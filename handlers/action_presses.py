"""What happens when an owner presses a reminder button: done, progress, new date, blocked.

Every press is checked (only the owner, a manager of the team, or an admin may change an action)
and kept with who and when. "Blocked" is a request for help, so it also tells someone who can
help: the team's managers, else the admins, else the admins' channel. The reply names exactly
who was told, and only once the message to them is stored in the outbox (in the same
transaction as the blocker), so it never claims a message that does not exist. When nobody can
be told it says so, and the blocker is recorded all the same.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from digests.cards import Card, Section
from handlers.golden_thread import action_line
from handlers.nudges import NotAllowed, record, who_can_help
from handlers.people import who
from handlers.request import HandlerContext, Notice, Outcome, Request
from models import queries
from models.tables import Accountability, Person

PRESSES = ("action.done", "action.progress", "action.new_date", "action.blocked")
ADMIN_CHANNEL = "the performance team's channel"
NOBODY = "Nobody can be told through goldthread yet: please tell your manager directly."


def press(ctx: HandlerContext, request: Request, button: str, action_id: int,
          value: str | None = None) -> Outcome:
    """Apply a button press. `value` is the progress note, the new ISO date or the blocker."""
    if button not in PRESSES:
        return Outcome(_card("I don't know that button", "Nothing was changed."))
    with ctx.sessions() as session, session.begin():
        outcome = _press(ctx, session, request, button, action_id, value)
    if outcome.told and ctx.notices is not None:
        ctx.notices.deliver()  # committed: now send it, rather than at the clock's next minute
    return outcome


def _press(ctx: HandlerContext, session: Session, request: Request, button: str,
           action_id: int, value: str | None) -> Outcome:
    partnership = queries.current_partnership(session)
    person = who(session, partnership.id, request) if partnership else None
    action = session.scalar(select(Accountability).where(Accountability.id == action_id))
    if action is None or partnership is None or action.partnership_id != partnership.id:
        return Outcome(_card("That action no longer exists", "Nothing was changed."))
    if person is None:
        return Outcome(_card("Only people in the framework can change actions",
                                  "Nothing was changed."))
    try:
        outcome = _apply(ctx, session, action, person, button, value)
    except NotAllowed:
        return Outcome(_card(
            "Only the owner or a manager of the team can change this",
            f"{action.action}: nothing was changed."))
    except ValueError as exc:
        return Outcome(_card("That didn't work", str(exc)))
    return outcome


def _apply(ctx: HandlerContext, session: Session, action: Accountability, person: Person,
           button: str, value: str | None) -> Outcome:
    today = ctx.today()
    if button == "action.done":
        record(session, action, person, "status", "done")
        return Outcome(_card("Marked as done. Thank you",
                                  action_line(action, today)), changed=True)
    if button == "action.progress":
        note = (value or "").strip()
        if not note:
            raise ValueError("Say a few words about the progress.")
        record(session, action, person, "progress", note[:1000])
        return Outcome(_card("Progress noted", f"{action.action}: {note[:1000]}"),
                            changed=True)
    if button == "action.new_date":
        new = _parse_date(value)
        if new < today:
            raise ValueError("Choose a date from today onwards.")
        record(session, action, person, "due", new.isoformat())
        return Outcome(_card("New date set", action_line(action, today)), changed=True)
    blocker = (value or "").strip()[:1000] or None
    update = record(session, action, person, "blocked", "blocked", blocker)
    ask = f"{person.name} has asked for help with: {action.action}."
    if blocker:
        ask += f" What is in the way: {blocker}"
    told = tuple(_ask_for_help(ctx, session, action, person,
                               _card("Someone has asked for help", ask), f"help:{update.id}"))
    if not told:
        return Outcome(_card("Noted, but nobody could be told",
                                  f"I have recorded that this is blocked. {NOBODY}"),
                            changed=True)
    return Outcome(_card("Help is on its way", f"I have told {_and(told)}. Thank you for "
                              "saying so early."), changed=True, told=told)


def _ask_for_help(ctx: HandlerContext, session: Session, action: Accountability,
                  asker: Person, card: Card, origin: str) -> list[str]:
    """Store the request for whoever can hear it; the names of those now told, in order."""
    if ctx.notices is None:
        return []
    helpers = who_can_help(session, action, asker, ctx.platforms)
    notices = [Notice(card, person_id=helper.id) for helper in helpers]
    if not notices and ctx.admin_channel:
        notices = [Notice(card, admin_channel=True)]
    names = {helper.id: helper.name for helper in helpers}
    return [ADMIN_CHANNEL if notice.admin_channel else names[notice.person_id or 0]
            for notice in ctx.notices.store(session, notices, origin)]


def _and(names: tuple[str, ...]) -> str:
    """"Priya Patel", "Priya Patel and Sam Lee", "Ann, Priya Patel and Sam Lee"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _parse_date(value: str | None) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValueError("Give the new date as YYYY-MM-DD, for example 2026-12-18.") from None


def _card(title: str, text: str) -> Card:
    return Card(title=title, sections=(Section.of(text),))
