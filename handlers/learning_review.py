"""The review job: judge every change on today's data, keep each new judgement, prompt owners to
review, and tell an idea's author when the change their idea led to worked.

Run daily by the clock and by `goldthread learning review`. Everything is stored in one
transaction with the notices (through the outbox), so a crash leaves neither a prompt without
its record nor a record claiming a prompt that was never queued; and the outbox keys make a
second run on the same day tell nobody twice. An anonymous idea's author cannot be told, and
nothing here tries: no notice is made for an anonymous idea at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from digests.cards import Button, Card, Section
from digests.digest.reviews import ChangeReview, IndicatorReview
from digests.learning.evaluate import NO_EFFECT, WORKED
from handlers.learning import reviews
from handlers.request import HandlerContext, Notice
from models import queries
from models.base import utcnow
from models.tables import Change, ChangeEvaluation

REVIEW_AFTER = 12
"""Points after a change with no clear effect after which its owner is asked to review it."""


@dataclass
class ReviewRun:
    evaluations: int = 0  # new judgements stored
    prompted: list[str] = field(default_factory=list)  # changes whose owner was prompted
    authors_told: list[str] = field(default_factory=list)  # changes whose idea author was told


def review_changes(ctx: HandlerContext) -> ReviewRun:
    run = ReviewRun()
    with ctx.sessions() as session, session.begin():
        partnership = queries.current_partnership(session)
        if partnership is None:
            return run
        for found in reviews(ctx, session, partnership.id):
            change = session.get_one(Change, found.id)
            run.evaluations += _keep(session, change, found)
            change.verdict = found.verdict
            if (_due_for_review(found) and change.review_prompted_at is None
                    and _tell(ctx, session, _prompt(found, change), f"review:{change.id}")):
                change.review_prompted_at = utcnow()
                run.prompted.append(change.key)
            if found.verdict == WORKED and change.author_told_at is None:
                notice = _author_notice(change, found)
                if notice is not None and _tell(ctx, session, [notice],
                                                f"worked:{change.id}"):
                    change.author_told_at = utcnow()
                    run.authors_told.append(change.key)
    if ctx.notices is not None and (run.prompted or run.authors_told):
        ctx.notices.deliver()
    return run


def _due_for_review(found: ChangeReview) -> bool:
    return found.conclusive or (found.verdict == NO_EFFECT and all(
        i.evaluation.points_after >= REVIEW_AFTER for i in found.indicators))


def _keep(session: Session, change: Change, found: ChangeReview) -> int:
    """Store each indicator's judgement when it differs from the last one kept."""
    stored = 0
    for item in found.indicators:
        last = session.scalars(select(ChangeEvaluation).where(
            ChangeEvaluation.change_id == change.id,
            ChangeEvaluation.indicator_id == item.indicator_id,
        ).order_by(ChangeEvaluation.id.desc()).limit(1)).first()
        row = _row(change.id, item)
        if last is None or _facts(last) != _facts(row):
            session.add(row)
            stored += 1
    return stored


def _row(change_id: int, item: IndicatorReview) -> ChangeEvaluation:
    e = item.evaluation

    def number(value: float) -> float | None:
        return None if math.isnan(value) else round(value, 6)

    return ChangeEvaluation(
        change_id=change_id, indicator_id=item.indicator_id, through_period=e.through,
        verdict=e.verdict, points_before=e.points_before, points_after=e.points_after,
        baseline_mean=number(e.baseline_mean), lpl=number(e.lpl), upl=number(e.upl),
        after_mean=number(e.after_mean), effect=number(e.effect.estimate),
        effect_low=number(e.effect.low), effect_high=number(e.effect.high), signal=e.signal,
        more_points=e.more_points)


def _facts(row: ChangeEvaluation) -> tuple[object, ...]:
    return (row.through_period, row.verdict, row.points_before, row.points_after,
            row.baseline_mean, row.lpl, row.upl, row.effect, row.signal, row.more_points)


def _tell(ctx: HandlerContext, session: Session, notices: list[Notice], origin: str) -> bool:
    """Store the notices; True when at least one is now in the outbox. With no platform to
    send to (the terminal demo, a test) nothing is tried: the next run will try again."""
    if ctx.notices is None or not ctx.platforms or not notices:
        return False
    return bool(ctx.notices.store(session, notices, origin))


def _prompt(found: ChangeReview, change: Change) -> list[Notice]:
    if change.owner_id is None:
        return []
    lines = "\n".join(f"• {i.name}: {i.summary}" for i in found.indicators)
    actions = [Button("change.note", "Add what we learned", change.key, "primary")]
    if found.conclusive and change.rebased_at is None:
        actions.append(Button("change.rebase", "Recalculate limits from the change",
                              change.key))
    card = Card(title=f"Time to review: {change.title}", sections=(
        Section.of(f"The figures now say: {found.verdict_words}."), Section.of(lines),
        Section.of("What did we learn? Others can use it. Reply with /perf learned "
                   f"{change.key}: <what we learned>.")), buttons=tuple(actions))
    return [Notice(card, person_id=change.owner_id)]


def _author_notice(change: Change, found: ChangeReview) -> Notice | None:
    """"You said, we did, and it worked", for a named author only."""
    idea = change.suggestion
    if idea is None or idea.anonymous:
        return None
    shown = next((i for i in found.indicators if i.evaluation.verdict == WORKED), None)
    effect = f" {shown.name}: {shown.effect}." if shown and shown.effect else ""
    card = Card(title="You said, we did, and it worked", sections=(Section.of(
        f"Your idea {idea.reference} (“{idea.text}”) became a change: {change.title}, from "
        f"{change.started.day} {change.started:%b %Y}. The figures show it worked.{effect} "
        "Thank you for suggesting it."),))
    if idea.person_id is not None:
        return Notice(card, person_id=idea.person_id)
    if idea.contact_platform and idea.contact_id:
        return Notice(card, platform=idea.contact_platform, user_id=idea.contact_id)
    return None
