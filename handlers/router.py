"""Send what someone typed to the right conversation.

The same words work everywhere: `/perf mine` in Slack, `mine` in a DM, `/perf mine` in the
terminal. Adapters pass the command name they received (if any) and the rest of the text.
"""

from __future__ import annotations

from collections.abc import Callable

from digests.cards import Card, Section
from handlers import accountabilities, ask, digest, suggest
from handlers.help import help_card
from handlers.request import MAX_TEXT, HandlerContext, Request
from models import queries

Handler = Callable[[HandlerContext, Request], list[Card]]


def dispatch(ctx: HandlerContext, request: Request, command: str | None = None) -> list[Card]:
    """Route a request. `command` is "perf" or "suggest" when it came from a slash command."""
    text = _clean(request.text)
    if len(text) > MAX_TEXT:
        return [too_long_card(len(text))]
    if command is None and text.startswith("/"):
        command, _, text = text[1:].partition(" ")
        command = command.lower()
        text = text.strip()
    if command == "suggest":
        return suggest.suggest(ctx, _with(request, text))
    if command not in (None, "perf"):
        return [Card(title=f"I don't know /{command[:30]}",
                     sections=(Section.of("Try /perf help."),))]
    word, _, rest = text.partition(" ")
    word = word.lower()
    if text.lower() in {"", "help", "?", "hi", "hello"}:
        return [help_card()]
    if text.lower() in {"mine", "my actions", "me"}:
        return accountabilities.mine(ctx, request)
    if text.lower() in {"digest", "my digest"}:
        return digest.my_digest(ctx, request)
    if word == "note":
        return digest.add_note(ctx, _with(request, rest))
    if word == "thread":
        return thread(ctx, _with(request, rest.strip()))
    if word == "suggest":
        return suggest.suggest(ctx, _with(request, rest))
    return ask.ask(ctx, _with(request, text))


def thread(ctx: HandlerContext, request: Request) -> list[Card]:
    """`thread <outcome>`: the outcome's chain, or a list of outcomes to choose from."""
    if not request.text:
        with ctx.sessions() as session:
            partnership = queries.current_partnership(session)
            titles = [f"• {o.key}: {o.title}" for o in
                      queries.outcomes(session, partnership.id)] if partnership else []
        return [Card(title="Which outcome?", sections=(Section.of(
            "Say /perf thread and one of these:\n" + "\n".join(titles)),))]
    return ask.ask(ctx, request)


def too_long_card(length: int) -> Card:
    return Card(title="That message is too long for me", sections=(Section.of(
        f"It has {length:,} characters and I read up to {MAX_TEXT:,}. Nothing was saved. "
        "Please shorten it and send it again."),))


def _clean(text: str) -> str:
    """Drop control characters (keeping line breaks) and surrounding space."""
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()


def _with(request: Request, text: str) -> Request:
    from dataclasses import replace

    return replace(request, text=text)
