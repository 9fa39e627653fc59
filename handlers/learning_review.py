"""The review of changes: judge every change on today's data, keep each new judgement, tell an
idea's author when the change their idea led to worked, and say which owners are due a prompt
to review.

`review_changes` keeps the judgements and tells the authors, all in one transaction with the
notices (through the outbox), so a crash leaves neither a notice without its record nor a
record claiming a notice that was never queued; the outbox keys make a second run on the same
day tell nobody twice. An anonymous idea's author cannot be told, and nothing here tries: no
notice is made for an anonymous idea at all.

`owner_prompts` only decides who is due a prompt and what it says: the prompt is a direct
message, sent by the bot's one reminder loop (`bot.delivery.jobs.remind`), which also names
any owner it cannot reach.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from digests.cards import Button, Card, Section
from digests.digest.reviews import ChangeReview, IndicatorReview, read_reviews
from digests.indicators.settings import SpcDefaults
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
    authors_told: list[str] = field(default_factory=list)  # changes whose idea author was told


@dataclass(frozen=True)
class OwnerPrompt:
    """A change whose owner should now review it, and the card that asks them."""

    change_id: int
    change_key: str
    owner_id: int
    card: Card


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
            if found.verdict == WORKED and change.author_told_at is None:
                notice = _author_notice(change, found)
                if notice is not None and _tell(ctx, session, [notice],
                                                f"worked:{change.id}"):
                    change.author_told_at = utcnow()
                    run.authors_told.append(change.key)
    if ctx.notices is not None and run.authors_told:
        ctx.notices.deliver()
    return run


def owner_prompts(session: Session, partnership_id: int, as_of: date,
                  spc: SpcDefaults) -> Iterator[OwnerPrompt]:
    """Changes with an owner, due for review (a clear verdict, or no clear effect after
    REVIEW_AFTER points), whose owner has not been prompted yet."""
    for found in read_reviews(session, partnership_id, as_of, spc):
        change = session.get_one(Change, found.id)
        if change.owner_id is None or change.review_prompted_at is not None:
            continue
        if _due_for_review(found):
            yield OwnerPrompt(change.id, change.key, change.owner_id, _prompt(found, change))


def mark_prompted(session: Session, change_id: int) -> None:
    """The owner's prompt is in the outbox: never prompt for this change again."""
    change = session.get_one(Change, change_id)
    if change.review_prompted_at is None:
        change.review_prompted_at = utcnow()


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


def _prompt(found: ChangeReview, change: Change) -> Card:
    lines = "\n".join(f"• {i.name}: {i.summary}" for i in found.indicators)
    buttons = [Button("change.note", "Add what we learned", change.key, "primary")]
    if found.conclusive and change.rebased_at is None:
        buttons.append(Button("change.rebase", "Recalculate limits from the change",
                              change.key))
    return Card(title=f"Time to review: {change.title}", sections=(
        Section.of(f"The figures now say: {found.verdict_words}."), Section.of(lines),
        Section.of("What did we learn? Others can use it. Reply with /perf learned "
                   f"{change.key}: <what we learned>.")), buttons=tuple(buttons))


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
