"""Build everything a running goldthread needs from one Settings object, once.

No module creates engines or reads configuration on import; `AppContext.create(settings)` does it
here and passes the pieces down, so tests can build as many isolated apps as they like.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from handlers.request import HandlerContext, SpcDefaults
from models import queries
from models.base import utcnow
from models.db import make_engine, session_factory, upgrade

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]

    @classmethod
    def create(cls, settings: Settings, *, migrate: bool = False) -> AppContext:
        engine = make_engine(settings.database_url)
        if migrate:
            upgrade(engine)
        return cls(settings, engine, session_factory(engine))

    def timezone(self) -> ZoneInfo:
        with self.sessions() as session:
            partnership = queries.current_partnership(session)
            return ZoneInfo(partnership.timezone if partnership else "Europe/London")

    def handler_context(self) -> HandlerContext:
        zone = self.timezone()

        def now() -> datetime:
            return utcnow()

        def today() -> date:
            return utcnow().astimezone(zone).date()

        return HandlerContext(
            sessions=self.sessions,
            now=now,
            today=today,
            spc=SpcDefaults(
                self.settings.spc.screen_outliers, self.settings.spc.fix_after_n_points
            ),
            chart_dir=self.settings.chart_dir,
        )

    def close(self) -> None:
        self.engine.dispose()
