"""`goldthread records export|purge`: the records of a period as CSV and JSON, and retention.

The export is for Freedom of Information requests and records management: one CSV and one JSON
file per kind of record, and a manifest. JSON keeps every value exactly; the CSV is meant to be
opened in a spreadsheet, so text that would start a formula there is written with a leading
apostrophe (as the importer's rejects file does). Anonymous ideas carry no identity in either.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import click

from bot.cli.common import CliState, pass_state


@click.group()
def records() -> None:
    """Export the partnership's records for a period, or purge old message payloads."""


@records.command("export")
@click.option("--from", "first", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="The first day (local), inclusive.")
@click.option("--to", "last", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="The last day (local), inclusive.")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write the files to (made if missing).")
@pass_state
def export_command(state: CliState, first: datetime, last: datetime, out: Path) -> None:
    """Every digest sent, idea (with its history), accountability change, change and
    evaluation in the period, as CSV and JSON."""
    from models.records import COLUMNS, TABLES, local_bounds
    from models.records import records as read

    if last < first:
        raise click.UsageError("--to is before --from")
    app = state.app()
    zone = app.timezone()
    period = local_bounds(first.date(), last.date(), zone)
    with app.sessions() as session:
        found = read(session, period)
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in TABLES:
        rows = found[name]
        write_csv(out / f"{name}.csv", COLUMNS[name], rows)
        (out / f"{name}.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False),
                                          encoding="utf-8")
        counts[name] = len(rows)
        click.echo(f"{name}: {len(rows):,} row(s)")
    manifest = {"from": first.date().isoformat(), "to": last.date().isoformat(),
                "timezone": str(zone), "from_utc": period.start.isoformat(),
                "to_utc": period.end.isoformat(), "counts": counts,
                "anonymous_ideas": "no author, no chat id, no time finer than the day"}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    click.echo(f"Wrote {len(TABLES) * 2 + 1} files to {out}")


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """The rows under their header (the header alone when there are none)."""
    from models.imports.importer import spreadsheet_safe

    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: cell(v, spreadsheet_safe) for k, v in row.items()})


def cell(value: object, safe: Any) -> object:
    """Numbers and flags as they are; text made safe for a spreadsheet; nothing as empty."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    return safe(value)


@records.command("purge")
@click.option("--days", type=click.IntRange(min=1), help="Default: records.retention_days.")
@click.option("--dry-run", is_flag=True, help="Say what would be purged; change nothing.")
@pass_state
def purge_command(state: CliState, days: int | None, dry_run: bool) -> None:
    """Empty the payloads of deliveries older than the retention period (the record that a
    message was sent, to whom and when, is kept), and drop chart images only they used."""
    from models.base import utcnow
    from models.records import purge_payloads

    app = state.app()
    keep = days or app.settings.retention_days
    if keep is None:
        raise click.UsageError("give --days, or set records.retention_days in config.toml")
    now = utcnow()
    before = now - timedelta(days=keep)
    with app.sessions() as session:
        done = purge_payloads(session, before, now)
        if dry_run:
            session.rollback()
        else:
            session.commit()
    verb = "Would purge" if dry_run else "Purged"
    click.echo(f"{verb} {done.payloads:,} delivery payload(s) and {done.images:,} chart "
               f"image(s) from before {before:%d %b %Y} (kept: who was sent what, and when).")
