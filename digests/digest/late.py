"""Late data in a digest: which figures are late, said plainly, and for members by partner
(the partner whose person owns the figure is the one who can send it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from digests.cards import Card, bullet_section
from digests.digest.data import IndicatorRecord
from digests.indicators.lateness import Lateness, lateness
from digests.indicators.status import Status

NO_PARTNER = "No partner named"


def late_of(record: IndicatorRecord, status: Status, as_of: date) -> Lateness | None:
    return lateness(status.latest_period, record.spec.frequency, as_of, record.late_after_days)


def late_sentence(record: IndicatorRecord, status: Status, as_of: date) -> str | None:
    late = late_of(record, status, as_of)
    return late.sentence(as_of) if late else None


def late_card(records: Sequence[IndicatorRecord], statuses: dict[str, Status], as_of: date,
              *, by_partner: bool) -> Card | None:
    """ "Data that is late": one line per late measure, grouped by partner for members."""
    late = [(r, found) for r in records
            if (found := late_of(r, statuses[r.spec.key], as_of)) is not None]
    if not late:
        return None
    if not by_partner:
        return Card(title="Data that is late", sections=(bullet_section(
            _line(r, found, as_of) for r, found in late),))
    partners: dict[str, list[str]] = {}
    for record, found in late:
        partners.setdefault(record.partner or NO_PARTNER, []).append(_line(record, found, as_of))
    order = sorted(partners, key=lambda p: (p == NO_PARTNER, p))
    return Card(title="Data that is late, by partner", sections=tuple(
        bullet_section(partners[p], heading=p) for p in order))


def _line(record: IndicatorRecord, found: Lateness, as_of: date) -> str:
    owner = f" Owner: {record.owner}." if record.owner else ""
    return f"{record.spec.name}: {found.words(as_of)}.{owner}"
