"""The daily review of changes, as the clock runs it (and `goldthread learning review`).

The job itself is `handlers.learning_review.review_changes`; here it gets its day and its
failure boundary: a review that fails is logged and the clock's other jobs carry on.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

from handlers.learning_review import ReviewRun, review_changes
from handlers.request import HandlerContext

log = logging.getLogger(__name__)


def review_on(ctx: HandlerContext, day: date) -> ReviewRun:
    """Review every change as of the partnership's local `day`."""
    return review_changes(replace(ctx, today=lambda: day))


def scheduled_review(ctx: HandlerContext, day: date) -> ReviewRun | None:
    try:
        run = review_on(ctx, day)
    except Exception:  # the clock's boundary: tomorrow's run tries again
        log.exception("the daily review of changes failed; it runs again tomorrow")
        return None
    if run.prompted or run.authors_told:
        log.info("review of changes: %s new evaluation(s), %s owner(s) prompted, %s idea "
                 "author(s) told", run.evaluations, len(run.prompted), len(run.authors_told))
    return run
