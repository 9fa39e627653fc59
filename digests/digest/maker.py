"""Make digests: read the partnership once, assess each indicator once, compose per team.

A scheduled run may compose hundreds of digests in a minute; the partnership's data and every
indicator's status are shared between them (cached per as-of date for a short while), and charts
come from the panel book, so the cost grows with distinct indicators, not teams x indicators.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from digests.cards import Digest, Image
from digests.charts.answers import AnswerCharts, ChartShelf
from digests.indicators.kept import KeptStatuses, StatusShelf
from digests.indicators.settings import SpcDefaults
from digests.indicators.status import Status, assess
from models.tables import Partnership

if TYPE_CHECKING:
    from digests.charts.panels import PanelBook
    from digests.digest.data import PartnershipData

FRESH_FOR = 60.0  # seconds: one scheduler tick shares one read


@dataclass(frozen=True)
class Snapshot:
    data: PartnershipData
    statuses: dict[str, Status]
    taken: float


class DigestMaker:
    def __init__(self, panels: PanelBook | None = None, *, spc: SpcDefaults | None = None,
                 shelf: ChartShelf | None = None,
                 status_shelf: StatusShelf | None = None) -> None:
        self._panels = panels
        # Chat answers' charts, shared like the panels and kept on the shelf (the database)
        # when there is one, so a chart is drawn once for every process.
        self.answer_charts = AnswerCharts(shelf=shelf)
        # Chat answers' statuses, kept in memory and on the status shelf (the database) until
        # the indicator's data, settings or the analysis code change.
        self.statuses = KeptStatuses(status_shelf)
        self.spc = spc or SpcDefaults()  # the partnership's; an indicator may override them
        self._snapshots: dict[tuple[int, date], Snapshot] = {}
        self._lock = threading.Lock()

    def snapshot(self, session: Session, partnership: Partnership, as_of: date) -> Snapshot:
        key = (partnership.id, as_of)
        with self._lock:
            found = self._snapshots.get(key)
        if found is not None and time.monotonic() - found.taken < FRESH_FOR:
            return found
        from digests.digest.data import read_partnership  # pandas: only for a digest

        data = read_partnership(session, partnership, as_of, as_of - timedelta(days=6),
                                self.spc)
        statuses = {i.spec.key: assess(i.spec, i.series) for i in data.indicators}
        made = Snapshot(data, statuses, time.monotonic())
        with self._lock:
            self._snapshots = {k: v for k, v in self._snapshots.items()
                               if time.monotonic() - v.taken < FRESH_FOR}
            self._snapshots[key] = made
        return made

    @property
    def panels(self) -> PanelBook:
        """Made when the first digest is, since drawing panels needs matplotlib."""
        with self._lock:
            if self._panels is None:
                from digests.charts.panels import PanelBook

                self._panels = PanelBook()
            return self._panels

    def digest(self, session: Session, partnership: Partnership, team_key: str, audience: str,
               as_of: date) -> Digest:
        from digests.digest.compose import compose  # Jinja2: only when a digest is made

        snap = self.snapshot(session, partnership, as_of)

        def chart_for(keys: Sequence[str]) -> Image | None:
            return self.panels.grid([snap.statuses[k] for k in keys])

        return compose(snap.data, snap.statuses, team_key, audience, as_of, chart_for)

    def forget(self) -> None:
        """Drop cached reads (after new data is imported or a note is added)."""
        with self._lock:
            self._snapshots.clear()
