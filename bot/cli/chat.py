"""`goldthread run [--demo] [--as PERSON]` and `goldthread ask "QUESTION"`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from bot.cli.common import CliState, pass_state
from bot.config import DEMO_DIR

if TYPE_CHECKING:
    from rich.console import Console

    from bot.app import AppContext
    from bot.delivery.clock import Clock



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
    clock = _demo_clock(app, console) if demo else None
    if clock is not None:
        clock.start()
    try:
        run_shell(app, person)
    finally:
        if clock is not None:
            clock.shutdown(wait=True)


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
@pass_state
def ask_command(state: CliState, question: tuple[str, ...], demo: bool,
                person: str | None) -> None:
    """Answer one question, print it and exit (for scripts)."""
    from rich.console import Console

    from bot.terminal.render import print_cards
    from handlers.request import Request
    from handlers.router import dispatch
    from models.demo import DEMO_PEOPLE_DEFAULT

    app = state.app(demo=demo)
    if demo:
        person = person or DEMO_PEOPLE_DEFAULT
    cards = dispatch(app.handler_context(), Request(" ".join(question), person_key=person))
    print_cards(Console(), cards, app.settings.chart_dir)
