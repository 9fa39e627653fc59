"""Indicators' analysed statuses kept in the database by what they were made from, so that a
question about unchanged data is answered in every process without analysing it again.

Rows are the `kept_status` table, one per indicator. What is kept is the caller's JSON
(`digests.indicators.kept` writes and reads it); this module only stores it. Like the chart
store it is best effort: a read-only or busy database costs an analysis, never an answer.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from models.base import utcnow
from models.db import conflict_insert, transaction
from models.tables import KeptStatus

log = logging.getLogger(__name__)


class StatusStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self, indicator_id: int, fingerprint: str) -> str | None:
        """The kept status of the indicator, if it was made from exactly this fingerprint."""
        try:
            with self._sessions() as session:
                return session.scalar(select(KeptStatus.body).where(
                    KeptStatus.indicator_id == indicator_id,
                    KeptStatus.fingerprint == fingerprint))
        except SQLAlchemyError:
            log.warning("could not read a kept status; analysing instead", exc_info=True)
            return None

    def put(self, indicator_id: int, fingerprint: str, body: str) -> None:
        """Keep this as the indicator's status, replacing what was kept before."""
        values = {"indicator_id": indicator_id, "fingerprint": fingerprint, "body": body,
                  "made_at": utcnow()}
        try:
            with transaction(self._sessions) as session:
                insert = conflict_insert(session, KeptStatus)
                if insert is not None:
                    session.execute(insert.values(**values).on_conflict_do_update(
                        index_elements=["indicator_id"],
                        set_={k: v for k, v in values.items() if k != "indicator_id"}))
                else:
                    session.merge(KeptStatus(**values))
        except SQLAlchemyError:
            log.warning("could not keep a status; it will be analysed again", exc_info=True)
