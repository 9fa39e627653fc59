"""/perf and /suggest: acknowledged at once, answered from the background through response_url.

`/perf <words>` answers only the asker, with a "Share in channel" button when the answer is
not personal. `/suggest <idea>` stores the idea before it says so; `/suggest` alone opens the
idea modal. A 10,000-character command reaches the router, which answers it clearly.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack.deps import Deps
from bot.slack.identity import PLATFORM
from bot.slack.modals import suggest_modal
from bot.slack.replies import with_share
from bot.slack.text import channel_of, incoming, quiet_idea, user_of
from digests.cards import Card
from handlers.router import dispatch
from models import queries

PERSONAL = {"", "help", "?", "hi", "hello", "mine", "my actions", "me", "digest", "my digest"}
PERSONAL_FIRST_WORDS = {"note", "suggest"}


def shareable(text: str, cards: list[Card]) -> bool:
    """Answers about the partnership may be shared; one's own actions, digest or help not."""
    words = text.lower().split()
    if " ".join(words) in PERSONAL or words[0] in PERSONAL_FIRST_WORDS:
        return False
    return not any(a.id == "ask" for c in cards for a in c.actions)


class Commands:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def register(self, app: App) -> None:
        app.command("/perf")(self.perf)
        app.command("/suggest")(self.suggest)

    def perf(self, ack: Ack, body: dict[str, Any], client: WebClient,
             respond: Respond) -> None:
        ack()
        self.deps.background.submit(lambda: self.answer(client, respond, body), body, client)

    def answer(self, client: WebClient, respond: Respond, body: dict[str, Any]) -> None:
        text = incoming(str(body.get("text") or "")).strip()
        request = self.deps.identities.request(
            client, user_of(body), text, channel=channel_of(body),
            look_up=not quiet_idea(text, "perf"))
        cards = dispatch(self.deps.ctx(), request, command="perf")
        if shareable(text, cards):
            cards = with_share(cards, text)
        self.deps.replies.respond(client, respond, cards)

    def suggest(self, ack: Ack, body: dict[str, Any], client: WebClient,
                respond: Respond) -> None:
        ack()
        text = incoming(str(body.get("text") or "")).strip()
        if text:
            job = lambda: self.store(client, respond, body, text)  # noqa: E731
        else:
            job = lambda: self.open_modal(client, body)  # noqa: E731
        self.deps.background.submit(job, body, client)

    def store(self, client: WebClient, respond: Respond, body: dict[str, Any],
              text: str) -> None:
        request = self.deps.identities.request(client, user_of(body), text,
                                               look_up=not quiet_idea(text, "suggest"))
        cards = dispatch(self.deps.ctx(), request, command="suggest")
        self.deps.replies.respond(client, respond, cards)

    def open_modal(self, client: WebClient, body: dict[str, Any]) -> None:
        user = user_of(body)
        with self.deps.app.sessions() as session:
            partnership = queries.current_partnership(session)
            teams = ([(t.key, t.name) for t in queries.teams(session, partnership.id)]
                     if partnership else [])
            # The database only: nobody asks Slack who is about to write an idea.
            person = queries.person_by_identity(session, PLATFORM, user) if user else None
            default = person.teams[0].key if person and person.teams else None
        client.views_open(trigger_id=body["trigger_id"], view=suggest_modal(teams, default))
