"""Send what someone typed to the right conversation.

The same words work everywhere: `/perf mine` as a slash command, `mine` in a DM, `/perf mine` in the
terminal. `handlers.intents.read` decides what was asked (once, for every adapter); `answer`
runs that conversation and says how the reply may be shown: whether it may be shared with a
channel, and whether it must stay private to the person (an anonymous idea).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from digests.cards import Card, Section
from handlers import (
    accountabilities,
    ask,
    changes,
    channels,
    digest,
    learning,
    national,
    peers,
    record,
    suggest,
)
from handlers.help import help_card
from handlers.home import home_cards
from handlers.intents import Intent, read
from handlers.request import MAX_TEXT, HandlerContext, Request
from handlers.thread import thread


@dataclass(frozen=True)
class Reply:
    """The cards, and what the adapter may do with them."""

    cards: list[Card]
    shareable: bool = False  # about the partnership, not about the person: may be shared
    private: bool = False  # only the person may see it (an anonymous idea, a failure)


def answer(ctx: HandlerContext, request: Request, intent: Intent, *,
           team_key: str | None = None) -> Reply:
    """The reply to one intent; `team_key` is a team chosen outside the words (the modal)."""
    cards = _cards(ctx, replace(request, text=intent.text), intent, team_key)
    choices = any(a.id == "ask" for c in cards for a in c.buttons)
    return Reply(cards, shareable=intent.shareable and not choices, private=intent.anonymous)


def dispatch(ctx: HandlerContext, request: Request, command: str | None = None) -> list[Card]:
    """Read and answer in one step, for one-shot callers (`goldthread ask`, tests)."""
    return answer(ctx, request, read(request.text, command)).cards


def _cards(ctx: HandlerContext, request: Request, intent: Intent,
           team_key: str | None) -> list[Card]:
    kind = intent.kind
    if kind == "too_long":
        return [too_long_card(len(intent.said))]
    if kind == "unknown_command":
        return [Card(title=f"I don't know /{intent.command}",
                     sections=(Section.of("Try /perf help."),))]
    if kind == "suggest":
        return suggest.suggest(ctx, request, anonymous=intent.anonymous, team_key=team_key)
    if kind == "help":
        return [help_card()]
    if kind == "mine":
        return accountabilities.mine(ctx, request)
    if kind == "digest":
        return digest.my_digest(ctx, request)
    if kind == "home":
        return home_cards(ctx, request)
    if kind == "note":
        return digest.add_note(ctx, request)
    if kind == "thread":
        return thread(ctx, request)
    if kind in LEARNING:
        return LEARNING[kind](ctx, request)
    if kind == "record":
        return record.record(ctx, request)
    if kind == "channel":
        return channels.this_channel(ctx, request)
    return ask.ask(ctx, request)


LEARNING = {"change": changes.change_from_words, "worked": learning.worked,
            "review": learning.review, "learned": learning.learned, "rebase": learning.rebase,
            "national": national.national, "compare": peers.compare}


def too_long_card(length: int) -> Card:
    return Card(title="That message is too long for me", sections=(Section.of(
        f"It has {length:,} characters and I read up to {MAX_TEXT:,}. Nothing was saved. "
        "Please shorten it and send it again."),))
