"""Records retention on the clock: once a day, old delivery payloads are purged when
`records.retention_days` is set (see models/records.py for what goes and what stays)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from models.db import transaction
from models.records import Purged, purge_payloads

log = logging.getLogger(__name__)


def purge_old(sessions: sessionmaker[Session], days: int | None, now: datetime) -> Purged | None:
    if days is None:
        return None
    with transaction(sessions) as session:
        done = purge_payloads(session, now - timedelta(days=days), now)
    if done.payloads or done.images:
        log.info("records retention: purged %s payload(s) and %s chart image(s) older than %s "
                 "days", done.payloads, done.images, days)
    return done
