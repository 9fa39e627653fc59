"""`/perf national ASCOF`: our measures mapped to a national framework, each with its latest
value and verdict, so local outcomes can be read against national ones (ingredient 7)."""

from __future__ import annotations

from digests.cards import Card, Section, bullet_section
from digests.indicators.national import by_framework, same_framework
from handlers.request import HandlerContext, Request
from models import queries


def national(ctx: HandlerContext, request: Request) -> list[Card]:
    wanted = request.text.strip()
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        if partnership is None:
            return [Card(title="No partnership loaded yet")]
        snapshot = ctx.digests.snapshot(session, partnership, ctx.today())
    records = snapshot.data.indicators
    groups = by_framework((r.national_code, r) for r in records)
    if not groups:
        return [Card(title="No national measures yet", sections=(Section.of(
            "Give an indicator a national_code in the framework file (for example "
            "national_code = \"ASCOF 2B\") to map it."),))]
    chosen = [r for r in records if same_framework(r.national_code, wanted)] if wanted else []
    if not chosen:
        intro = f"No measure maps to “{wanted}”. " if wanted else ""
        return [Card(title="National frameworks", sections=(
            Section.of(intro + "Say /perf national and one of these:"),
            bullet_section(f"{name}: {len(items)} measure{'s' if len(items) != 1 else ''}"
                           for name, items in groups.items())))]
    lines = []
    for record in sorted(chosen, key=lambda r: r.national_code or ""):
        status = snapshot.statuses[record.spec.key]
        verdict = f", {status.verdict}" if status.verdict else ""
        target = f"; target {status.target_text}" if status.target_text else ""
        lines.append(f"{record.national_code}: {record.spec.name}: {status.latest_text}"
                     f"{verdict}{target}")
    name = (chosen[0].national_code or wanted).split()[0].rstrip(":")
    return [Card(title=f"Our measures in {name}", sections=(bullet_section(lines),))]
