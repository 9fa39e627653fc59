"""Learning from changes: the library of what worked, one change's review, the learning note,
and rebasing the limits at a change (only when a person confirms it, with a reason).

`/perf worked <words>` searches every evaluated change across the partnership; `/perf review
<change>` shows one with its evidence; `/perf learned <change>: <note>` records what was
learned; `/perf rebase <change>: <reason>` recalculates the limits of its indicators from the
change date. A rebase without a reason is refused: a rebase changes every later verdict, so the
record must say why.
"""

from __future__ import annotations

import re

from sqlalchemy.orm import Session

from digests.cards import Button, Card, Fact, Section, bullet_section
from digests.digest.reviews import ChangeReview, read_reviews
from digests.learning.library import search
from handlers.changes import find_change
from handlers.people import is_manager_of, who
from handlers.request import HandlerContext, Request
from models import queries
from models.base import utcnow
from models.tables import Change, Person, Rebase

MAX_NOTE = 2000
MAX_REASON = 2000
SOME = 8
_KEYED = re.compile(r"^\s*(?P<key>[A-Za-z0-9][\w-]*)\s*(?:[:\-–—]|\bbecause\b)?\s*(?P<rest>.*)$",
                    re.DOTALL)


def may_review(person: Person | None, change: Change) -> bool:
    """The change's owner, whoever recorded it, a manager of a team its indicators serve, or
    an admin."""
    if person is None:
        return False
    if person.role == "admin" or person.id in (change.owner_id, change.recorded_by_id):
        return True
    return is_manager_of(person, {t.id for i in change.indicators for t in i.teams})


def reviews(ctx: HandlerContext, session: Session, partnership_id: int) -> list[ChangeReview]:
    return read_reviews(session, partnership_id, ctx.today(), ctx.digests.spc)


def worked(ctx: HandlerContext, request: Request) -> list[Card]:
    """The library: changes matching the words, what worked first."""
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        if partnership is None:
            return [_card("No partnership loaded yet", "Load a framework file first.")]
        records = [record for review in reviews(ctx, session, partnership.id)
                   for record in review.library(_day(review))]
    found = search(records, request.text)
    if not found:
        about = f" about “{request.text}”" if request.text else ""
        return [_card("No changes found", f"No recorded change{about} has been judged yet. "
                      "Record one with /perf change.")]
    lines = []
    for r in found[:SOME]:
        line = f"{r.title} (from {r.started}; {r.partner or 'no partner named'}), {r.indicator}: " \
            f"{r.verdict_text}"
        if r.note:
            line += f" Learned: {r.note}"
        lines.append(line)
    if len(found) > SOME:
        lines.append(f"and {len(found) - SOME} more: add words to narrow it down")
    title = f"What we have learned about “{request.text}”" if request.text \
        else "What we have learned from our changes"
    return [Card(title=title, sections=(bullet_section(lines),))]


def review(ctx: HandlerContext, request: Request) -> list[Card]:
    """One change: its verdict on each indicator, the evidence, and what can be done next."""
    key = request.text.strip()
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        if partnership is None:
            return [_card("No partnership loaded yet", "Load a framework file first.")]
        found = [r for r in reviews(ctx, session, partnership.id) if r.key == key]
        if not key or not found:
            return [_list_card(reviews(ctx, session, partnership.id), key)]
        change = find_change(session, partnership.id, key)
        person = who(session, partnership.id, request)
        allowed = change is not None and may_review(person, change)
        return [review_card(found[0], allowed)]


def review_card(found: ChangeReview, allowed: bool = False) -> Card:
    """A change's review, with its buttons for someone who may act on it."""
    sections = [Section.of(f"{i.name}: {i.summary}") for i in found.indicators]
    facts = [Fact("Started", _day(found)), Fact("Owner", found.owner or "nobody named")]
    if found.action:
        facts.append(Fact("From the action", found.action))
    if found.idea_reference:
        facts.append(Fact("From the idea", found.idea_reference))
    if found.note:
        facts.append(Fact("What we learned", found.note))
    actions: list[Button] = []
    if allowed:
        actions.append(Button("change.note", "Add what we learned", found.key, "primary"))
        if found.conclusive and not found.rebased:
            actions.append(Button("change.rebase", "Recalculate limits from the change",
                                  found.key))
    footer = None
    if found.conclusive and not found.rebased:
        footer = ("If the change is here to stay, the usual range can be recalculated from "
                  f"its start: /perf rebase {found.key}: <why>.")
    return Card(title=f"{found.title}: {found.verdict_words}", sections=tuple(sections),
                facts=tuple(facts), buttons=tuple(actions), footer=footer)


