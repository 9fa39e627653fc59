"""Digests to a Teams Workflows webhook, for tenants that will not approve a bot.

`[teams.webhooks]` in config.toml maps a team's key to the URL of a Workflows flow ("Post to a
channel when a webhook request is received"). Such a message can be at most 28 KB and cannot
carry bot buttons (a flow has no bot to answer `Action.Execute` or `Action.Submit`), so the
digest is rendered for it: buttons left out (Action.OpenUrl links stay), the chart inline only
if it fits, otherwise left out with its words kept (every chart has them in text), then fitted
under the budget. Only digests go this way; a person cannot be reached through a webhook.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.outbox import SendError
from bot.teams import render
from models.tables import ChartImage, Delivery, Subscription

MAX_BYTES = 28_000
CARD = "application/vnd.microsoft.card.adaptive"
BOT_ACTIONS = frozenset({"Action.Execute", "Action.Submit"})


def without_bot_actions(card: dict[str, Any]) -> dict[str, Any]:
    """The card with every button a bot would have to answer removed (ActionSets emptied of
    them disappear too)."""

    def clean(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        kept = []
        for element in items:
            if element.get("type") == "ActionSet":
                element["actions"] = [a for a in element.get("actions", [])
                                      if a.get("type") not in BOT_ACTIONS]
                if not element["actions"]:
                    continue
            if element.get("type") == "Container":
                element["items"] = clean(element.get("items", []))
            kept.append(element)
        return kept

    card["body"] = clean(card.get("body", []))
    card["actions"] = [a for a in card.get("actions", []) if a.get("type") not in BOT_ACTIONS]
    return card


def webhook_message(payload: dict[str, Any], image: ChartImage | None) -> dict[str, Any]:
    """The stored Teams payload as a Workflows webhook takes it: ≤ 28 KB, no bot buttons."""
    attachments = []
    for attachment in payload.get("attachments") or []:
        content = attachment.get("content")
        if attachment.get("contentType") == CARD and isinstance(content, dict):
            card = without_bot_actions(copy.deepcopy(content))
            content = render.with_chart(card, image.png if image is not None else None,
                                        MAX_BYTES)
        attachments.append({"contentType": attachment.get("contentType"),
                            "contentUrl": None, "content": content})
    return {"type": "message", "attachments": attachments}


class WebhookSink:
    """Posts digests of the teams in `webhooks` (team key -> URL) to their Workflows flow."""

    platform = "teams"

    def __init__(self, webhooks: dict[str, str], sessions: sessionmaker[Session],
                 timeout: float = 30.0) -> None:
        self._webhooks = webhooks
        self._sessions = sessions
        self._timeout = timeout

    def url_for(self, delivery: Delivery) -> str | None:
        if delivery.kind != "digest" or delivery.subscription_id is None:
            return None
        with self._sessions() as session:
            subscription = session.get(Subscription, delivery.subscription_id)
            return self._webhooks.get(subscription.team.key) if subscription else None

    def send(self, delivery: Delivery, image: ChartImage | None, progress: dict[str, Any]) -> str:
        url = self.url_for(delivery)
        if url is None:
            raise SendError("teams: no Workflows webhook for this delivery, and the Teams bot "
                            "is not set up (TEAMS_CLIENT_ID, TEAMS_CLIENT_SECRET)", False)
        try:
            answer = httpx.post(url, json=webhook_message(delivery.payload, image),
                                timeout=self._timeout)
        except httpx.TransportError as exc:
            raise SendError(f"teams webhook unreachable: {type(exc).__name__}", True) from exc
        if answer.status_code == 429:
            wait = answer.headers.get("retry-after")
            raise SendError("teams webhook: HTTP 429", True,
                            float(wait) if wait and wait.isdigit() else None)
        if answer.status_code >= 300:
            raise SendError(f"teams webhook: HTTP {answer.status_code}",
                            answer.status_code >= 500)
        return f"webhook:{delivery.id}"


class EitherWay:
    """The Teams transport when both a bot and webhooks are set up: a team with a webhook
    gets its digest there (the configuration says so), everything else goes through the bot."""

    platform = "teams"

    def __init__(self, sink: WebhookSink, bot: Any) -> None:
        self._sink = sink
        self._bot = bot

    def send(self, delivery: Delivery, image: ChartImage | None, progress: dict[str, Any]) -> str:
        if self._bot is None or self._sink.url_for(delivery) is not None:
            return self._sink.send(delivery, image, progress)
        result: str = self._bot.send(delivery, image, progress)
        return result
