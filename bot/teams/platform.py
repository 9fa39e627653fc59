"""Microsoft Teams behind the platform port.

For now Teams renders (Adaptive Card 1.5, for previews and the outbox's payloads) and nothing
more: there is no transport, route or identity look-up yet, so it reports itself not configured
and the clock makes no Teams digests it could not send.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.platforms import HttpRoute, Limits, Payload, Platform, PlatformError
from bot.teams import render
from digests.cards import Card, Digest

if TYPE_CHECKING:
    from bot.app import AppContext
    from bot.delivery.outbox import Transport
    from handlers.request import Request

NAME = "teams"
LIMITS = Limits(max_buttons=100, max_button_label=100, max_text=render.MAX_BYTES,
                max_message_bytes=render.MAX_BYTES)


class TeamsPlatform:
    name = NAME
    limits = LIMITS

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    @property
    def configured(self) -> bool:
        return False  # no transport yet: nothing could be sent

    @property
    def admin_channel(self) -> str | None:
        return None

    def missing(self) -> str | None:
        return None  # nothing to set up yet

    def card_payload(self, card: Card) -> Payload:
        return {"card": render.adaptive_card(card)}

    def digest_payload(self, digest: Digest) -> Payload:
        return {"card": render.adaptive_card(digest)}

    def previews(self) -> Mapping[str, Callable[[Digest], str]]:
        return {NAME: lambda digest: json.dumps(self.digest_payload(digest), indent=2)}

    def transport(self) -> Transport | None:
        return None

    def check(self) -> str:
        raise PlatformError("Teams cannot be started yet")

    def routes(self, app: AppContext) -> Sequence[HttpRoute]:
        return []

    def connection(self, app: AppContext) -> Callable[[], None] | None:
        return None

    def request(self, user_id: str | None, text: str, *, channel: str | None = None,
                look_up: bool = True) -> Request:
        raise PlatformError("Teams conversations are not wired yet")


def platform(settings: Settings) -> Platform:
    return TeamsPlatform(settings)