def learned(ctx: HandlerContext, request: Request) -> list[Card]:
    """`/perf learned <change>: <note>`."""
    key, note = _split(request.text)
    return [add_note(ctx, request, key, note)]


def add_note(ctx: HandlerContext, request: Request, key: str, note: str) -> Card:
    note = note.strip()
    if not key or not note:
        return _card("What did we learn?", "Say which change and what was learned, for "
                     "example: /perf learned weekend-reablement-slots: Friday discharges "
                     "now start the next day. Nothing was saved.")
    if len(note) > MAX_NOTE:
        return _too_long("note", MAX_NOTE, "Nothing was saved.")
    with ctx.sessions() as session, session.begin():
        found = _change_for(session, request, key)
        if isinstance(found, Card):
            return found
        change, person = found
        change.learning_note = note
        change.noted_by_id = person.id
        change.reviewed_at = utcnow()
        return _card(f"Learning saved for {change.key}", f"“{note}” The library of what "
                     "worked now carries it: /perf worked.")


def rebase(ctx: HandlerContext, request: Request) -> list[Card]:
    """`/perf rebase <change>: <reason>`."""
    key, reason = _split(request.text)
    return [rebase_at_change(ctx, request, key, reason)]


def rebase_at_change(ctx: HandlerContext, request: Request, key: str,
                     reason: str | None) -> Card:
    """Recalculate the limits of the change's indicators from its start, for a stated reason.
    No reason, no rebase."""
    reason = (reason or "").strip()
    if not key:
        return _card("Which change?", "Say which change and why, for example: /perf rebase "
                     "weekend-reablement-slots: the weekend slots are now permanent. Nothing "
                     "was changed.")
    if not reason:
        return _card("A rebase needs a reason", "Recalculating the usual range changes "
                     "every verdict after it, so the record must say why. Say it after the "
                     f"change: /perf rebase {key}: <why>. Nothing was changed.")
    if len(reason) > MAX_REASON:
        return _too_long("reason", MAX_REASON, "Nothing was changed.")
    with ctx.sessions() as session, session.begin():
        found = _change_for(session, request, key)
        if isinstance(found, Card):
            return found
        change, person = found
        if change.rebased_at is not None:
            return _card(f"{change.key} was rebased already",
                         f"On {change.rebased_at.day} {change.rebased_at:%b %Y}: "
                         f"{change.rebase_reason}. Nothing "
                         "was changed.")
        names = []
        for indicator in change.indicators:
            existing = next((r for r in indicator.rebases if r.date == change.started), None)
            if existing is None:
                indicator.rebases.append(Rebase(date=change.started, reason=reason,
                                                source="change", change_id=change.id,
                                                by_person_id=person.id))
            names.append(indicator.name)
        change.rebased_at = utcnow()
        change.rebase_reason = reason
        change.rebased_by_id = person.id
    ctx.digests.forget()
    return _card(f"Limits recalculated from {change.started.day} {change.started:%b %Y}",
                 f"{', '.join(names)}: the usual range now starts at “{change.title}”. "
                 f"Reason recorded: {reason}")


def _change_for(session: Session, request: Request, key: str) -> tuple[Change, Person] | Card:
    partnership = queries.current_partnership(session)
    if partnership is None:
        return _card("No partnership loaded yet", "Nothing was changed.")
    change = find_change(session, partnership.id, key)
    if change is None:
        return _card(f"There is no change “{key}”", "See them all with /perf review. Nothing "
                     "was changed.")
    person = who(session, partnership.id, request)
    if person is None or not may_review(person, change):
        return _card("Only the change's owner, a manager of its team or an admin can do that",
                     f"{change.key}: nothing was changed.")
    return change, person


def _split(text: str) -> tuple[str, str]:
    """"weekend-slots: the note" (or "weekend-slots because ...") as (key, rest)."""
    found = _KEYED.match(text or "")
    if found is None:
        return "", ""
    return found["key"], found["rest"].strip()


def _list_card(found: list[ChangeReview], key: str) -> Card:
    if not found:
        return _card("No changes recorded yet", "Record one with /perf change.")
    lines = [f"{r.key}: {r.title} (from {_day(r)}): {r.verdict_words}" for r in found[-SOME:]]
    intro = f"There is no change “{key}”. " if key else ""
    return Card(title="Changes and how they are going", sections=(
        Section.of(intro + "Say /perf review and one of these:"), bullet_section(lines)))


def _day(review_: ChangeReview) -> str:
    return f"{review_.started.day} {review_.started:%b %Y}"


def _too_long(what: str, limit: int, nothing_done: str) -> Card:
    return _card(f"That {what} is too long", f"Keep it under {limit:,} characters. "
                 f"{nothing_done}")


def _card(title: str, text: str) -> Card:
    return Card(title=title, sections=(Section.of(text),))
