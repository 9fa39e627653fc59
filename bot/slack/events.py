"""Events: "@goldthread how are we doing on …" in a channel, direct messages, the App Home.

Events are acknowledged by Bolt before the listener runs and deduplicated by `dedupe.py`
before that. Mentions are answered in a thread under the question; DMs in the DM.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.deps import Deps
from bot.slack.text import quiet_idea, without_mention
from handlers.router import dispatch


class Events:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def register(self, app: App) -> None:
        app.event("app_mention")(self.mention)
        app.event("message")(self.message)
        app.event("app_home_opened")(self.home_opened)

    def mention(self, event: dict[str, Any], body: dict[str, Any], client: WebClient,
                context: BoltContext) -> None:
        text = without_mention(str(event.get("text") or ""), context.bot_user_id)
        thread = event.get("thread_ts") or event.get("ts")
        self.deps.background.submit(
            lambda: self.reply(client, event, text, thread), body, client)

    def message(self, event: dict[str, Any], body: dict[str, Any], client: WebClient,
                context: BoltContext) -> None:
        if (event.get("channel_type") != "im" or event.get("subtype")
                or event.get("bot_id")):
            return  # edits, joins, other bots: nothing to answer
        text = without_mention(str(event.get("text") or ""), context.bot_user_id)
        self.deps.background.submit(lambda: self.reply(client, event, text, None), body,
                                    client)

    def reply(self, client: WebClient, event: dict[str, Any], text: str,
              thread_ts: str | None) -> None:
        channel = str(event["channel"])
        request = self.deps.identities.request(client, event.get("user"), text,
                                               channel=channel, look_up=not quiet_idea(text))
        cards = dispatch(self.deps.ctx(), request)
        self.deps.replies.post(client, channel, cards, thread_ts=thread_ts)

    def home_opened(self, event: dict[str, Any], body: dict[str, Any],
                    client: WebClient) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        user = str(event["user"])
        self.deps.background.submit(lambda: self.deps.publish_home(client, user), body, client)
