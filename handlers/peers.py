""""How do we compare on X?": our rank and quartile among similar areas and, for a rate with
its numbers behind it, the funnel plot, so a small area's noise is not read as excellence."""

from __future__ import annotations

from digests.cards import Card, Fact, Section, bullet_section
from digests.digest.challenge import peer_funnel, peer_line
from digests.digest.data import IndicatorRecord
from digests.peers.words import band_words, dispersion_words
from digests.words import numbers
from handlers import matching, usage
from handlers.request import HandlerContext, Request
from models import queries


def compare(ctx: HandlerContext, request: Request) -> list[Card]:
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        if partnership is None:
            return [_card("No partnership loaded yet", "Load a framework file first.")]
        snapshot = ctx.digests.snapshot(session, partnership, ctx.today())
        compared = [i for i in snapshot.data.indicators if i.peer_set is not None]
        keys = {i.spec.key for i in compared}
        candidates = [matching.Candidate("indicator", i.key, i.name, (i.name, i.key, *i.aliases))
                      for i in queries.indicators(session, partnership.id) if i.key in keys]
    if not compared:
        return [_card("No peer figures yet", "The performance lead imports them with "
                      "goldthread import FILE --benchmarks.")]
    record = _which(request.text, compared, candidates)
    if record is None:
        return [Card(title="Compare which measure?", sections=(
            Section.of("I have figures from similar areas for these:"),
            bullet_section(f"how do we compare on {i.spec.name}" for i in compared)))]
    usage.asked(ctx, [record.spec.key])
    status = snapshot.statuses[record.spec.key]
    sections = [Section.of(peer_line(record, status) or "We have no figure of our own for "
                           "the peers' latest period.")]
    facts = []
    image = None
    placed = peer_funnel(record)
    if placed is not None:
        found, scale = placed
        unit = record.spec.unit
        facts.append(Fact("Peer average", numbers.format_value(found.target * scale, unit)))
        others = [p for p in found.units if not p.unit.ours]
        for p in others:
            facts.append(Fact(p.unit.name, f"{numbers.format_value(p.unit.value * scale, unit)}"
                              f" of {p.unit.n:,.0f}: {band_words(p, record.spec.improvement)}"))
        note = dispersion_words(found)
        if note:
            sections.append(Section.of(note))
        from digests.charts.funnel import funnel_chart  # matplotlib: only when drawing

        image = funnel_chart(found, title=record.spec.name, unit=unit, scale=scale,
                             improvement=record.spec.improvement)
    return [Card(title=f"How we compare: {record.spec.name}", sections=tuple(sections),
                 facts=tuple(facts), image=image)]


def _which(text: str, records: list[IndicatorRecord],
           candidates: list[matching.Candidate]) -> IndicatorRecord | None:
    """The measure the words name (by id, name or alias), only when one clearly wins."""
    if not text.strip():
        return None
    found = next((c for c in candidates if c.key == text.strip()), None) \
        or matching.match(text, candidates).best
    if found is None:
        return None
    return next(r for r in records if r.spec.key == found.key)


def _card(title: str, text: str) -> Card:
    return Card(title=title, sections=(Section.of(text),))
