"""`goldthread nudge`: today's reminders and requests for late figures, now."""

from __future__ import annotations

import sys
from datetime import datetime, time

import click

from bot.cli import report
from bot.cli.common import CliState, pass_state
from bot.delivery.jobs import late_data_reminders, send_nudges
from bot.services import make_outbox
from models.base import utcnow


@click.command("nudge")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Default: today.")
@pass_state
def nudge_command(state: CliState, as_of: datetime | None) -> None:
    """Send today's reminders about accountabilities now (and ask for late figures).

    Names everyone who could not be reached, and exits 1 if any message failed.
    """
    app = state.app()
    zone = app.timezone()
    now = datetime.combine(as_of.date(), time(9, 30), zone) if as_of else utcnow()
    outbox = make_outbox(app)
    sending = app.platforms.only(outbox.platforms)
    nudges = send_nudges(app.sessions, now, sending)
    late = late_data_reminders(app.sessions, now, sending)
    outbox.deliver_due(utcnow())
    click.echo(f"{len(nudges.queued)} reminder(s) queued{report.unreached(nudges.unreached)}.")
    click.echo(f"{len(late.queued)} request(s) for late figures queued"
               f"{report.unreached(late.unreached)}.")
    with app.sessions() as session:
        found = report.rows(session, nudges.queued + late.queued)
        if found:
            click.echo(f"Of those: {report.tally(found)}.")
        problems = [row for row in found if row.status in report.PROBLEMS]
        for row in problems:
            click.echo(f"{row.kind} to {row.platform} {row.target}: "
                       f"{report.state(row, zone)}", err=True)
        if problems:
            click.echo(report.requeue_advice(problems), err=True)
    if problems:
        sys.exit(1)
