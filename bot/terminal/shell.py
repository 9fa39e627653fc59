"""The terminal chat: the same conversations as Slack and Teams, in a terminal.

It is the third adapter, not a toy: it reads each line with the same parser, calls the same
router behind the same error boundary, and renders the same Cards. With no TTY it reads one
line per message from stdin and stops at EOF, so a session can be scripted
(`printf 'help\\n' | goldthread run --demo`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from bot.app import AppContext
from bot.terminal.render import print_cards
from digests.cards import Button, Card
from handlers.failures import Failed, attempt
from handlers.intents import clean, read
from handlers.request import Request
from handlers.router import answer
from models import queries

QUIT_WORDS = {"quit", "exit", "bye", ":q"}


@dataclass
class Shell:
    app: AppContext
    person_key: str | None
    console: Console
    pending: list[Button] = field(default_factory=list)

    def greet(self) -> None:
        with self.app.sessions() as session:
            partnership = queries.current_partnership(session)
            person = (queries.person_by_key(session, partnership.id, self.person_key)
                      if partnership and self.person_key else None)
            name = partnership.name if partnership else "no partnership loaded"
            if person is not None:
                teams = ", ".join(t.name for t in person.teams) or "no team"
                you = f"You are {person.name} ({person.role}, {teams})."
            else:
                you = "You are not in the framework file: you may ask and suggest."
        self.console.print(f"[bold]goldthread[/bold] · {escape(name)}\n{escape(you)}\n"
                           "Type a question, /suggest <idea>, /perf mine, help, or quit.")

    def handle(self, line: str) -> bool:
        """Answer one line; False when the user wants to stop."""
        text = line.strip()
        if not text:
            return True
        if text.lower() in QUIT_WORDS:
            return False
        if text.isdigit() and self.pending:
            index = int(text) - 1
            if 0 <= index < len(self.pending):
                text = self.pending[index].value
        intent = read(text)
        request = Request(text=intent.said, platform="shell", person_key=self.person_key)
        result = attempt(intent.attempt,
                         lambda: answer(self.app.handler_context(), request, intent).cards)
        cards = [result.card] if isinstance(result, Failed) else result
        self._remember_choices(cards)
        print_cards(self.console, cards, self.app.settings.chart_dir)
        return True

    def _remember_choices(self, cards: list[Card]) -> None:
        self.pending = [a for c in cards for a in c.buttons if a.id == "ask"]

    def run(self, lines: Iterable[str]) -> None:
        self.greet()
        for line in lines:
            if not self.handle(line):
                break
        self.console.print("Bye.")


def input_lines(stream: TextIO, console: Console) -> Iterator[str]:
    """Prompted input on a terminal; plain lines (echoed, for a readable transcript) otherwise."""
    if stream.isatty():
        while True:
            try:
                yield console.input("[bold cyan]you>[/bold cyan] ")
            except (EOFError, KeyboardInterrupt):
                return
    else:
        for line in stream:
            # Cleaned as the conversation will read it: a pasted terminal escape must not
            # clear or rewrite the transcript.
            console.print(f"[bold cyan]you>[/bold cyan] {escape(clean(line))}")
            yield line


def run_shell(app: AppContext, person_key: str | None, stream: TextIO | None = None) -> None:
    console = Console()
    shell = Shell(app, person_key, console)
    shell.run(input_lines(stream or sys.stdin, console))
