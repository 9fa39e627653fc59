"""Slack behind the platform port: renders, sends, serves and tells who a user is, for Slack.

The rest of goldthread reaches Slack only through this object (see `bot/platforms.py`). It is
cheap to build: the Web API client, Bolt and the Socket Mode handler are made on first use,
once, and shared (the outbox's transport, the Bolt app and identity look-ups use one client).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.platforms import Headers, HttpRoute, Limits, Payload, Platform, PlatformError
from bot.slack import render
from digests.cards import Card, Digest

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from bot.app import AppContext
    from bot.delivery.outbox import Transport
    from bot.slack.app import SlackApp
    from bot.slack.identity import Identities
    from handlers.request import Request

NAME = "slack"
EVENTS_PATH = "/slack/events"
LIMITS = Limits(max_buttons=render.MAX_BLOCKS * render.MAX_ACTION_ELEMENTS,
                max_button_label=render.MAX_BUTTON_LABEL, max_text=render.MAX_SECTION_TEXT)


class SlackPlatform:
    name = NAME
    limits = LIMITS

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._client: WebClient | None = None
        self._identities: Identities | None = None

    # ---- what it is ------------------------------------------------------------------------
    @property
    def configured(self) -> bool:
        return bool(self._settings.secret("SLACK_BOT_TOKEN"))

    @property
    def admin_channel(self) -> str | None:
        return self._settings.slack_admin_channel

    def missing(self) -> str | None:
        names = [n for n in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
                 if not self._settings.secret(n)]
        if not names or (names == ["SLACK_SIGNING_SECRET"]
                         and self._settings.secret("SLACK_APP_TOKEN")):
            return None
        return f"{' and '.join(names)} {'is' if len(names) == 1 else 'are'} not set"

    # ---- rendering (pure) ------------------------------------------------------------------
    def card_payload(self, card: Card) -> Payload:
        return {"text": render.fallback_text(card), "blocks": render.card_blocks(card)}

    def digest_payload(self, digest: Digest) -> Payload:
        image_at = next((i for i, c in enumerate(digest.cards) if c.image is not None), None)
        blocks = render.digest_blocks(
            digest, image_file_ids={image_at: render.CHART_PLACEHOLDER} if image_at is not None
            else None)
        return {"text": render.fallback_text(digest), "blocks": blocks}

    def previews(self) -> Mapping[str, Callable[[Digest], str]]:
        def preview(digest: Digest) -> str:
            payload = self.digest_payload(digest)
            return json.dumps({"blocks": payload["blocks"], "text": payload["text"]}, indent=2)

        return {NAME: preview}

    # ---- sending and receiving -------------------------------------------------------------
    def client(self) -> WebClient:
        """The one Web API client: SLACK_BOT_TOKEN, SLACK_API_URL, our retry handlers."""
        with self._lock:
            if self._client is None:
                from bot.slack.transport import make_web_client

                self._client = make_web_client(self._require("SLACK_BOT_TOKEN"),
                                               self._settings.slack_api_url)
            return self._client

    def identities(self, app: AppContext) -> Identities:
        with self._lock:
            if self._identities is None:
                from bot.slack.identity import Identities

                self._identities = Identities(app.sessions)
            return self._identities

    def transport(self) -> Transport | None:
        if not self.configured:
            return None
        from bot.slack.transport import SlackTransport

        return SlackTransport(self.client())

    def check(self) -> str:
        from bot.slack import startup

        try:
            return startup.check_slack(self._require("SLACK_BOT_TOKEN"),
                                       self._settings.slack_api_url)
        except startup.SlackStartupError as exc:
            raise PlatformError(str(exc)) from None

    def routes(self, app: AppContext) -> Sequence[HttpRoute]:
        if not self.configured or self._settings.secret("SLACK_APP_TOKEN"):
            return []  # not configured, or connected by Socket Mode instead
        self._require("SLACK_SIGNING_SECRET")
        from bot.slack.app import create_app

        return [SlackRoute(create_app(app))]

    def connection(self, app: AppContext) -> Callable[[], None] | None:
        app_token = self._settings.secret("SLACK_APP_TOKEN")
        if not self.configured or not app_token:
            return None
        from bot.slack.app import create_app
        from bot.slack.socket_mode import run_socket_mode

        slack = create_app(app)
        return lambda: run_socket_mode(slack, app_token)

    def request(self, user_id: str | None, text: str, *, channel: str | None = None,
                look_up: bool = True) -> Request:
        if self._identities is None:
            raise PlatformError("Slack identities are made with the app (create_app) first")
        return self._identities.request(self.client(), user_id, text, channel=channel,
                                        look_up=look_up)

    def _require(self, name: str) -> str:
        value = self._settings.secret(name)
        if not value:
            raise PlatformError(f"configuration: {name} is not set. Put it in the environment "
                                "(or a file named by NAME_FILE).")
        return value


class SlackRoute:
    """`/slack/events`: Bolt's dispatch is synchronous (verify, middleware, wait for the ack),
    so it runs in a thread pool: a slow request must never hold up the event loop, or every
    other ack in the process would wait behind it."""

    path = EVENTS_PATH
    platform = NAME

    def __init__(self, slack: SlackApp, threads: int = 32) -> None:
        self.slack = slack
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="slack-http")

    async def handle(self, body: bytes, query: str, headers: Headers) -> tuple[int, Headers, bytes]:
        from bot.slack.http import handle

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, handle, self.slack, body, query, headers)

    def close(self) -> None:
        self.slack.deps.background.wait_idle(10.0)
        self.slack.close()
        self._pool.shutdown(wait=False)


def platform(settings: Settings) -> Platform:
    return SlackPlatform(settings)
