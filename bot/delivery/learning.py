"""The daily review of changes, as the clock runs it (and `goldthread learning review`).

Two parts. The judgements and the "it worked" notices to idea authors are
`handlers.learning_review.review_changes`. The prompts to owners are direct messages, so they go
through the bot's one reminder loop (`jobs.remind`): queued once per change under the key
`review:<change id>`, and an owner with no chat identity here named as unreached, like anyone a
nudge cannot reach. Here both get their day and their failure boundary: a review that fails is
logged and the clock's other jobs carry on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.jobs import Reminder, ReminderRun, UnreachedWarnings, remind
from bot.delivery.queue import is_enqueued
from bot.platforms import Platforms
from digests.indicators.settings import SpcDefaults
from handlers.learning_review import ReviewRun, mark_prompted, owner_prompts, review_changes
from handlers.request import HandlerContext
from models.tables import Partnership, Person

log = logging.getLogger(__name__)


@dataclass
class DailyReview:
    """What one review did: judgements kept, authors told, owners prompted (and unreached)."""

    judged: ReviewRun = field(default_factory=ReviewRun)
    prompts: ReminderRun = field(default_factory=ReminderRun)
    prompted: list[str] = field(default_factory=list)  # changes whose owner is prompted


def review_prompts(sessions: sessionmaker[Session], now: datetime, platforms: Platforms,
                   spc: SpcDefaults, prompted: list[str] | None = None) -> ReminderRun:
    """Prompt each owner whose change is due for review, once per change; `prompted` collects
    the keys of the changes whose prompt is now in the outbox."""

    def prompts(session: Session, partnership: Partnership, today: date) -> Iterator[Reminder]:
        for prompt in list(owner_prompts(session, partnership.id, today, spc)):
            key = f"review:{prompt.change_id}"
            yield Reminder(session.get_one(Person, prompt.owner_id), prompt.card, key,
                           today.isoformat())
            if is_enqueued(session, key):  # the loop queued it (or had before): done
                mark_prompted(session, prompt.change_id)
                if prompted is not None:
                    prompted.append(prompt.change_key)

    return remind(sessions, now, platforms, prompts)


def judge_on(ctx: HandlerContext, day: date) -> ReviewRun:
    """Judge every change on the data up to the partnership's local `day`, keep the new
    judgements and tell named idea authors whose idea worked (no owner prompts)."""
    return review_changes(replace(ctx, today=lambda: day))


def review_on(ctx: HandlerContext, platforms: Platforms, day: date, zone: ZoneInfo,
              warn: UnreachedWarnings | None = None) -> DailyReview:
    """Review every change as of the partnership's local `day` (prompts at 09:30 that day),
    prompting owners on `platforms` (those the outbox can send to)."""
    done = DailyReview(judged=judge_on(ctx, day))
    now = datetime.combine(day, time(9, 30), zone)
    done.prompts = review_prompts(ctx.sessions, now, platforms, ctx.digests.spc, done.prompted)
    if warn is not None:
        warn(done.prompts, "the prompt to review a change")
    if done.prompts.queued and ctx.notices is not None:
        ctx.notices.deliver()
    return done


def scheduled_review(ctx: HandlerContext, platforms: Platforms, day: date, zone: ZoneInfo,
                     warn: UnreachedWarnings | None = None) -> DailyReview | None:
    try:
        run = review_on(ctx, platforms, day, zone, warn)
    except Exception:  # the clock's boundary: tomorrow's run tries again
        log.exception("the daily review of changes failed; it runs again tomorrow")
        return None
    if run.prompted or run.judged.authors_told:
        log.info("review of changes: %s new evaluation(s), %s owner(s) prompted, %s idea "
                 "author(s) told", run.judged.evaluations, len(run.prompted),
                 len(run.judged.authors_told))
    return run
