"""Chart images kept in the database by what they show, so a chart is drawn once for every
process and every run: `goldthread ask` twice, or two `serve` workers answering the same
question, draw it once (an XmR chart costs 100-200 ms to draw, and importing matplotlib more).

Rows are the `chart_image` table the outbox already uses for digest charts: content-addressed
by sha256, found by the caller's cache key. Storing is best effort: a read-only or busy
database only costs a redraw next time, never an answer.
"""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from models.db import conflict_insert, transaction
from models.tables import ChartImage

log = logging.getLogger(__name__)


class ChartStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, cache_key: str) -> tuple[bytes, str] | None:
        """(png, alt) of the chart stored under this key, if any."""
        try:
            with self._sessions() as session:
                row = session.execute(select(ChartImage.png, ChartImage.alt).where(
                    ChartImage.cache_key == cache_key[:300]).limit(1)).first()
        except SQLAlchemyError:
            log.warning("could not read a stored chart; drawing it instead", exc_info=True)
            return None
        return (bytes(row[0]), str(row[1])) if row is not None else None

    def put(self, cache_key: str, png: bytes, alt: str) -> None:
        sha = hashlib.sha256(png).hexdigest()
        values = {"sha256": sha, "cache_key": cache_key[:300], "png": png, "alt": alt}
        try:
            with transaction(self._sessions) as session:
                insert = conflict_insert(session, ChartImage)
                if insert is not None:
                    session.execute(insert.values(**values)
                                    .on_conflict_do_nothing(index_elements=["sha256"]))
                elif session.get(ChartImage, sha) is None:
                    session.add(ChartImage(**values))
        except SQLAlchemyError:
            log.warning("could not store a chart; it will be drawn again", exc_info=True)
