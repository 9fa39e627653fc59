"""Build everything a running goldthread needs from one Settings object, once.

No module creates engines or reads configuration on import; `AppContext.create(settings)` does it
here and passes the pieces down, so tests can build as many isolated apps as they like.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.platforms import Platforms, from_settings
from digests.digest.maker import DigestMaker
from handlers.request import HandlerContext
from models import queries
from models.base import local_day, utcnow
from models.chart_store import ChartStore
from models.db import make_engine, session_factory, upgrade
from models.status_store import StatusStore

if TYPE_CHECKING:
    from bot.delivery.notices import NoticeSender

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    maker: DigestMaker = field(default_factory=DigestMaker)
    _notices: NoticeSender | None = field(default=None, init=False, repr=False, compare=False)
    _platforms: Platforms | None = field(default=None, init=False, repr=False, compare=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, init=False, repr=False,
                                  compare=False)

    @classmethod
    def create(cls, settings: Settings, *, migrate: bool = False) -> AppContext:
        engine = make_engine(settings.database_url)
        if migrate:
            upgrade(engine)
        sessions = session_factory(engine)
        maker = DigestMaker(spc=settings.spc, shelf=ChartStore(sessions),
                            status_shelf=StatusStore(sessions))
        return cls(settings, engine, sessions, maker)

    def timezone(self) -> ZoneInfo:
        with self.sessions() as session:
            partnership = queries.current_partnership(session)
            return ZoneInfo(partnership.timezone if partnership else "Europe/London")

    def handler_context(self) -> HandlerContext:
        zone = self.timezone()

        def now() -> datetime:
            return utcnow()

        def today() -> date:
            return local_day(zone)

        return HandlerContext(
            sessions=self.sessions,
            now=now,
            today=today,
            chart_dir=self.settings.chart_dir,
            digests=self.maker,
            platforms=self.notices().platforms,
            admin_channel=self.notices().admin_channel,
            notices=self.notices(),
        )

    @property
    def platforms(self) -> Platforms:
        """Every chat platform, built once from the settings (cheap: no SDK is imported)."""
        with self._lock:
            if self._platforms is None:
                self._platforms = from_settings(self.settings)
            return self._platforms

    def use_platforms(self, platforms: Platforms) -> None:
        """Replace the registry (the demo's terminal stands in for every platform's sending)."""
        with self._lock:
            self._platforms = platforms
            self._notices = None

    def notices(self) -> NoticeSender:
        """The outbox handlers store their notices in, made once, with a transport for each
        platform whose secrets are set: that is what decides who can be told anything."""
        with self._lock:
            if self._notices is None:
                from bot.services import make_notices  # services builds on this module

                self._notices = make_notices(self)
            return self._notices

    def today(self) -> date:
        """The partnership's local date now."""
        return local_day(self.timezone())

    def close(self) -> None:
        self.engine.dispose()
