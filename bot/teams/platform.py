"""Microsoft Teams behind the platform port: renders, sends, serves and tells who a user is.

Configured when TEAMS_CLIENT_ID and TEAMS_CLIENT_SECRET are set (TEAMS_TENANT_ID too for a
single-tenant bot). Building it is cheap: the SDK (two seconds to import) is loaded on the
first send, route or check, once per process, and shared by the outbox's transport and the
`/api/messages` route (`runtime`). Payloads are the message activity Teams is sent: a
`message` with Adaptive Card 1.5 attachments, within the 80 KB budget.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bot.config import Settings
from bot.platforms import HttpRoute, Limits, Payload, Platform, PlatformError
from bot.teams import identity, render
from digests.cards import Card, Digest

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from bot.app import AppContext
    from bot.delivery.outbox import Transport
    from bot.teams.runtime import TeamsRuntime, TokenFunction
    from handlers.request import Request

NAME = "teams"
CARD = "application/vnd.microsoft.card.adaptive"
LIMITS = Limits(max_buttons=100, max_button_label=100, max_text=render.MAX_BYTES,
                max_message_bytes=render.MAX_BYTES)
SECRETS = ("TEAMS_CLIENT_ID", "TEAMS_CLIENT_SECRET")


def activity(*cards: dict[str, Any]) -> Payload:
    """A message activity carrying these Adaptive Cards, as the connector is sent it."""
    return {"type": "message",
            "attachments": [{"contentType": CARD, "content": card} for card in cards]}


class TeamsPlatform:
    name = NAME
    limits = LIMITS

    def __init__(self, settings: Settings, *, token: TokenFunction | None = None) -> None:
        self._settings = settings
        self._token = token  # instead of the client secret: a managed identity, or a test
        self._lock = threading.Lock()
        self._runtime: TeamsRuntime | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._serving = False

    # ---- what it is ------------------------------------------------------------------------
    @property
    def configured(self) -> bool:
        return bool(self._settings.secret("TEAMS_CLIENT_ID")) and bool(
            self._token or self._settings.secret("TEAMS_CLIENT_SECRET"))

    @property
    def admin_channel(self) -> str | None:
        return self._settings.teams_admin_channel

    def missing(self) -> str | None:
        names = [n for n in SECRETS if not self._settings.secret(n)]
        if len(names) == len(SECRETS) or self.configured:
            return None  # Teams is not being set up at all, or it is ready
        return f"{' and '.join(names)} {'is' if len(names) == 1 else 'are'} not set"

    # ---- rendering (pure) ------------------------------------------------------------------
    def card_payload(self, card: Card) -> Payload:
        return activity(render.adaptive_card(card))

    def digest_payload(self, digest: Digest) -> Payload:
        image_at = next((i for i, c in enumerate(digest.cards) if c.image is not None), None)
        urls = {image_at: render.CHART_URL} if image_at is not None else None
        return activity(render.adaptive_card(digest, image_urls=urls))

    def previews(self) -> Mapping[str, Callable[[Digest], str]]:
        """`teams`: the message activity as posted, chart inline; `card`: the bare card, for
        the Adaptive Cards designer."""
        return {NAME: lambda digest: json.dumps(activity(render.adaptive_card(digest)),
                                                indent=2, ensure_ascii=False),
                "card": lambda digest: json.dumps(render.adaptive_card(digest), indent=2,
                                                  ensure_ascii=False)}

    # ---- sending and receiving -------------------------------------------------------------
    def runtime(self) -> TeamsRuntime:
        """The SDK app, built on first use (this is where the SDK is imported)."""
        with self._lock:
            if self._runtime is None:
                if not self.configured:
                    missing = self.missing() or "TEAMS_CLIENT_ID is not set"
                    raise PlatformError(f"configuration: {missing}. Put it in the environment "
                                        "(or a file named by NAME_FILE).")
                from bot.teams.runtime import TeamsRuntime

                self._runtime = TeamsRuntime(self._settings, self._token)
            return self._runtime

    def use_sessions(self, sessions: sessionmaker[Session]) -> None:
        """The database the conversation references are in (the app's, when serving)."""
        with self._lock:
            self._sessions = sessions

    def sessions(self) -> sessionmaker[Session]:
        with self._lock:
            if self._sessions is None:
                from models.db import make_engine, session_factory

                self._sessions = session_factory(make_engine(self._settings.database_url))
            return self._sessions

    def transport(self) -> Transport | None:
        """The bot's transport; with `[teams.webhooks]`, digests of those teams go to their
        Workflows webhook instead (and with webhooks alone, only those digests can be sent)."""
        webhooks = dict(self._settings.teams_webhooks)
        if not self.configured and not webhooks:
            return None
        bot = None
        if self.configured:
            from bot.teams.transport import TeamsTransport

            bot = TeamsTransport(self.runtime(), self.sessions(),
                                 self._settings.secret("TEAMS_TENANT_ID"))
            if not webhooks:
                return bot
        from bot.teams.webhook import EitherWay, WebhookSink

        return EitherWay(WebhookSink(webhooks, self.sessions()), bot)

    def check(self) -> str:
        runtime = self.runtime()
        return f"Teams: bot {runtime.client_id} ready at /api/messages"

    def routes(self, app: AppContext) -> Sequence[HttpRoute]:
        if not self.configured:
            return []
        from bot.teams.activities import Activities
        from bot.teams.route import TeamsRoute

        self.use_sessions(app.sessions)
        runtime = self.runtime()
        with self._lock:
            if not self._serving:
                Activities(app).register(runtime.app)
                self._serving = True
        return [TeamsRoute(runtime)]

    def connection(self, app: AppContext) -> Callable[[], None] | None:
        return None  # Teams only comes in over HTTP

    def request(self, user_id: str | None, text: str, *, channel: str | None = None,
                look_up: bool = True) -> Request:
        return identity.request(user_id, text, channel=channel, look_up=look_up)

    def close(self) -> None:
        with self._lock:
            if self._runtime is not None:
                self._runtime.close()
                self._runtime = None


def platform(settings: Settings) -> Platform:
    return TeamsPlatform(settings)
