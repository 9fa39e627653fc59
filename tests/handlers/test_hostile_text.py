"""Hostile text on every chat entry point, through the handlers (fast; the same over real HTTP,
fewer examples, is in tests/bot/slack/test_hostile.py): 10,000 characters, control characters,
right-to-left overrides, emoji, channel pings, user and channel mentions, masked links,
mrkdwn and Markdown, SQL-looking text, every Unicode space. No crash, a clear message, no live
mention or link in what would be posted, nothing written when the input is refused, and no
control or invisible character in what is stored (issue 8, items 7 and 8)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.slack.modals import metadata, number, text_value
from bot.slack.render import card_blocks, fallback_text
from digests.cards import Card
from handlers.action_presses import press
from handlers.intents import read
from handlers.request import HandlerContext, Request
from handlers.router import answer
from handlers.suggest import MIN_LENGTH
from models.tables import AccountabilityUpdate, DigestNote, Suggestion
from tests.fakes.hostile import HOSTILE, assert_clean, assert_safe, shown

ENTRY_POINTS = [("perf", "U0BEN"), ("suggest", "U0BEN"), (None, "U0AMINA"), ("perf", None)]
HYPOTHESIS = settings(max_examples=150, deadline=None,
                      suppress_health_check=[HealthCheck.function_scoped_fixture,
                                             HealthCheck.too_slow])


def rows(sessions: sessionmaker[Session]) -> tuple[int, int, int]:
    with sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) or 0  # type: ignore[return-value]
                     for t in (Suggestion, DigestNote, AccountabilityUpdate))


def posted(cards: list[Card]) -> str:
    """Everything Slack would show for these cards: blocks and notification text."""
    return json.dumps(shown([card_blocks(c) for c in cards]), ensure_ascii=False) + "".join(
        fallback_text(c) for c in cards)


@HYPOTHESIS
@given(text=HOSTILE, entry=st.sampled_from(ENTRY_POINTS))
def test_hostile_text_at_every_entry_point(ctx: HandlerContext, text: str,
                                           entry: tuple[str | None, str | None]) -> None:
    command, user = entry
    intent = read(text, command)
    before = rows(ctx.sessions)
    reply = answer(ctx, Request(intent.said, platform="slack", user_id=user), intent)
    assert reply.cards and reply.cards[0].title.strip()  # always a clear message
    assert_safe(posted(reply.cards))
    after = rows(ctx.sessions)
    saved = reply.cards[0].title.startswith("Thanks, your idea is saved")
    if saved:
        assert intent.kind == "suggest" and len(intent.text) >= MIN_LENGTH
        assert after == (before[0] + 1, before[1], before[2])
        with ctx.sessions() as session:
            stored = session.scalars(select(Suggestion.text).order_by(
                Suggestion.id.desc())).first()
        assert stored == intent.text
        assert_clean(stored or "")  # kept as typed ("<!channel>" too), less the controls
    else:
        assert after[0] == before[0] and after[2] == before[2]  # refused: nothing written
        assert after[1] == before[1] or intent.kind == "note"


@HYPOTHESIS
@given(text=HOSTILE)
def test_hostile_text_in_a_reminder_form_and_its_button_values(ctx: HandlerContext,
                                                               text: str) -> None:
    """What a modal and a button bring back is cleaned (`text_value`), ids that are not
    numbers act on nothing (`number`), and private_metadata that is not ours is ignored."""
    view = {"private_metadata": text, "state": {"values": {"progress": {"text": {
        "type": "plain_text_input", "value": text}}}}}
    assert isinstance(metadata(view), dict)
    target = number(text)
    assert target == 0 or text.strip().isdigit()
    note = text_value(view, "progress")
    before = rows(ctx.sessions)
    outcome = press(ctx, Request("", person_key="amina"), "action.progress", target or 1, note)
    assert outcome.reply.title.strip()
    assert_safe(posted([outcome.reply]))
    if not outcome.changed:
        assert rows(ctx.sessions) == before
    else:
        assert_clean(note or "")
