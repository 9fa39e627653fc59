"""The board report for elected members and non-executives (ingredient 9), as a pure model.

One read of the partnership (the same PartnershipData and statuses the digests use) becomes the
report's sections: a summary table ordered by outcome (indicator, variation icon and words,
assurance icon and words, latest, target); the exceptions, each with its golden thread and
owner; what worked; peer position with funnel plots; national frameworks; partners working
together; and the cost of measurement. Renderers (HTML, then PDF) only lay it out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from digests.cards import Image
from digests.charts.chart_words import icons_for
from digests.charts.funnel import funnel_chart
from digests.digest.challenge import (
    change_line,
    cost_records,
    peer_funnel,
    peer_line,
)
from digests.digest.data import IndicatorRecord, PartnershipData
from digests.digest.exceptions import exception_reasons, is_exception
from digests.indicators.cost import CostRecord, retire_candidates, total_hours
from digests.indicators.national import by_framework
from digests.indicators.status import Status
from digests.learning.evaluate import WORKED, WORSE
from digests.partners.picture import PartnerRow, by_partner, feeds
from digests.words import numbers

ChartsFor = Callable[[Sequence[str]], Image | None]
OTHER = "Other measures"

VARIATION_WORDS = {
    "common_cause": "Common cause: no significant change",
    "improvement_high": "Special cause: improving (higher)",
    "improvement_low": "Special cause: improving (lower)",
    "concern_high": "Special cause: concern (higher)",
    "concern_low": "Special cause: concern (lower)",
    "neutral_high": "Special cause: higher (no better direction)",
    "neutral_low": "Special cause: lower (no better direction)",
}
ASSURANCE_WORDS = {
    "pass": "Reliably meeting the target",
    "fail": "Will not meet the target without a change",
    "inconsistent": "Will sometimes meet the target and sometimes miss it",
}


@dataclass(frozen=True)
class SummaryRow:
    indicator: str
    verdict: str  # the bot's plain verdict ("improving", "too early to tell")
    variation: str | None  # MDC icon key, None while too early to tell
    variation_words: str
    assurance: str | None
    assurance_words: str
    latest: str
    target: str


@dataclass(frozen=True)
class OutcomeGroup:
    outcome: str
    rows: tuple[SummaryRow, ...]


@dataclass(frozen=True)
class ExceptionItem:
    indicator: str
    said: str
    thread: tuple[str, ...]
    owner: str


@dataclass(frozen=True)
class PeerItem:
    line: str
    chart: Image | None


@dataclass(frozen=True)
class BoardReport:
    title: str
    as_of: date
    since: date
    summary: tuple[OutcomeGroup, ...]
    exceptions: tuple[ExceptionItem, ...]
    exceptions_chart: Image | None
    worked: tuple[str, ...]
    peers: tuple[PeerItem, ...]
    national: tuple[tuple[str, tuple[str, ...]], ...]
    partners: tuple[PartnerRow, ...]
    feeds: tuple[tuple[str, tuple[str, ...]], ...]
    costs: tuple[CostRecord, ...]
    cost_total: float
    retire: tuple[CostRecord, ...]


def board_report(data: PartnershipData, statuses: dict[str, Status], as_of: date, *,
                 since: date | None = None, charts_for: ChartsFor | None = None) -> BoardReport:
    """The member report as of a day; `since` starts the period for partners' actions (default
    three months back, a board's usual cycle)."""
    start = since or as_of - timedelta(days=91)
    exceptions = [i for i in data.indicators if is_exception(statuses[i.spec.key])]
    reviews = [r for r in data.reviews if r.verdict in (WORKED, WORSE)] + \
        [r for r in data.reviews if r.verdict not in (WORKED, WORSE)]
    costs = cost_records(data.indicators, data.usage)
    return BoardReport(
        title=f"{data.name}: report to members",
        as_of=as_of, since=start,
        summary=_summary(data, statuses),
        exceptions=tuple(_exception_of(i, statuses[i.spec.key]) for i in exceptions),
        exceptions_chart=charts_for([i.spec.key for i in exceptions[:4]])
        if charts_for and exceptions else None,
        worked=tuple(change_line(r) for r in reviews),
        peers=tuple(_peers(data.indicators, statuses)),
        national=tuple((name, tuple(_national_line(r, statuses[r.spec.key]) for r in items))
                       for name, items in by_framework(
                           (i.national_code, i) for i in data.indicators).items()),
        partners=tuple(by_partner(data.partner_actions, start, as_of)),
        feeds=tuple((o, tuple(p)) for o, p in feeds(data.partner_actions).items()),
        costs=tuple(sorted(costs, key=lambda c: (-(c.hours or 0), c.name))),
        cost_total=total_hours(costs),
        retire=tuple(retire_candidates(costs)),
    )


def _summary(data: PartnershipData, statuses: dict[str, Status]) -> tuple[OutcomeGroup, ...]:
    titles = {o.key: o.title for o in data.outcomes}
    groups: dict[str, list[SummaryRow]] = {}
    for outcome in data.outcomes:
        groups[outcome.title] = []
    for record in data.indicators:
        title = titles.get(record.outcome_key or "", OTHER)
        groups.setdefault(title, []).append(_row(record, statuses[record.spec.key]))
    return tuple(OutcomeGroup(title, tuple(rows)) for title, rows in groups.items() if rows)


def _row(record: IndicatorRecord, status: Status) -> SummaryRow:
    icons = icons_for(status.result) if status.result is not None else None
    variation, assurance = icons if icons else (None, None)
    verdict = status.verdict or "no data yet"
    words = status.words
    return SummaryRow(
        indicator=record.spec.name, verdict=verdict, variation=variation,
        variation_words=VARIATION_WORDS.get(variation or "", verdict.capitalize()),
        assurance=assurance,
        assurance_words=ASSURANCE_WORDS.get(assurance or "", (
            words.assurance.capitalize() if words and words.assurance else
            "No target" if record.spec.target is None else "Too early to tell")),
        latest=status.latest_text,
        target=numbers.format_target(record.spec.target, record.spec.unit)
        if record.spec.target is not None else "none set")


def _exception_of(record: IndicatorRecord, status: Status) -> ExceptionItem:
    said = status.words
    assert said is not None
    target = numbers.format_target(record.spec.target, record.spec.unit)
    parts = [f"{status.latest_text}, {said.verdict}.",
             *exception_reasons(said, target, said.assurance)]
    return ExceptionItem(record.spec.name, " ".join(parts), record.thread,
                      record.owner or "no owner yet")


def _peers(records: Sequence[IndicatorRecord],
           statuses: dict[str, Status]) -> list[PeerItem]:
    found = []
    for record in records:
        line = peer_line(record, statuses[record.spec.key])
        if line is None:
            continue
        placed = peer_funnel(record)
        chart = funnel_chart(placed[0], title=record.spec.name, unit=record.spec.unit,
                             scale=placed[1], improvement=record.spec.improvement) \
            if placed else None
        found.append(PeerItem(line, chart))
    return found


def _national_line(record: IndicatorRecord, status: Status) -> str:
    verdict = f", {status.verdict}" if status.verdict else ""
    return f"{record.national_code}: {record.spec.name}: {status.latest_text}{verdict}"
