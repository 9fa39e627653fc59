"""The learning and challenge cards of the digests: what worked, changes awaiting review, how we
compare, national frameworks, the cost of measuring and partners working together.

Pure, from PartnershipData records and statuses. The verdicts are computed from the data
(`digests.learning`), the peer position from rank, quartile and the funnel (`digests.peers`),
so a small peer's noise is never read as excellence and a change's verdict is never a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from digests.cards import Card, Section, bullet_section
from digests.digest.data import IndicatorRecord
from digests.digest.reviews import ChangeReview
from digests.indicators.cost import CostRecord, Usage, retire_candidates, total_hours
from digests.indicators.national import by_framework
from digests.indicators.status import Status
from digests.learning.evaluate import NO_EFFECT, WORKED, WORSE
from digests.partners.picture import ActionFact, by_partner, feeds
from digests.peers.funnel import Funnel, FunnelUnit, funnel
from digests.peers.position import position
from digests.peers.words import band_words, ordinal, scale_for
from digests.words import numbers

SOME = 6
PICTURE_DAYS = 28  # "done in the period" for the partners' picture in a digest


def day(when: date) -> str:
    return f"{when.day} {when:%b %Y}"


def change_line(review: ChangeReview, *, with_note: bool = True) -> str:
    """"Weekend reablement slots (from 2 Feb 2026): it worked; up 4.6 points (...)"."""
    text = f"{review.title} (from {day(review.started)}): {review.verdict_words}"
    shown = next((i for i in review.indicators if i.evaluation.verdict == review.verdict),
                 None)
    if shown is not None and review.verdict in (WORKED, WORSE, NO_EFFECT) and shown.effect:
        text += f": {shown.name} {shown.effect}"
    if review.idea_reference:
        text += f" (from idea {review.idea_reference})"
    text += "."
    if with_note and review.note:
        text += f" Learned: {review.note}"
    return text


def what_worked_card(reviews: Sequence[ChangeReview], keys: set[str] | None = None,
                     *, title: str = "What worked") -> Card | None:
    """Judged changes (on `keys`' indicators, when given): what worked first, then what made
    things worse, then the rest, newest first within each."""
    chosen = [r for r in reviews if keys is None or {i.key for i in r.indicators} & keys]
    if not chosen:
        return None
    order = {WORKED: 0, WORSE: 1}
    chosen.sort(key=lambda r: (order.get(r.verdict, 2), -r.started.toordinal()))
    lines = [change_line(r) for r in chosen[:SOME]]
    if len(chosen) > SOME:
        lines.append(f"and {len(chosen) - SOME} more")
    return Card(title=title, sections=(bullet_section(lines),))


def awaiting_review_card(reviews: Sequence[ChangeReview], keys: set[str]) -> Card | None:
    """Changes on the team's measures that nobody has reviewed yet (no learning note)."""
    waiting = [r for r in reviews if r.note is None and {i.key for i in r.indicators} & keys]
    if not waiting:
        return None
    lines = [f"{r.title} (from {day(r.started)}; watching "
             f"{', '.join(i.name for i in r.indicators)}): {r.verdict_words}"
             + ("; add what you learned" if r.conclusive else "")
             for r in waiting[:SOME]]
    return Card(title="Changes awaiting review", sections=(bullet_section(lines),))


def peer_funnel(record: IndicatorRecord) -> tuple[Funnel, float] | None:
    """The funnel of the latest peer period, when the unit is a proportion and every area
    (ours too) has a denominator; with the scale of the values (100 for per cent)."""
    scale = scale_for(record.spec.unit)
    found = record.peer_set
    if scale is None or found is None or found.ours is None:
        return None
    areas = [*found.peers, found.ours]
    if any(a.denominator is None or a.denominator <= 0 for a in areas):
        return None
    units = [FunnelUnit(a.name, a.value / scale, float(a.denominator or 0), a is found.ours)
             for a in areas]
    try:
        return funnel(units), scale
    except ValueError:
        return None


def peer_line(record: IndicatorRecord, status: Status) -> str | None:
    """Rank, quartile and (for rates with denominators) what the funnel says."""
    found = record.peer_set
    if found is None or not found.peers:
        return None
    ours = found.ours.value if found.ours else status.latest_value
    if ours is None:
        return None
    unit = record.spec.unit
    values = [p.value for p in found.peers]
    where = position(ours, values, record.spec.improvement)
    period = numbers.format_period(found.period, record.spec.frequency)
    text = (f"{record.spec.name} ({period}): ours {numbers.format_value(ours, unit)}; similar "
            f"areas {numbers.format_value(min(values), unit)} to "
            f"{numbers.format_value(max(values), unit)}; {ordinal(where.rank)} of {where.of}, "
            f"best first ({where.quartile_words})")
    placed = peer_funnel(record)
    if placed is not None and placed[0].ours is not None:
        text += f"; {band_words(placed[0].ours, record.spec.improvement)}"
    return text + "."


def peer_card(mine: Sequence[IndicatorRecord], statuses: dict[str, Status]) -> Card | None:
    lines = [line for i in mine if (line := peer_line(i, statuses[i.spec.key]))]
    if not lines:
        return None
    return Card(title="How we compare", sections=(bullet_section(lines),), footer=(
        "Ranks alone can mislead: a small area's figures jump about by chance. Where a rate "
        "has its numbers behind it, the funnel's limits say whether a difference is more "
        "than chance."))


def national_card(mine: Sequence[IndicatorRecord], statuses: dict[str, Status]) -> Card | None:
    """How local measures meet the national frameworks they map to."""
    groups = by_framework((i.national_code, i) for i in mine)
    if not groups:
        return None
    sections = []
    for framework, records in groups.items():
        lines = []
        for record in records:
            status = statuses[record.spec.key]
            verdict = f", {status.verdict}" if status.verdict else ""
            lines.append(f"{record.national_code}: {record.spec.name}: {status.latest_text}"
                         f"{verdict}")
        sections.append(bullet_section(lines, heading=framework))
    return Card(title="How local outcomes meet national ones", sections=tuple(sections))


def cost_records(mine: Sequence[IndicatorRecord], usage: dict[str, Usage]) -> list[CostRecord]:
    return [CostRecord(i.spec.key, i.spec.name, i.spec.frequency, i.cost_hours,
                       usage.get(i.spec.key, Usage())) for i in mine]


def cost_card(mine: Sequence[IndicatorRecord], usage: dict[str, Usage]) -> Card | None:
    """Hours a month and a year, and the costly measures nobody used in the last year."""
    records = cost_records(mine, usage)
    year = total_hours(records)
    if not year:
        return None
    sections = [Section.of(
        f"Measuring these {len(records)} measures takes about {year / 12:,.0f} staff hours a "
        f"month ({year:,.0f} a year).")]
    unused = retire_candidates(records)
    if unused:
        sections.append(bullet_section(
            (f"{r.name}: {r.hours:,.0f} hours a year" for r in unused[:SOME]),
            heading="Not asked about or acted on in the last year: worth a review"))
    return Card(title="Cost of measurement", sections=tuple(sections))


def partners_card(actions: Sequence[ActionFact], as_of: date) -> Card | None:
    """Each partner's actions and the outcomes they feed: a shared picture, not a ranking."""
    start = as_of - timedelta(days=PICTURE_DAYS)
    rows = by_partner(actions, start, as_of)
    if not rows:
        return None
    lines = [f"{r.partner}: {r.on_time} on time, {r.late} late, {r.blocked} blocked, "
             f"{r.done} done in the last four weeks" for r in rows]
    sections = [Section.of("Partners are listed by name, not ranked: a late or blocked "
                           "action is a call for help, and help can come from any partner."),
                bullet_section(lines, heading="Actions by partner")]
    links = feeds(actions)
    if links:
        sections.append(bullet_section(
            (f"{outcome}: {', '.join(partners)}" for outcome, partners in links.items()),
            heading="Whose actions feed which outcome"))
    return Card(title="Working together", sections=tuple(sections))
