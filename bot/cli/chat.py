"""`goldthread run [--demo] [--as PERSON]` and `goldthread ask "QUESTION" [--pick N]`.

Neither dead-ends a script: a question answered with choices prints them and exits with
NEEDS_CHOICE (3), unless `--pick N` chose already; piped chat (`printf ... | goldthread run`)
takes a number on the next line, and exits 3 if a choice was left unmade.
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

import click

from bot.cli.common import CliState, pass_state
from bot.config import DEMO_DIR

if TYPE_CHECKING:
    from rich.console import Console

    from bot.app import AppContext
    from bot.delivery.clock import Clock

NEEDS_CHOICE = 3  # the exit code when a question was answered with choices left unmade


@click.command("run")
@click.option("--demo", is_flag=True,
              help="Use the built-in demo partnership in .goldthread/demo.db.")
@click.option("--as", "person", metavar="PERSON",
              help="Act as this person (their id in the framework file).")
@pass_state
def run_command(state: CliState, demo: bool, person: str | None) -> None:
    """Run goldthread: the chat platforms and the scheduler when one is configured, else the
    terminal chat."""
    from rich.console import Console

    from bot.cli.people import resolve_person
    from bot.cli.serve import run_platforms
    from bot.demo import prepare_demo
    from bot.terminal.shell import run_shell
    from models.demo import DEMO_PEOPLE_DEFAULT

    if demo:
        DEMO_DIR.mkdir(parents=True, exist_ok=True)
    app = state.app(demo=demo, migrate=demo)
    if not demo and app.platforms.configured():
        run_platforms(app)
        return
    console = Console(stderr=True)
    if demo:
        today = app.today()
        with console.status("Preparing the demo partnership…"):
            steps = prepare_demo(app, today, DEMO_DIR)
        console.print("[dim]Demo database: .goldthread/demo.db (separate from any real one). "
                      + "; ".join(steps) + "[/dim]")
        person = person or DEMO_PEOPLE_DEFAULT
    if person is not None:
        person = resolve_person(app, person)
    clock = _demo_clock(app, console) if demo else None
    if clock is not None:
        clock.start()
    try:
        unmade = run_shell(app, person)
    finally:
        if clock is not None:
            clock.shutdown(wait=True)
    if unmade:
        sys.exit(NEEDS_CHOICE)


def _demo_clock(app: AppContext, console: Console) -> Clock:
    """The real scheduler and outbox, delivering to the terminal (there is no chat platform
    here): the terminal stands in for every platform's sending."""
    from bot.services import make_clock, make_outbox
    from bot.terminal.transport import TerminalTransport

    outbox = make_outbox(app, {name: TerminalTransport(console, name)
                               for name in app.platforms.names()})
    return make_clock(app, outbox)


@click.command("ask")
@click.argument("question", nargs=-1, required=True)
@click.option("--demo", is_flag=True, help="Ask the demo partnership.")
@click.option("--as", "person", metavar="PERSON", help="Ask as this person.")
@click.option("--pick", type=click.IntRange(min=1), metavar="N",
              help="If the answer is a choice, take choice N (as shown, from 1).")
@pass_state
def ask_command(state: CliState, question: tuple[str, ...], demo: bool,
                person: str | None, pick: int | None) -> None:
    """Answer one question, print it and exit (for scripts).

    When the question could mean several things, the choices are printed and the exit code is
    3; run it again with --pick N.
    """
    # One question, one answer, exit: the few megabytes it allocates are freed by reference
    # counting, and the cyclic collector would only walk the libraries it loads over and over
    # while they load (about an eighth of its time). Back on when the command is done.
    if gc.isenabled():
        gc.disable()
        click.get_current_context().call_on_close(gc.enable)

    from rich.console import Console

    from bot.cli.people import resolve_person
    from bot.terminal.render import choices_of, print_cards
    from handlers.request import Request
    from handlers.router import dispatch
    from models.demo import DEMO_PEOPLE_DEFAULT

    app = state.app(demo=demo)
    if demo:
        person = person or DEMO_PEOPLE_DEFAULT
    if person is not None:
        person = resolve_person(app, person)
    ctx = app.handler_context()
    cards = dispatch(ctx, Request(" ".join(question), platform="cli", person_key=person))
    choices = choices_of(cards)
    if choices and pick is not None:
        if pick > len(choices):
            raise click.BadParameter(f"there are {len(choices)} choices; pick 1 to "
                                     f"{len(choices)}", param_hint="--pick")
        cards = dispatch(ctx, Request(choices[pick - 1].value, platform="cli",
                                      person_key=person), "perf")
        choices = choices_of(cards)
    console = Console()
    print_cards(console, cards, app.settings.chart_dir, interactive=False)
    if choices:
        click.echo(f"The question could mean {len(choices)} things: run it again with "
                   f"--pick 1 to --pick {len(choices)}.", err=True)
        sys.exit(NEEDS_CHOICE)
