"""What every Slack listener needs, built once by `create_app` and handed to each of them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.app import AppContext
from bot.delivery.notices import NoticeSender
from bot.slack.background import Background
from bot.slack.dedupe import claim_of
from bot.slack.identity import Identities
from bot.slack.replies import Replies
from handlers.failures import Failed, attempt
from handlers.home import home_cards
from handlers.intents import Intent
from handlers.request import HandlerContext
from handlers.router import Reply, answer


@dataclass
class Deps:
    app: AppContext
    identities: Identities
    replies: Replies
    background: Background
    notices: NoticeSender

    def ctx(self) -> HandlerContext:
        return self.app.handler_context()

    def later(self, context: BoltContext, body: Mapping[str, Any], client: WebClient,
              job: Callable[[], object], *, anonymous: bool = False) -> None:
        """Do `job` after the ack, once per request (the claim the middleware left)."""
        self.background.submit(job, body, client, claim=claim_of(context),
                               anonymous=anonymous)

    def converse(self, client: WebClient, user: str | None, intent: Intent, *,
                 channel: str | None = None, team_key: str | None = None) -> Reply:
        """Answer one intent as this user. For an anonymous idea nobody asks Slack who they
        are; if the work fails, the reply says so (privately) and gives their words back."""

        if intent.kind == "channel" and (channel or "").startswith("D"):
            channel = None  # a direct message is no team's channel

        def work() -> Reply:
            request = self.identities.request(client, user, intent.said, channel=channel,
                                              look_up=not intent.anonymous)
            return answer(self.ctx(), request, intent, team_key=team_key)

        result = attempt(intent.attempt, work)
        return Reply([result.card], private=True) if isinstance(result, Failed) else result

    def publish_home(self, client: WebClient, user_id: str) -> None:
        """views.publish the user's App Home: actions, team measures, ideas, ideas to decide."""
        request = self.identities.request(client, user_id, "")
        blocks = self.replies.home_blocks(client, home_cards(self.ctx(), request))
        client.views_publish(user_id=user_id, view={"type": "home", "blocks": blocks})
