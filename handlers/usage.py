"""Counting that an indicator was asked about, for the cost of measurement (ingredient 6).

A count is bookkeeping, not something a person said: when the database will not take it, the
answer still goes out and the log says a count was missed. (A person's words are never
handled like this; see handlers/failures.py.)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy.exc import SQLAlchemyError

from handlers.request import HandlerContext
from models import queries
from models.usage import count_usage

log = logging.getLogger(__name__)


def asked(ctx: HandlerContext, indicator_keys: Iterable[str]) -> None:
    """One more "asked about" today for each indicator."""
    wanted = set(indicator_keys)
    if not wanted:
        return
    try:
        with ctx.sessions() as session, session.begin():
            partnership = queries.current_partnership(session)
            if partnership is None:
                return
            ids = queries.indicator_ids(session, partnership.id, wanted)
            count_usage(session, ids, ctx.today(), "asked")
    except SQLAlchemyError as exc:
        log.warning("could not count a question about %s (%s); the answer went out anyway",
                    ", ".join(sorted(wanted)), type(exc).__name__)
