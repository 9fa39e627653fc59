"""Managers decide what becomes of staff ideas, and the author hears about it.

Ingredient 3: staff have a voice and are told what difference it made. Only a manager of the
idea's team (or an admin) may set its status; every change is kept with who, when and why; the
author is told each change (an anonymous author cannot be, and that is the point).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from digests.cards import Button, Card, Section
from handlers.people import is_manager_of, who
from handlers.request import HandlerContext, Notice, Outcome, Request
from handlers.suggest import STATUS_WORDS
from models import queries
from models.tables import Person, Suggestion, SuggestionStatusChange

DECISIONS = ("under_review", "accepted", "not_now", "done")
MAX_REASON = 1000


def may_triage(person: Person | None, suggestion: Suggestion) -> bool:
    """Managers of the idea's team; an idea with no team goes to any manager; admins always."""
    if person is None:
        return False
    if suggestion.team_id is None:
        return person.role in ("manager", "admin")
    return is_manager_of(person, {suggestion.team_id})


def set_status(ctx: HandlerContext, request: Request, suggestion_id: int, status: str,
               reason: str | None = None) -> Outcome:
    if status not in DECISIONS:
        return Outcome(_card("That is not a status I know", "Nothing was changed."))
    reason = (reason or "").strip()[:MAX_REASON] or None
    with ctx.sessions() as session, session.begin():
        partnership = queries.current_partnership(session)
        person = who(session, partnership.id, request) if partnership else None
        idea = session.get(Suggestion, suggestion_id)
        if idea is None or partnership is None or idea.partnership_id != partnership.id:
            return Outcome(_card("That idea no longer exists", "Nothing was changed."))
        if not may_triage(person, idea):
            return Outcome(_card("Only a manager of the team can decide on ideas",
                                       f"{idea.reference}: nothing was changed."))
        assert person is not None
        idea.status = status
        idea.history.append(SuggestionStatusChange(status=status, reason=reason,
                                                   by_person_id=person.id))
        session.flush()
        words = STATUS_WORDS[status]
        told = _tell_author(idea, words, reason)
        note = " The author has been told." if told else (
            " It was sent anonymously, so nobody can be told directly; the team digest "
            "will say what happened." if idea.anonymous else "")
        reply = _card(f"{idea.reference} is now {words}", f"“{idea.text}”{note}")
        return Outcome(reply, [told] if told else [], changed=True)


def _tell_author(idea: Suggestion, words: str, reason: str | None) -> Notice | None:
    if idea.anonymous:
        return None
    text = f"Your idea {idea.reference} is now {words}: “{idea.text}”."
    if reason:
        text += f" {reason}"
    card = _card("News about your idea", text + " Thank you for suggesting it.")
    if idea.person_id is not None:
        return Notice(card, person_id=idea.person_id)
    if idea.contact_platform and idea.contact_id:
        return Notice(card, platform=idea.contact_platform, user_id=idea.contact_id)
    return None


@dataclass(frozen=True)
class IdeaToDecide:
    reference: str
    text: str
    exists: bool


def idea_to_decide(ctx: HandlerContext, suggestion_id: int) -> IdeaToDecide:
    """What a manager sees of an idea while deciding on it (who may decide is checked when
    the decision is made, by `set_status`)."""
    with ctx.sessions() as session:
        idea = session.get(Suggestion, suggestion_id) if suggestion_id else None
        if idea is None:
            return IdeaToDecide(f"IDEA-{suggestion_id}", "This idea no longer exists.", False)
        return IdeaToDecide(idea.reference, idea.text, True)


def ideas_to_triage(session: Session, person: Person) -> list[Suggestion]:
    """New and under-review ideas this person may decide on, oldest first."""
    found = session.scalars(select(Suggestion).where(
        Suggestion.partnership_id == person.partnership_id,
        Suggestion.status.in_(("new", "under_review"))).order_by(Suggestion.id))
    return [s for s in found if may_triage(person, s)]


def triage_card(idea: Suggestion) -> Card:
    """An idea with the buttons a manager presses to decide on it."""
    team = f" for {idea.team.name}" if idea.team else ""
    return Card(
        title=f"{idea.reference}{team} ({STATUS_WORDS[idea.status]})",
        sections=(Section.of(f"“{idea.text}”"),),
        buttons=tuple(Button(f"idea.{status}", STATUS_WORDS[status].capitalize(),
                             str(idea.id), "primary" if status == "accepted" else "default")
                      for status in DECISIONS if status != idea.status),
    )


def _card(title: str, text: str) -> Card:
    return Card(title=title, sections=(Section.of(text),))
