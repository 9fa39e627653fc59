"""`goldthread change add|note|rebase`: record a change, what was learned, and a rebase at it.

The same handlers as the chat (so the same checks and the same words), run by the performance
lead with the database in hand: recording needs no chat permission, and `--by` says who made
the change. A learning note and a rebase are a person's judgement, so they name that person.
"""

from __future__ import annotations

from datetime import datetime

import click

from bot.app import AppContext
from bot.cli.common import CliState, pass_state
from digests.cards import Card


@click.group("change")
def change() -> None:
    """Record a change the partnership made, and what came of it."""


@change.command("add")
@click.option("--indicator", "indicators", required=True, multiple=True,
              help="The indicator's id in the framework file (repeat it for a change meant to "
                   "move several the same way).")
@click.option("--from", "started", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="The day the change started.")
@click.option("--expect", required=True, type=click.Choice(["increase", "decrease"]),
              help="Which way the indicator should move.")
@click.option("--what", required=True, help="What was done, in a few words.")
@click.option("--by", "person", metavar="PERSON", help="Who made the change (a person's id).")
@click.option("--description", help="More detail.")
@click.option("--action", "action_key", metavar="ACTION_ID",
              help="The accountability it came from.")
@click.option("--idea", "idea", metavar="IDEA-N", help="The idea it came from.")
@pass_state
def add_command(state: CliState, indicators: tuple[str, ...], started: datetime, expect: str,
                what: str, person: str | None, description: str | None,
                action_key: str | None, idea: str | None) -> None:
    """Record a change; goldthread judges it once figures follow."""
    from handlers.changes import ChangeForm, record_change
    from handlers.request import Request

    app = state.app()
    ctx = app.handler_context()
    _known(app, person)
    form = ChangeForm(title=what, indicator=indicators[0], also=indicators[1:],
                      started=started.date().isoformat(), expected=expect,
                      description=description, action_key=action_key,
                      idea_id=_idea_number(idea), source="cli")
    made = record_change(ctx, Request("", platform="cli", person_key=person), form,
                         trusted=True)
    _say(made.card)
    if made.key is None:
        raise SystemExit(1)


@change.command("note")
@click.argument("key")
@click.option("--text", required=True, help="What was learned.")
@click.option("--by", "person", required=True, metavar="PERSON", help="Who learned it.")
@pass_state
def note_command(state: CliState, key: str, text: str, person: str) -> None:
    """Record what was learned from a change."""
    from handlers.learning import add_note
    from handlers.request import Request

    app = state.app()
    _known(app, person)
    card = add_note(app.handler_context(), Request("", platform="cli", person_key=person),
                    key, text)
    _say(card)
    if not card.title.startswith("Learning saved"):
        raise SystemExit(1)


@change.command("rebase")
@click.argument("key")
@click.option("--reason", required=True, help="Why the limits start again here.")
@click.option("--by", "person", required=True, metavar="PERSON",
              help="Who confirms the rebase.")
@pass_state
def rebase_command(state: CliState, key: str, reason: str, person: str) -> None:
    """Recalculate the limits of a change's indicators from its start, for a reason."""
    from handlers.learning import rebase_at_change
    from handlers.request import Request

    app = state.app()
    _known(app, person)
    card = rebase_at_change(app.handler_context(), Request("", platform="cli",
                                                           person_key=person), key, reason)
    _say(card)
    if not card.title.startswith("Limits recalculated"):
        raise SystemExit(1)


def _known(app: AppContext, person: str | None) -> None:
    """--by must name a person in the framework file, exactly."""
    from models import queries

    if person is None:
        return
    with app.sessions() as session:
        partnership = queries.current_partnership(session)
        if partnership is None or queries.person_by_key(session, partnership.id,
                                                        person) is None:
            raise click.ClickException(f"no person {person!r} in the framework file")


def _idea_number(idea: str | None) -> int | None:
    if idea is None:
        return None
    digits = idea.strip().upper().removeprefix("IDEA-")
    if not digits.isdigit():
        raise click.UsageError(f"--idea must look like IDEA-12, not {idea!r}")
    return int(digits)


def _say(card: Card) -> None:
    click.echo(card.title)
    for section in card.sections:
        click.echo(section.plain_text)
    if card.footer:
        click.echo(card.footer)
