"""Recording a change: what was done, from when, which indicator, which way it should move.

A manager (of a team the indicator serves), the indicator's owner or an admin may record one,
from the `/perf change` form, from words (`/perf change home-91 from 2026-10-01 expect
increase: Weekend reablement slots`), or from the command line. It may name the action or the
idea it came from. The change is stored before the reply says so; bad input changes nothing and
says what to fix. The words are the handler's own to read once `handlers.intents` has said
this is a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from digests.cards import Button, Card, Section
from handlers import matching
from handlers.intents import clean
from handlers.people import is_manager_of, who
from handlers.request import HandlerContext, Request
from models import queries
from models.tables import Accountability, Change, Indicator, Person, Suggestion

MAX_TITLE = 300
MAX_DESCRIPTION = 2000
EXPECT_WORDS = {"increase": "increase", "rise": "increase", "up": "increase",
                "decrease": "decrease", "fall": "decrease", "down": "decrease"}
_WORDS = re.compile(
    r"^(?P<indicator>.+?)\s+from\s+(?P<date>\d{4}-\d{1,2}-\d{1,2})\s+"
    r"(?:expect(?:ing)?\s+(?:it\s+to\s+)?)?(?P<expect>[a-z]+)\s*[:\-–—]\s*(?P<what>.+)$",
    re.IGNORECASE | re.DOTALL)
EARLIEST = date(2000, 1, 1)
USAGE = ("Record a change like this: /perf change home-91 from 2026-10-01 expect increase: "
         "Weekend reablement slots. (The indicator's id or name, the day it started, increase "
         "or decrease, then what was done.)")


@dataclass(frozen=True)
class ChangeForm:
    """What a person filled in: every field as given, checked by `record_change`."""

    title: str
    indicator: str  # an indicator's id (or, from words, its name)
    started: str  # YYYY-MM-DD
    expected: str
    description: str | None = None
    action_key: str | None = None
    idea_id: int | None = None
    source: str = "chat"
    also: tuple[str, ...] = ()  # more indicators it should move the same way (their ids)


@dataclass(frozen=True)
class Recorded:
    card: Card
    key: str | None = None  # the new change's key, when it was stored


@dataclass(frozen=True)
class ChangeChoices:
    """What a change form offers: (id, label) pairs, newest ideas first, and today's date."""

    indicators: list[tuple[str, str]]
    actions: list[tuple[str, str]]
    ideas: list[tuple[str, str]]
    today: date


IDEA_STATES = ("accepted", "done", "under_review")  # an idea a change may have come from


def change_choices(ctx: HandlerContext) -> ChangeChoices | None:
    """The choices for a change form (any platform's), or None with no partnership loaded."""
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        if partnership is None:
            return None
        return ChangeChoices(
            indicators=[(i.key, i.name) for i in queries.indicators(session, partnership.id)],
            actions=[(a.key, a.action) for a in queries.actions(session, partnership.id)
                     if a.status != "dropped"],
            ideas=[(str(s.id), f"{s.reference}: {s.text}") for s in session.scalars(
                select(Suggestion).where(Suggestion.partnership_id == partnership.id,
                                         Suggestion.status.in_(IDEA_STATES))
                .order_by(Suggestion.id.desc()))],
            today=ctx.today())


def change_title(ctx: HandlerContext, key: str) -> str | None:
    """The title of the change with exactly this key, for a form about it."""
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        change = find_change(session, partnership.id, key) if partnership else None
        return change.title if change else None


class Refused(ValueError):
    """Bad input: the message says what to fix; nothing was stored."""


def may_record(person: Person | None, indicator: Indicator) -> bool:
    """Admins; the indicator's owner; a manager of a team the indicator serves."""
    if person is None:
        return False
    if person.role == "admin" or indicator.owner_id == person.id:
        return True
    return is_manager_of(person, {t.id for t in indicator.teams})


def change_from_words(ctx: HandlerContext, request: Request) -> list[Card]:
    """`/perf change ...` as words: the form's fields read from one line."""
    text = request.text.strip()
    if not text:
        return [Card(title="Record a change", sections=(Section.of(USAGE),),
                     buttons=(Button("change.open", "Record a change", "", "primary"),))]
    found = _WORDS.match(text)
    if found is None:
        return [_card("I could not read that change", USAGE + " Nothing was saved.")]
    form = ChangeForm(title=found["what"].strip(), indicator=found["indicator"].strip(),
                      started=found["date"], expected=found["expect"])
    return [record_change(ctx, request, form).card]


