"""What every Slack listener needs, built once by `create_app` and handed to each of them."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient

from bot.app import AppContext
from bot.notices import NoticeSender
from bot.slack.background import Background
from bot.slack.identity import Identities
from bot.slack.replies import Replies
from handlers.home import home_cards
from handlers.request import HandlerContext


@dataclass
class Deps:
    app: AppContext
    identities: Identities
    replies: Replies
    background: Background
    notices: NoticeSender

    def ctx(self) -> HandlerContext:
        return self.app.handler_context()

    def publish_home(self, client: WebClient, user_id: str) -> None:
        """views.publish the user's App Home: actions, team measures, ideas, ideas to decide."""
        request = self.identities.request(client, user_id, "")
        blocks = self.replies.home_blocks(client, home_cards(self.ctx(), request))
        client.views_publish(user_id=user_id, view={"type": "home", "blocks": blocks})
