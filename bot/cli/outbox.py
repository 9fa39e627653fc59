"""`goldthread outbox list|requeue`: what the admin alert asks a person to do."""

from __future__ import annotations

import click
from sqlalchemy import select

from bot.cli.common import CliState, pass_state
from bot.delivery.queue import requeue
from models.db import transaction
from models.tables import Delivery

STATUSES = ("pending", "sending", "sent", "failed", "unknown")


@click.group()
def outbox() -> None:
    """Look at messages waiting or failed, and send one again after fixing the cause."""


@outbox.command("list")
@click.option("--status", type=click.Choice(STATUSES), multiple=True,
              help="Default: failed and unknown.")
@click.option("--limit", default=50, show_default=True)
@pass_state
def list_command(state: CliState, status: tuple[str, ...], limit: int) -> None:
    """List deliveries by status, newest first."""
    app = state.app()
    wanted = status or ("failed", "unknown")
    with app.sessions() as session:
        rows = session.scalars(select(Delivery).where(Delivery.status.in_(wanted))
                               .order_by(Delivery.id.desc()).limit(limit)).all()
        if not rows:
            click.echo(f"No deliveries are {' or '.join(wanted)}.")
        for row in rows:
            error = f": {row.last_error}" if row.last_error else ""
            click.echo(f"{row.id:>6}  {row.status:<8} {row.kind:<7} {row.platform} "
                       f"{row.target} {row.period or ''} ({row.attempts} attempt(s)){error}")


@outbox.command("requeue")
@click.argument("delivery_id", type=int)
@pass_state
def requeue_command(state: CliState, delivery_id: int) -> None:
    """Send a failed or unknown delivery again (once you know it did not arrive)."""
    app = state.app()
    with transaction(app.sessions) as session:
        done = requeue(session, delivery_id)
    if not done:
        raise click.ClickException(
            f"delivery {delivery_id} is not failed or unknown (see `goldthread outbox list`)")
    click.echo(f"Delivery {delivery_id} will be sent on the clock's next tick.")
