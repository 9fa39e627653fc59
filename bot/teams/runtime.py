"""The real Teams SDK `App`, built from our settings and mounted in our own ASGI app.

`App(http_server_adapter=Mount(), messaging_endpoint="/api/messages")` registers its messaging
handler with `Mount` instead of starting a server of its own; `TeamsRoute` hands it the
requests `serve` receives. `initialize()` sets up JWT validation (RS256; issuer, audience and
the `serviceurl` claim checked; keys from the cloud's OpenID metadata, whose address
`teams.openid_metadata_url` can move, e.g. to a test key server) and nothing else.

Credentials come only from our settings: TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET and
TEAMS_TENANT_ID (each also from a `_FILE`). `token` replaces the client secret with a function
that returns a bot token (a managed identity, or a test).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.config import Settings
from bot.teams import sdk

log = logging.getLogger(__name__)

MESSAGES_PATH = "/api/messages"
Handler = Callable[[dict[str, Any]], Any]
TokenFunction = Callable[[Any, str | None], str]


class Mount:
    """An `HttpServerAdapter` that keeps the SDK's handler for our ASGI app to call."""

    def __init__(self) -> None:
        self.handlers: dict[str, Handler] = {}

    def register_route(self, method: str, path: str, handler: Handler) -> None:
        self.handlers[path] = handler

    def serve_static(self, path: str, directory: str) -> None:
        raise NotImplementedError("goldthread serves no static files for Teams")

    async def start(self, port: int) -> None:
        raise NotImplementedError("goldthread serve runs the server")

    async def stop(self) -> None:
        return None


class TeamsRuntime:
    """The SDK app and its loop, made once per process (see `TeamsPlatform.runtime`)."""

    def __init__(self, settings: Settings, token: TokenFunction | None = None) -> None:
        self.loop = sdk.TeamsLoop()
        apps = sdk.load()
        from microsoft_teams.api.auth.cloud_environment import PUBLIC, with_overrides

        self.client_id = settings.require("TEAMS_CLIENT_ID")
        secret = settings.secret("TEAMS_CLIENT_SECRET")
        cloud = with_overrides(PUBLIC, openid_metadata_url=settings.teams_openid_metadata_url)
        self.mount = Mount()
        options: dict[str, Any] = {
            "client_id": self.client_id,
            "tenant_id": settings.secret("TEAMS_TENANT_ID"),
            "http_server_adapter": self.mount,
            "messaging_endpoint": MESSAGES_PATH,
            "cloud": cloud,
            "dangerously_allow_unauthenticated_requests": False,
            "state": False,
        }
        if token is not None:
            options["token"] = token
        else:
            options["client_secret"] = secret
        self.app = apps.App(**options)
        self.loop.run(self.app.initialize())

    @property
    def handler(self) -> Handler:
        return self.mount.handlers[MESSAGES_PATH]

    def close(self) -> None:
        self.loop.close()

