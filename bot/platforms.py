"""The platform port: what each chat platform does for goldthread, and the registry that holds them.

Nothing outside a platform's own folder names a platform. The clock, the outbox, notices, admin
alerts, `digest preview`, `serve` and `run` look a platform up here by the name a subscription,
a delivery or a chat identity carries, and call the methods below. Adding a platform is a new
folder under `bot/` whose `platform.py` has `platform(settings) -> Platform`, and one line in
`ADAPTERS`; no handler, digest, model or delivery job changes.

Building the registry is cheap: an adapter imports its SDK only when a method needs it (a
transport, a route, a start-up check), so `goldthread --help` and `digest preview` stay fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from digests.cards import Card, Digest

if TYPE_CHECKING:
    from bot.app import AppContext
    from bot.config import Settings
    from bot.delivery.outbox import Transport
    from handlers.request import Request

Payload = dict[str, Any]
Headers = list[tuple[str, str]]

# name -> the module whose `platform(settings)` builds it. The names are also the prefixes of
# the framework file's chat keys (`slack_id`, `teams_channel`): models learn them from here.
ADAPTERS: Mapping[str, str] = {
    "slack": "bot.slack.platform",
    "teams": "bot.teams.platform",
}


class PlatformError(Exception):
    """A platform cannot work as configured; the message is one line naming the fix."""


@dataclass(frozen=True)
class Limits:
    """What one message can hold on a platform. Renderers keep within these; others read them
    (a preview, a budget) but never cut text to fit a platform themselves."""

    max_buttons: int  # in one message
    max_button_label: int  # characters
    max_text: int  # characters in one text element
    max_message_bytes: int | None = None  # the whole payload, when the platform counts bytes


class HttpRoute(Protocol):
    """One HTTP endpoint a platform needs (`/slack/events`, `/api/messages`); `serve` mounts it.
    The body is the raw bytes: a route verifies its platform's signature before parsing."""

    path: str
    platform: str  # whose route it is (for /healthz and the log)

    async def handle(self, body: bytes, query: str, headers: Headers) -> tuple[int, Headers, bytes]:
        ...

    def close(self) -> None:
        """Finish background work and let go of resources (the server is stopping)."""
        ...


class Platform(Protocol):
    """One chat platform, as the rest of goldthread sees it."""

    name: str
    limits: Limits

    @property
    def configured(self) -> bool:
        """Its secrets are set: it can send, and receive if it has routes."""
        ...

    @property
    def admin_channel(self) -> str | None:
        """Where admins hear about deliveries that failed, when one is set up."""
        ...

    def missing(self) -> str | None:
        """What must be set before it can be used, naming the settings ("SLACK_BOT_TOKEN and
        SLACK_SIGNING_SECRET are not set"); None when nothing is missing or it cannot be used
        yet at all."""
        ...

    def card_payload(self, card: Card) -> Payload:
        """A message of one card, as the outbox stores it for this platform."""
        ...

    def digest_payload(self, digest: Digest) -> Payload:
        """A digest as one message. Its chart (the first card image) is stored beside the
        payload by the caller and put in by the transport when it sends."""
        ...

    def previews(self) -> Mapping[str, Callable[[Digest], str]]:
        """`digest preview --format NAME` -> the text it prints (JSON for a chat platform)."""
        ...

    def transport(self) -> Transport | None:
        """What sends this platform's outbox rows; None when its secrets are not set."""
        ...

    def check(self) -> str:
        """Start-up: can we reach the platform with these secrets? Says where we are
        connected, or raises PlatformError with one line naming the setting and the fix."""
        ...

    def routes(self, app: AppContext) -> Sequence[HttpRoute]:
        """The HTTP endpoints `serve` mounts for it (none when not configured for HTTP)."""
        ...

    def connection(self, app: AppContext) -> Callable[[], None] | None:
        """A connection that runs until interrupted instead of HTTP (Slack's Socket Mode), when
        configured for one; `run` uses it."""
        ...

    def request(self, user_id: str | None, text: str, *, channel: str | None = None,
                look_up: bool = True) -> Request:
        """Who a chat user is: the neutral Request, with the user linked to a person in the
        framework file when that can be done exactly. `look_up=False` (an anonymous idea)
        never asks the platform anything about them."""
        ...


class Platforms:
    """The registry: every platform goldthread has, by name, built from the settings."""

    def __init__(self, platforms: Iterable[Platform]) -> None:
        self._by_name = {platform.name: platform for platform in platforms}

    def __iter__(self) -> Iterator[Platform]:
        return iter(self._by_name.values())

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def get(self, name: str) -> Platform:
        try:
            return self._by_name[name]
        except KeyError:
            known = ", ".join(self._by_name) or "none"
            raise PlatformError(f"no chat platform called {name!r} (goldthread has: {known})")\
                from None

    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def configured(self) -> list[Platform]:
        return [platform for platform in self if platform.configured]

    def only(self, names: Iterable[str]) -> Platforms:
        """The registry narrowed to these platforms (those an outbox can send to, say)."""
        wanted = set(names)
        return Platforms(platform for platform in self if platform.name in wanted)

    def card_payload(self, name: str, card: Card) -> Payload:
        return self.get(name).card_payload(card)

    def digest_payload(self, name: str, digest: Digest) -> Payload:
        return self.get(name).digest_payload(digest)

    def transports(self) -> dict[str, Transport]:
        """A transport for each platform that can send; none means nothing can be sent."""
        found: dict[str, Transport] = {}
        for platform in self:
            transport = platform.transport()
            if transport is not None:
                found[platform.name] = transport
        return found

    def admin_channel(self, sending: Iterable[str] | None = None) -> tuple[str, str] | None:
        """(platform, channel) where admins hear things: the first configured one that can
        send (of `sending`, when given)."""
        allowed = None if sending is None else set(sending)
        for platform in self:
            channel = platform.admin_channel
            if channel and platform.configured and (allowed is None or platform.name in allowed):
                return platform.name, channel
        return None

    def previews(self) -> dict[str, Callable[[Digest], str]]:
        found: dict[str, Callable[[Digest], str]] = {}
        for platform in self:
            found.update(platform.previews())
        return found


def known_platforms() -> tuple[str, ...]:
    """The names of the platforms goldthread has an adapter for (configured or not)."""
    return tuple(ADAPTERS)


def from_settings(settings: Settings) -> Platforms:
    """Every platform, each told its settings; those whose secrets are set can send."""
    built = []
    for module in ADAPTERS.values():
        factory: Callable[[Settings], Platform] = importlib.import_module(module).platform
        built.append(factory(settings))
    return Platforms(built)
