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
from bot.terminal.render import choices_of, print_cards
from digests.words.grammar import join_and
from handlers.failures import Failed, attempt
from handlers.intents import clean, read
from handlers.request import Request
from handlers.router import answer
from models import queries

QUIT_WORDS = {"quit", "exit", "bye", ":q"}


NEEDS_CHOICE = 3  # exit code of a script that left a choice unmade (as `goldthread ask`)
TERMINAL_USER = "terminal"  # the account of someone not in the framework file, here


@dataclass
class Shell:
    app: AppContext
    person_key: str | None
    console: Console
    waiting: str | None = None  # the question answered with choices, until a number comes
    unmade: list[str] = field(default_factory=list)  # questions whose choice never came

    def greet(self) -> None:
        with self.app.sessions() as session:
            partnership = queries.current_partnership(session)
            person = (queries.person_by_key(session, partnership.id, self.person_key)
                      if partnership and self.person_key else None)
            name = partnership.name if partnership else "no partnership loaded"
            if person is not None:
                teams = join_and([t.name for t in person.teams]) or "no team"
                you = (f"Hello {person.greeting_name}. You are {person.name} "
                       f"({person.role}, {teams}).")
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
        intent = read(text)
        if self.waiting is not None and intent.kind != "pick":
            self.unmade.append(self.waiting)
        self.waiting = None
        # The router keeps the conversation (choices offered, what "this" is), as for Slack.
        request = Request(text=intent.said, platform="shell", person_key=self.person_key,
                          user_id=None if self.person_key else TERMINAL_USER)
        result = attempt(intent.attempt,
                         lambda: answer(self.app.handler_context(), request, intent).cards)
        cards = [result.card] if isinstance(result, Failed) else result
        if choices_of(cards):
            self.waiting = intent.said
        print_cards(self.console, cards, self.app.settings.chart_dir)
        return True

    def run(self, lines: Iterable[str]) -> list[str]:
        """Chat until quit or the end of input; returns the questions left with a choice
        unmade (a script should answer a choice with a number on the next line)."""
        self.waiting, self.unmade = None, []
        self.greet()
        for line in lines:
            if not self.handle(line):
                break
        if self.waiting is not None:
            self.unmade.append(self.waiting)
        self.console.print("Bye.")
        return self.unmade


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


def run_shell(app: AppContext, person_key: str | None,
              stream: TextIO | None = None) -> list[str]:
    """The chat on this terminal. Returns the questions whose choice was never made; piped
    input that leaves one is told so on stderr, and `goldthread run` exits NEEDS_CHOICE."""
    console = Console()
    source = stream or sys.stdin
    shell = Shell(app, person_key, console)
    unmade = shell.run(input_lines(source, console))
    if unmade and not source.isatty():
        asked = "; ".join(f"“{q}”" for q in unmade)
        Console(stderr=True).print(escape(
            f"goldthread: a choice was offered and none was made for {asked}. In a script, "
            "put the number on the next line, or ask more exactly."))
    return unmade
