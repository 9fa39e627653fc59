"""Modal submissions: the idea form, reminder forms, and a manager's decision on an idea.

Checks that need no database answer inside the ack (`response_action="errors"`, shown in the
modal). Otherwise the modal is switched to "Working on it…" at once, the work happens in the
background, and the modal is updated with the outcome: stored, changed, refused, or not saved
(with what they typed, so that nothing said is lost). Every typed answer is cleaned on the way
in; the idea itself is read by `handlers.intents.read`, like an idea sent any other way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.slack.deps import Deps
from bot.slack.modals import (
    MAX_IDEA,
    card_view,
    metadata,
    number,
    text_value,
    value,
    working_view,
)
from bot.slack.presses import Presses
from bot.slack.text import user_of
from digests.cards import Card
from handlers import suggest
from handlers.failures import Attempt, Failed, attempt
from handlers.intents import read
from handlers.request import Outcome
from handlers.triage import set_status

# A job returns the cards to show in the modal, and what to do once they are shown.
Done = tuple[list[Card], Callable[[], object] | None]

TITLES = {"suggest": "Share an idea", "action.progress": "Update progress",
          "action.new_date": "Set a new date", "action.blocked": "Ask for help",
          "triage": "Decide on an idea"}


class Views:
    def __init__(self, deps: Deps, presses: Presses) -> None:
        self.deps = deps
        self.presses = presses

    def register(self, app: App) -> None:
        app.view("suggest")(self.idea)
        for callback in ("action.progress", "action.new_date", "action.blocked"):
            app.view(callback)(self.reminder)
        app.view("triage")(self.decision)

    def _work(self, ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext,
              job: Callable[[], Done], *, anonymous: bool = False) -> None:
        """Ack with "Working on it…", then show the job's cards in the same modal, then do
        the follow-up (telling others, updating messages), which the person need not wait for.
        A job that fails shows that in the modal too (see `errors.tell`)."""
        view = body["view"]
        title = TITLES.get(str(view.get("callback_id")), "goldthread")
        ack(response_action="update", view=working_view(title))

        def run() -> None:
            cards, then = job()
            client.views_update(view_id=view["id"], view=card_view(cards, title))
            if then is not None:
                then()

        self.deps.later(context, body, client, run, anonymous=anonymous)

    def idea(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
             context: BoltContext) -> None:
        raw = value(view, "idea")
        intent = read(raw if isinstance(raw, str) else "", "suggest",
                      anonymous="yes" in (value(view, "anonymous") or []))
        team = value(view, "team")
        if intent.kind == "too_long":
            ack(response_action="errors", errors={"idea": f"Please keep it under "
                                                  f"{MAX_IDEA:,} characters."})
            return
        if len(intent.text) < suggest.MIN_LENGTH:
            ack(response_action="errors", errors={"idea": (
                f"Please write at least {suggest.MIN_LENGTH} characters, so the managers "
                "can act on it.")})
            return
        user = user_of(body)

        def store() -> Done:
            reply = self.deps.converse(client, user, intent,
                                       team_key=str(team) if team else None)
            return reply.cards, None

        self._work(ack, body, client, context, store, anonymous=intent.anonymous)

    def reminder(self, ack: Ack, body: dict[str, Any], view: dict[str, Any],
                 client: WebClient, context: BoltContext) -> None:
        meta = metadata(view)
        button = str(meta.get("button") or view.get("callback_id"))
        given = {"action.progress": text_value(view, "progress"),
                 "action.new_date": value(view, "due"),
                 "action.blocked": text_value(view, "blocker")}.get(button)
        if button == "action.progress" and not given:
            ack(response_action="errors", errors={"progress": "Say a few words about it."})
            return
        if button == "action.new_date" and not given:
            ack(response_action="errors", errors={"due": "Choose a date."})
            return
        user, action_id = user_of(body), number(meta.get("id"))

        def apply() -> Done:
            outcome = self.presses.press(client, user, button, action_id,
                                         str(given) if given else None)
            return [outcome.reply], lambda: self.presses.follow_up(
                client, user, outcome, action_id, meta, f"slack:{view['id']}")

        self._work(ack, body, client, context, apply)

    def decision(self, ack: Ack, body: dict[str, Any], view: dict[str, Any],
                 client: WebClient, context: BoltContext) -> None:
        status = value(view, "status")
        if not status:
            ack(response_action="errors", errors={"status": "Choose a decision."})
            return
        meta, user = metadata(view), user_of(body)
        reason = text_value(view, "reason")

        def decide() -> Done:
            def work() -> Outcome:
                request = self.deps.identities.request(client, user, "")
                return set_status(self.deps.ctx(), request, number(meta.get("id")),
                                  str(status), reason)

            result = attempt(Attempt(saving="your decision", words=reason or ""), work)
            outcome = Outcome(result.card) if isinstance(result, Failed) else result

            def tell() -> None:
                if outcome.changed:
                    self.deps.notices.send(outcome.notify, f"slack:{view['id']}")
                    if meta.get("where") == "home" and user:
                        self.deps.publish_home(client, user)

            return [outcome.reply], tell

        self._work(ack, body, client, context, decide)
