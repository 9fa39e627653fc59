"""`goldthread learning list|review`: every change with its verdict, and the review run now."""

from __future__ import annotations

from datetime import datetime

import click

from bot.cli.common import CliState, loaded_partnership, pass_state


@click.group("learning")
def learning() -> None:
    """What the partnership's changes did, and the review of them."""


@learning.command("list")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="Judge on the data up to this day (default: today).")
@click.option("--search", "words", default="", help="Only changes matching these words.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_state
def list_command(state: CliState, as_of: datetime | None, words: str, as_json: bool) -> None:
    """Each change with its verdict on each indicator, effect size and learning note."""
    import json

    from digests.digest.reviews import read_reviews
    from digests.learning.library import search

    app = state.app()
    day = as_of.date() if as_of else app.today()
    with app.sessions() as session:
        partnership = loaded_partnership(session)
        found = read_reviews(session, partnership.id, day, app.settings.spc)
    records = [r for review in found
               for r in review.library(f"{review.started.day} {review.started:%b %Y}")]
    chosen = search(records, words)
    if as_json:
        click.echo(json.dumps([{"change": r.change_key, "title": r.title,
                                "indicator": r.indicator, "verdict": r.verdict,
                                "summary": r.verdict_text, "effect": r.effect_text,
                                "note": r.note, "started": r.started} for r in chosen],
                              indent=2))
        return
    if not chosen:
        click.echo("No changes recorded yet." if not words else f"No changes match {words!r}.")
        return
    click.echo(f"Changes as of {day:%d %b %Y}:")
    for r in chosen:
        click.echo(f"{r.change_key}: {r.title} (from {r.started}), {r.indicator}: "
                   f"{r.verdict_text}")
        if r.note:
            click.echo(f"    learned: {r.note}")


@learning.command("review")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="Review on the data up to this day (default: today).")
@pass_state
def review_command(state: CliState, as_of: datetime | None) -> None:
    """Judge every change now, keep the new judgements, prompt owners, tell idea authors.

    Names every owner who could not be prompted (no chat identity this bot can send to).
    """
    from bot.cli import report
    from bot.delivery.learning import review_on
    from bot.services import make_outbox

    app = state.app()
    sending = app.platforms.only(make_outbox(app).platforms)
    run = review_on(app.handler_context(), sending, as_of.date() if as_of else app.today(),
                    app.timezone())
    click.echo(f"{run.judged.evaluations} new evaluation(s) kept; owners prompted for "
               f"{len(run.prompted)} change(s){report.unreached(run.prompts.unreached)}; idea "
               f"authors told for {len(run.judged.authors_told)}.")
