"""`goldthread report --audience member --as-of DATE --format html|pdf`: the board report.

(`bot/cli/report.py` is something else: how commands word the outcome of deliveries.)
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from bot.cli.common import CliState, loaded_partnership, pass_state

AUDIENCES = ("member",)


@click.command("report")
@click.option("--audience", type=click.Choice(AUDIENCES), default="member", show_default=True,
              help="Who the report is for (elected members and non-executives).")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Default: today.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]),
              help="Start of the period for partners' actions (default: three months back).")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), default="html",
              show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (default: board-report-DATE.html or .pdf here).")
@click.option("--demo", is_flag=True, help="The report of the demo partnership.")
@pass_state
def report_command(state: CliState, audience: str, as_of: datetime | None,
                   since: datetime | None, fmt: str, out: Path | None, demo: bool) -> None:
    """The member report: summary icons by outcome, exceptions with their golden thread, what
    worked, peer position, partners working together, the cost of measurement."""
    from bot.html.board import PdfError, board_html, print_pdf
    from digests.board.report import board_report
    from models.base import utcnow

    app = state.app(demo=demo)
    day = as_of.date() if as_of else app.today()
    with app.sessions() as session:
        partnership = loaded_partnership(session)
        snap = app.maker.snapshot(session, partnership, day)
    report = board_report(snap.data, snap.statuses, day,
                          since=since.date() if since else None,
                          charts_for=lambda keys: app.maker.panels.grid(
                              [snap.statuses[k] for k in keys]))
    html = board_html(report, generated=f"{utcnow().astimezone(app.timezone()):%d %b %Y %H:%M}")
    target = out or Path(f"board-report-{day.isoformat()}.{fmt}")
    if fmt == "html":
        target.write_text(html, encoding="utf-8")
    else:
        try:
            print_pdf(html, target.resolve())
        except PdfError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote {target}")