def record_change(ctx: HandlerContext, request: Request, form: ChangeForm, *,
                  trusted: bool = False) -> Recorded:
    """Check and store a change. `trusted` is the command line, run by the performance lead
    with the database in hand: no chat permission applies, and `request.person_key` (if any)
    is who made it."""
    with ctx.sessions() as session, session.begin():
        partnership = queries.current_partnership(session)
        if partnership is None:
            return Recorded(_card("No partnership loaded yet", "Nothing was saved."))
        person = who(session, partnership.id, request)
        try:
            indicators = _indicators(session, partnership.id, form)
            indicator = indicators[0]
            if not trusted and not all(may_record(person, i) for i in indicators):
                raise Refused("Only a manager of a team this measure serves, its owner or an "
                              "admin can record a change to it. Nothing was saved.")
            values = _checked(session, partnership.id, form, ctx.today())
        except Refused as exc:
            return Recorded(_card("That change was not recorded", str(exc)))
        change = Change(partnership_id=partnership.id,
                        key=_new_key(session, partnership.id, str(values["title"])),
                        owner_id=(person.id if person else indicator.owner_id),
                        recorded_by_id=person.id if person else None,
                        source=form.source, indicators=indicators, **values)
        session.add(change)
        session.flush()
        day = f"{change.started.day} {change.started:%b %Y}"
        way = "rise" if change.expected == "increase" else "fall"
        names = " and ".join(i.name for i in indicators)
        text = (f"“{change.title}”, from {day}, expecting {names} to {way}. Once "
                "figures follow, I will judge it against the usual range from before the "
                "change, and tell its owner what the figures say.")
        if change.suggestion is not None:
            text += f" It came from idea {change.suggestion.reference}."
        return Recorded(Card(title=f"Change recorded: {change.key}", sections=(
            Section.of(text),), footer=f"See how it is going: /perf review {change.key}"),
            change.key)


def _indicators(session: Session, partnership_id: int, form: ChangeForm) -> list[Indicator]:
    """The form's indicator, then the others it names, each once, in the order given."""
    found: list[Indicator] = []
    for named in (form.indicator, *form.also):
        indicator = _indicator(session, partnership_id, named)
        if indicator not in found:
            found.append(indicator)
    return found


def _indicator(session: Session, partnership_id: int, named: str) -> Indicator:
    indicators = queries.indicators(session, partnership_id)
    exact = next((i for i in indicators if i.key == named.strip()), None)
    if exact is not None:
        return exact
    candidates = [matching.Candidate("indicator", i.key, i.name, (i.name, i.key, *i.aliases))
                  for i in indicators]
    found = matching.match(named, candidates)
    if found.best is None:
        keys = ", ".join(i.key for i in indicators)
        raise Refused(f"I don't know the measure “{named}”. Use one of these ids: {keys}. "
                      "Nothing was saved.")
    return next(i for i in indicators if i.key == found.best.key)


def _checked(session: Session, partnership_id: int, form: ChangeForm,
             today: date) -> dict[str, object]:
    # Every way in (the form, words, the command line) is cleaned here: no control or invisible
    # characters, no lone surrogates (which no database can store).
    title = " ".join(clean(form.title).split())
    if not title:
        raise Refused("Say what was done. Nothing was saved.")
    if len(title) > MAX_TITLE:
        raise Refused(f"Keep what was done under {MAX_TITLE} characters (put the detail in the "
                      "description). Nothing was saved.")
    description = clean(form.description or "") or None
    if description and len(description) > MAX_DESCRIPTION:
        raise Refused(f"Keep the description under {MAX_DESCRIPTION:,} characters. Nothing "
                      "was saved.")
    try:
        started = date.fromisoformat(_padded(form.started.strip()))
    except ValueError:
        raise Refused(f"“{form.started}” is not a date: give it as YYYY-MM-DD, for example "
                      "2026-10-01. Nothing was saved.") from None
    if not EARLIEST <= started <= today + timedelta(days=366):
        raise Refused("Give a start date from 2000 to a year from today. Nothing was saved.")
    expected = EXPECT_WORDS.get(form.expected.strip().casefold())
    if expected is None:
        raise Refused("Say whether the measure should increase or decrease. Nothing was "
                      "saved.")
    values: dict[str, object] = {"title": title, "description": description,
                                 "started": started, "expected": expected}
    if form.action_key:
        action = session.scalars(select(Accountability).where(
            Accountability.partnership_id == partnership_id,
            Accountability.key == form.action_key)).first()
        if action is None:
            raise Refused(f"There is no action “{form.action_key}”. Nothing was saved.")
        values["action_id"] = action.id
    if form.idea_id is not None:
        idea = session.get(Suggestion, form.idea_id)
        if idea is None or idea.partnership_id != partnership_id:
            raise Refused(f"There is no idea IDEA-{form.idea_id}. Nothing was saved.")
        values["suggestion_id"] = idea.id
    return values


def _padded(text: str) -> str:
    """"2026-3-1" as "2026-03-01": people drop the zeros."""
    parts = text.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[0]}-{int(parts[1]):02d}-{int(parts[2]):02d}"
    return text


def _new_key(session: Session, partnership_id: int, title: str) -> str:
    """A readable, unique id from the title: "weekend-reablement-slots", then "-2", "-3"."""
    base = "-".join(re.findall(r"[a-z0-9]+", title.casefold()))[:60].strip("-") or "change"
    taken = set(session.scalars(select(Change.key).where(
        Change.partnership_id == partnership_id, Change.key.startswith(base))))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def find_change(session: Session, partnership_id: int, key: str) -> Change | None:
    """A change by its exact key (never a guess: a note or a rebase must land on the right
    one)."""
    return session.scalars(select(Change).where(
        Change.partnership_id == partnership_id, Change.key == key.strip())).first()


def _card(title: str, text: str) -> Card:
    return Card(title=title, sections=(Section.of(text),))
