"""`goldthread clock`: the scheduler alone (the Procfile's `clock` process)."""

from __future__ import annotations

import signal
import threading

import click

from bot.cli.common import CliState, pass_state
from bot.cli.serve import verify_platforms
from bot.services import make_clock


@click.command("clock")
@pass_state
def clock_command(state: CliState) -> None:
    """Run the scheduler alone: digests on time, reminders on weekdays at 09:30, late data."""
    app = state.app()
    verify_platforms(app)  # the clock sends through them: check each token before ticking
    clock = make_clock(app)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    clock.start()
    click.echo(f"Clock running in {app.timezone()}; Ctrl-C to stop.", err=True)
    stop.wait()
    clock.shutdown()
