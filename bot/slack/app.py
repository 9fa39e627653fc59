"""The Slack app, built in one call: `create_app(app_ctx)`.

Everything is made here and passed down, nothing at import: the Web API client (ours, with the
bot token, `SLACK_API_URL` as its base and the rate-limit retry handler), the Bolt app around it,
the background pool, identity look-ups, chart uploads, the notice sender and every listener.
`http.py` checks signatures before a body is even parsed (and Bolt checks them again);
`dedupe.py` drops redelivered events and replayed requests without waiting for the database;
`errors.py` is where unexpected errors end.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.app import AppContext
from bot.slack.actions import Actions
from bot.slack.background import Background
from bot.slack.commands import Commands
from bot.slack.dedupe import Dedupe
from bot.slack.deps import Deps
from bot.slack.errors import report_error
from bot.slack.events import Events
from bot.slack.platform import NAME, SlackPlatform
from bot.slack.presses import Presses
from bot.slack.replies import Replies
from bot.slack.signature import SignatureCheck
from bot.slack.uploads import ChartUploads
from bot.slack.views import Views


@dataclass
class SlackApp:
    """The Bolt app and what must be shut down with it."""

    bolt: App
    deps: Deps
    signatures: SignatureCheck | None = None  # HTTP mode: checked before a body is parsed

    @property
    def client(self) -> WebClient:
        return self.bolt.client

    def close(self) -> None:
        self.deps.background.close()


def on_error(error: Exception, body: dict[str, Any], client: WebClient) -> None:
    """Bolt's error hook: log with a reference, tell the user, never a stack trace."""
    report_error(error, body, client)


def create_app(app_ctx: AppContext, *, workers: int = 2) -> SlackApp:
    """The whole Slack app, from the app's settings and its Slack platform (whose one Web API
    client it shares). Needs SLACK_BOT_TOKEN; SLACK_SIGNING_SECRET for HTTP mode."""
    settings = app_ctx.settings
    platform = app_ctx.platforms.get(NAME)
    assert isinstance(platform, SlackPlatform)
    client = platform.client()
    bolt = App(
        client=client,
        signing_secret=settings.secret("SLACK_SIGNING_SECRET") or "",
        # Every listener only acks and hands the work to `Background`, so it may as well run
        # in the request's own thread: that saves Bolt's hop to its executor and its 10 ms
        # ack poll, and under load took the ack p99 from ~90 ms to ~20 ms (bench_slack.py).
        process_before_response=True,
        logger=logging.getLogger("slack_bolt.App"),
    )
    dedupe = Dedupe(app_ctx.sessions)
    background = Background(report_error, workers=workers, claim=dedupe.claim)
    deps = Deps(app=app_ctx, identities=platform.identities(app_ctx),
                replies=Replies(ChartUploads()), background=background,
                notices=app_ctx.notices())
    bolt.use(dedupe.middleware)
    bolt.error(on_error)
    presses = Presses(deps)
    Commands(deps).register(bolt)
    Events(deps).register(bolt)
    Actions(deps, presses).register(bolt)
    Views(deps, presses).register(bolt)
    secret = settings.secret("SLACK_SIGNING_SECRET")
    return SlackApp(bolt, deps, SignatureCheck(secret) if secret and secret.strip() else None)
