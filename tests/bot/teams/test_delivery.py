"""Proactive Teams messages through the outbox: digests, retries, the 80 KB budget."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.delivery.clock import Clock
from bot.delivery.jobs import DigestBuilder, store_image
from bot.delivery.queue import enqueue
from bot.services import make_outbox
from bot.teams.render import LEFT_OUT, MAX_BYTES, card_size
from bot.teams.validate import validate_adaptive_card
from digests.cards import Card, Digest, Image, Section
from models.tables import Delivery
from tests.bot.teams.conftest import CHANNEL, TeamsBot

# Monday 30 Nov 2026, 10:00 London: the Reablement Team's Monday 09:00 digest is due.
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def add_to_channel(bot: TeamsBot) -> None:
    added = bot.activity("conversationUpdate", scope="channel", membersAdded=[{"id": "28:b"}])
    assert bot.post(added)[0] == 200


def deliveries(bot: TeamsBot) -> list[Delivery]:
    with bot.app.sessions() as session:
        return list(session.scalars(select(Delivery).order_by(Delivery.id)))


def test_the_scheduled_digest_is_posted_once_to_the_teams_channel(teams_bot: TeamsBot) -> None:
    add_to_channel(teams_bot)
    outbox = make_outbox(teams_bot.app)
    assert "teams" in outbox.platforms
    clock = Clock(teams_bot.app.sessions, outbox,
                  DigestBuilder(teams_bot.app.maker, teams_bot.app.platforms),
                  timezone=teams_bot.app.timezone())
    enqueued, stats = clock.tick(MONDAY)
    assert enqueued == 1 and stats.sent == 1
    [sent] = teams_bot.fake.calls("send")
    assert sent.conversation == CHANNEL
    [card] = sent.cards()
    assert validate_adaptive_card(card) == []
    assert "Reablement Team" in sent.text()
    again, _ = clock.tick(MONDAY + timedelta(minutes=1))
    assert again == 0
    assert len(teams_bot.fake.calls("send")) == 1  # exactly once


def queue_digest(bot: TeamsBot, digest: Digest, target: str = CHANNEL) -> int:
    payload = dict(bot.teams.digest_payload(digest))
    image = next(c.image for c in digest.cards if c.image is not None)
    with bot.app.sessions() as session:
        sha = store_image(session, image, "test")
        payload["image"] = {"sha256": sha, "alt": image.alt, "title": image.title}
        row = enqueue(session, dedupe_key=f"digest:test:{target}", platform="teams",
                      target=target, kind="digest", payload=payload)
        assert row is not None
        row_id = row.id
        session.commit()
    return row_id


def chart_digest(png_bytes: int) -> Digest:
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(png_bytes)
    chart = Card(title="Delayed discharges", sections=(Section.of("Fewer than last month."),),
                 image=Image(png=png, alt="Delayed discharges fell from 41 to 33"))
    return Digest(title="Reablement Team: this week", cards=(chart,))


def test_the_chart_goes_inline_when_it_fits(teams_bot: TeamsBot) -> None:
    add_to_channel(teams_bot)
    queue_digest(teams_bot, chart_digest(20_000))
    assert make_outbox(teams_bot.app).deliver_due(MONDAY).sent == 1
    [card] = teams_bot.fake.calls("send")[0].cards()
    images = [i for i in card["body"][1]["items"] if i["type"] == "Image"]
    assert images and images[0]["url"].startswith("data:image/png;base64,")
    assert card_size(card) <= MAX_BYTES


def test_a_card_over_budget_drops_its_chart_and_keeps_its_words(teams_bot: TeamsBot) -> None:
    add_to_channel(teams_bot)
    queue_digest(teams_bot, chart_digest(120_000))
    assert make_outbox(teams_bot.app).deliver_due(MONDAY).sent == 1
    [sent] = teams_bot.fake.calls("send")
    [card] = sent.cards()
    assert card_size(card) <= MAX_BYTES
    assert "data:image" not in str(card)
    assert LEFT_OUT in sent.text()
    assert "Delayed discharges fell from 41 to 33" in sent.text()


def test_a_429_is_retried_after_teams_retry_after(teams_bot: TeamsBot) -> None:
    add_to_channel(teams_bot)
    row_id = queue_digest(teams_bot, chart_digest(1_000))
    teams_bot.fake.fail_next("send", 429, {"Retry-After": "120"})
    outbox = make_outbox(teams_bot.app)
    stats = outbox.deliver_due(MONDAY)
    assert (stats.sent, stats.retrying) == (0, 1)
    [row] = [d for d in deliveries(teams_bot) if d.id == row_id]
    assert row.status != "sent"
    assert row.next_attempt_at is not None
    assert row.next_attempt_at - MONDAY >= timedelta(seconds=120)
    assert outbox.deliver_due(MONDAY + timedelta(seconds=60)).sent == 0  # not before
    assert outbox.deliver_due(MONDAY + timedelta(seconds=121)).sent == 1
    assert len(teams_bot.fake.calls("send")) == 2
    [row] = [d for d in deliveries(teams_bot) if d.id == row_id]
    assert row.status == "sent"


def test_a_channel_goldthread_was_never_added_to_fails_clearly(teams_bot: TeamsBot) -> None:
    queue_digest(teams_bot, chart_digest(1_000), target="19:elsewhere@thread.tacv2")
    stats = make_outbox(teams_bot.app).deliver_due(MONDAY)
    assert stats.failed == 1
    [row] = deliveries(teams_bot)
    assert "not been added" in str(row.last_error)
