"""`goldthread pull [--indicator ID] [--confirm]`: pull SQL sources now."""

from __future__ import annotations

import os
import sys

import click

from bot.cli import report
from bot.cli.common import CliState, loaded_partnership, pass_state


@click.command("pull")
@click.option("--indicator", "indicator", metavar="ID", help="Only this indicator's source.")
@click.option("--confirm", is_flag=True,
              help="Accept values far outside everything seen before (checked first).")
@pass_state
def pull_command(state: CliState, indicator: str | None, confirm: bool) -> None:
    """Pull every indicator's SQL source now (or one), read-only, whatever the schedule.

    Prints a line per source and a summary; tells owners of new failures and recoveries, as
    the clock does; exits 1 if any source failed.
    """
    from bot.delivery.pull_job import pull_sources
    from bot.services import make_outbox
    from models import queries
    from models.base import utcnow
    from models.sources.pull import environment

    app = state.app()
    with app.sessions() as session:
        partnership = loaded_partnership(session)
        sourced = [i.key for i in queries.indicators(session, partnership.id) if i.source_query]
    if indicator is not None and indicator not in sourced:
        known = ", ".join(sourced) or "none has one yet"
        raise click.ClickException(f"no SQL source for indicator {indicator!r}; indicators "
                                   f"with a source: {known}")
    if not sourced:
        click.echo("No indicator has a SQL source; add source = { url_env = ..., query = ... } "
                   "to one in the framework file.")
        return
    outbox = make_outbox(app)
    sending = app.platforms.only(outbox.platforms)
    run = pull_sources(app.sessions, utcnow(), sending, environment(os.environ),
                       only=indicator, force=True, confirm=confirm,
                       timeout=app.settings.sources_timeout,
                       progress=lambda key: click.echo(f"Pulling {key}…", err=True))
    for result in run.results:
        r = result.run
        if result.ok:
            click.echo(f"{result.indicator_key}: {r.inserted} inserted, {r.updated} updated, "
                       f"{r.unchanged} unchanged.")
        else:
            click.secho(f"{result.indicator_key}: failed ({r.kind}): {r.error}", fg="red",
                        err=True)
    for key in run.crashed:
        click.secho(f"{key}: failed on goldthread's side; see the log", fg="red", err=True)
    if run.queued:
        outbox.deliver_due(utcnow())
    if any(r.ok and (r.run.inserted or r.run.updated) for r in run.results):
        from bot.cli.data import keep_for_questions

        keep_for_questions(app)
    told = sum(r.tell is not None and r.run.told for r in run.results)
    failed = len(run.failed) + len(run.crashed)
    click.echo(f"{len(run.results) + len(run.crashed)} source(s) pulled: "
               f"{len(run.results) - len(run.failed)} worked, {failed} failed; "
               f"{told} owner(s) told{report.unreached(run.unreached)}.")
    if failed:
        sys.exit(1)
