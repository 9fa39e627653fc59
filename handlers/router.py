"""Send what someone typed to the right conversation.

The same words work everywhere: `/perf mine` as a slash command, `mine` in a DM, `/perf mine` in the
terminal. `handlers.intents.read` decides what was asked (once, for every adapter); `answer`
runs that conversation and says how the reply may be shown: whether it may be shared with a
channel, and whether it must stay private to the person (an anonymous idea).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from digests.cards import Card, Section
from handlers import (
    accountabilities,
    ask,
    channels,
    digest,
    explain,
    overview,
    owners,
    smalltalk,
    suggest,
)
from handlers.conversation import Memory
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
           team_key: str | None = None, converse: bool = True) -> Reply:
    """The reply to one intent; `team_key` is a team chosen outside the words (the modal).

    In a conversation (`converse`, every chat adapter) a number right after a choice chooses,
    and the choices offered are remembered for the next message (handlers.conversation);
    anonymous messages never touch that memory.
    """
    memory = Memory(ctx, request) if converse and not intent.anonymous else None
    if intent.kind == "pick":
        chosen = memory.chosen(int(intent.text)) if memory else None
        if chosen is None:
            cards = [_no_choice_card(memory, intent.text)]
            return Reply(cards)
        intent = read(chosen, "perf")
    cards, topic = _cards(ctx, replace(request, text=intent.text), intent, team_key, memory)
    choices = any(a.id == "ask" for c in cards for a in c.buttons)
    if memory is not None:
        memory.remember(intent.said, cards, topic)
    return Reply(cards, shareable=intent.shareable and not choices, private=intent.anonymous)


def dispatch(ctx: HandlerContext, request: Request, command: str | None = None) -> list[Card]:
    """Read and answer in one step, for one-shot callers (`goldthread ask`, tests): no
    conversation, so a number alone chooses nothing."""
    return answer(ctx, request, read(request.text, command), converse=False).cards


def _cards(ctx: HandlerContext, request: Request, intent: Intent, team_key: str | None,
           memory: Memory | None) -> tuple[list[Card], str | None]:
    kind = intent.kind
    asked = _QUESTIONS.get(kind)
    if asked is not None:
        answered = asked(ctx, request, memory)
        return answered.cards, answered.topic
    return _other(ctx, request, intent, team_key), None


def _other(ctx: HandlerContext, request: Request, intent: Intent,
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
    if kind in LEARNING:
        return _handler(*LEARNING[kind])(ctx, request)
    if kind == "record":
        return _handler("record", "record")(ctx, request)
    if kind == "channel":
        return channels.this_channel(ctx, request)
    if kind == "smalltalk":
        return [smalltalk.reply(ctx, request, intent.text)]
    if kind == "explain":
        return [explain.explain_card(intent.text)]
    return [overview.late_or_overdue(ctx, late=kind == "late")]


# (module, function) of the conversations that read series with pandas (learning, peers,
# typed figures): imported when first asked, so a question answered from a kept status
# starts without pandas (issue 9's start-up target).
LEARNING = {"change": ("changes", "change_from_words"), "worked": ("learning", "worked"),
            "review": ("learning", "review"), "learned": ("learning", "learned"),
            "rebase": ("learning", "rebase"), "national": ("national", "national"),
            "compare": ("peers", "compare")}


def _handler(module: str, name: str) -> Callable[[HandlerContext, Request], list[Card]]:
    found: Callable[[HandlerContext, Request], list[Card]] = getattr(
        importlib.import_module(f"handlers.{module}"), name)
    return found

Asked = Callable[[HandlerContext, Request, "Memory | None"], ask.Answered]
_QUESTIONS: dict[str, Asked] = {
    "ask": lambda ctx, request, _memory: ask.reply(ctx, request),
    "thread": lambda ctx, request, _memory: thread(ctx, request),
    "owner": lambda ctx, request, _memory: owners.owner(ctx, request),
    "why": lambda ctx, request, memory: explain.why(ctx, request,
                                                    memory.topic if memory else None),
}


def _no_choice_card(memory: Memory | None, number: str) -> Card:
    """A number alone, with nothing just offered: never a guess at a topic ("1" is not
    "Still at home 91 days")."""
    offered = memory.offered if memory is not None else None
    if offered is not None:
        return Card(title=f"There is no choice {number}", sections=(Section.of(
            f"Type a number from 1 to {len(offered.choices)}, or ask again in other words."),))
    return Card(title="Nothing to choose from just now", sections=(Section.of(
        "A number picks one of the choices I have just offered, and I haven't offered any. "
        "Ask me how something is doing, for example “how are we doing on delayed "
        "discharges?”"),))


def too_long_card(length: int) -> Card:
    return Card(title="That message is too long for me", sections=(Section.of(
        f"It has {length:,} characters and I read up to {MAX_TEXT:,}. Nothing was saved. "
        "Please shorten it and send it again."),))
