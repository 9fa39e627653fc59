"""The digest-only sink: a Workflows webhook per team, ≤ 28 KB, no bot buttons."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.app import AppContext
from bot.config import Settings
from bot.delivery.clock import Clock
from bot.delivery.jobs import DigestBuilder
from bot.delivery.outbox import Outbox
from bot.platforms import Platforms
from bot.teams.platform import TeamsPlatform
from bot.teams.webhook import MAX_BYTES, webhook_message
from digests.cards import Button
from digests.digest.maker import DigestMaker
from tests.bot.teams.conftest import teams_settings
from tests.bot.teams.test_delivery import MONDAY, chart_digest
from tests.fakes.teams_connector import FakeConnector


def test_digests_go_to_the_teams_webhook_without_a_bot(
        fake: FakeConnector, engine: Engine, teams_loaded: sessionmaker[Session],
        database_url: str, tmp_path: Path) -> None:
    settings = replace(teams_settings(fake, database_url, tmp_path), secrets={},
                       teams_webhooks={"reablement": fake.url + "webhook/reablement"})
    teams = TeamsPlatform(settings)
    assert not teams.configured  # no bot: nothing comes in, and no SDK is loaded
    teams.use_sessions(teams_loaded)
    transport = teams.transport()
    assert transport is not None
    app = AppContext(settings, engine, teams_loaded, DigestMaker())
    app.use_platforms(Platforms([teams]))
    outbox = Outbox(teams_loaded, {"teams": transport})
    clock = Clock(teams_loaded, outbox, DigestBuilder(app.maker, app.platforms),
                  timezone=app.timezone())
    enqueued, stats = clock.tick(MONDAY)
    assert (enqueued, stats.sent) == (1, 1)
    [posted] = fake.calls("webhook")
    assert posted.conversation == "reablement"
    assert len(json.dumps(posted.body).encode()) <= MAX_BYTES
    assert "Action.Execute" not in json.dumps(posted.body)
    assert "Reablement Team" in posted.text()
    app.close()


def test_a_big_digest_is_fitted_under_28_kb_with_its_chart_in_words() -> None:
    digest = chart_digest(60_000)
    digest = replace(digest, cards=(replace(digest.cards[0], buttons=(
        Button("action.done", "Done", "7"),)),))
    teams = TeamsPlatform(Settings())
    payload = teams.digest_payload(digest)
    image = next(c.image for c in digest.cards if c.image is not None)

    class Stored:
        png = image.png

    message = webhook_message(payload, Stored())  # type: ignore[arg-type]
    text = json.dumps(message)
    assert len(text.encode()) <= MAX_BYTES
    assert "data:image" not in text
    assert "Delayed discharges fell from 41 to 33" in text
    assert "Action.Execute" in json.dumps(payload)  # the bot's card has the button ...
    assert "Action.Execute" not in text  # ... which a flow could not answer
