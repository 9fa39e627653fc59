"""`goldthread framework review`: what each indicator costs to measure, whether it is used, and
which cost much and were never used (candidates to retire, ingredient 6)."""

from __future__ import annotations

from datetime import datetime

import click

from bot.cli.common import CliState, loaded_partnership, pass_state


@click.command("review")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="Count use in the year to this day (default: today).")
@click.option("--min-hours", type=click.FloatRange(min=0), default=24.0, show_default=True,
              help="Hours a year from which an unused measure is a candidate to retire.")
@pass_state
def review_command(state: CliState, as_of: datetime | None, min_hours: float) -> None:
    """Hours a year per indicator (cost_hours x periods a year), how often it was asked about,
    shown and acted on, and the costly ones nobody used."""
    from digests.digest.challenge_data import read_usage
    from digests.indicators.cost import CostRecord, retire_candidates, total_hours
    from models import queries

    app = state.app()
    day = as_of.date() if as_of else app.today()
    with app.sessions() as session:
        partnership = loaded_partnership(session)
        usage = read_usage(session, partnership.id, day)
        records = [CostRecord(i.key, i.name, i.frequency, i.cost_hours, usage[i.key])
                   for i in queries.indicators(session, partnership.id)]
    width = max(len(r.key) for r in records) if records else 10
    click.echo(f"{'indicator':<{width}}  hours/yr  asked  shown  acted")
    for r in sorted(records, key=lambda r: (-(r.hours or 0), r.key)):
        hours = f"{r.hours:,.0f}" if r.hours is not None else "?"
        click.echo(f"{r.key:<{width}}  {hours:>8}  {r.usage.asked:>5}  {r.usage.shown:>5}  "
                   f"{r.usage.acted:>5}")
    unknown = [r.key for r in records if r.cost_hours is None]
    click.echo(f"Total: about {total_hours(records):,.0f} staff hours a year"
               + (f" ({len(unknown)} with no cost_hours: {', '.join(unknown)})" if unknown
                  else "") + ".")
    retire = retire_candidates(records, min_hours)
    if not retire:
        click.echo(f"No measure costing {min_hours:g} hours a year or more went unused.")
        return
    click.echo(f"Candidates to retire (at least {min_hours:g} hours a year; not asked about or "
               "acted on in the last year):")
    for r in retire:
        click.echo(f"  {r.key}: {r.name}, {r.hours:,.0f} hours a year, shown {r.usage.shown} "
                   "time(s) in digests")
