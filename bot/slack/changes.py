"""Slack for changes and learning: the `/perf change` form, and the buttons and forms for a
learning note and a rebase at a change.

`/perf change` on its own opens the form (this listener is registered before the general
`/perf` one and matches only that); with words it is the general listener's, which answers
through `handlers.changes`. Every form's answer goes to the same handlers any platform uses.
Checks that need no database are made in the ack and shown in the form; the rest happens in
the background and the form shows the outcome (stored, refused, or not saved with the words
given back).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.slack.change_modals import change_modal, note_modal, rebase_modal
from bot.slack.deps import Deps
from bot.slack.modals import card_view, metadata, text_value, value, working_view
from bot.slack.text import incoming, user_of
from digests.cards import Card
from handlers.changes import ChangeForm, change_choices, change_title, record_change
from handlers.failures import Attempt, Failed, attempt
from handlers.intents import read
from handlers.learning import add_note, rebase_at_change

OPEN = re.compile(r"^change\.open(:\d+)?$")
NOTE = re.compile(r"^change\.note(:\d+)?$")
REBASE = re.compile(r"^change\.rebase(:\d+)?$")
TITLES = {"change": "Record a change", "change.note": "What we learned",
          "change.rebase": "Recalculate limits"}


def is_bare_change(body: dict[str, Any]) -> bool:
    """`/perf change` with nothing after it: the form, not words."""
    intent = read(incoming(str(body.get("text") or "")), "perf")
    return intent.kind == "change" and not intent.text


class Changes:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def register(self, app: App) -> None:
        app.command("/perf", matchers=[is_bare_change])(self.open_command)
        app.action(OPEN)(self.open_button)
        app.action(NOTE)(self.note_button)
        app.action(REBASE)(self.rebase_button)
        app.view("change")(self.submit_change)
        app.view("change.note")(self.submit_note)
        app.view("change.rebase")(self.submit_rebase)

    # ---- opening the forms ---------------------------------------------------------------
    def open_command(self, ack: Ack, body: dict[str, Any], client: WebClient,
                     context: BoltContext) -> None:
        ack()
        self.deps.later(context, body, client, lambda: self._open(client, body))

    def open_button(self, ack: Ack, body: dict[str, Any], client: WebClient,
                    context: BoltContext) -> None:
        ack()
        self.deps.later(context, body, client, lambda: self._open(client, body))

    def _open(self, client: WebClient, body: dict[str, Any]) -> None:
        choices = change_choices(self.deps.ctx())
        if choices is None:
            return
        client.views_open(trigger_id=body["trigger_id"], view=change_modal(
            choices.indicators, choices.actions, choices.ideas, choices.today))

    def note_button(self, ack: Ack, body: dict[str, Any], action: dict[str, Any],
                    client: WebClient, context: BoltContext) -> None:
        ack()
        self.deps.later(context, body, client,
                        lambda: self._open_for(client, body, action, note_modal))

    def rebase_button(self, ack: Ack, body: dict[str, Any], action: dict[str, Any],
                      client: WebClient, context: BoltContext) -> None:
        ack()
        self.deps.later(context, body, client,
                        lambda: self._open_for(client, body, action, rebase_modal))

    def _open_for(self, client: WebClient, body: dict[str, Any], action: dict[str, Any],
                  make: Callable[[str, str], dict[str, Any]]) -> None:
        key = str(action.get("value") or "")[:100]
        title = change_title(self.deps.ctx(), key) or "This change no longer exists."
        client.views_open(trigger_id=body["trigger_id"], view=make(key, title))

    # ---- the answers ---------------------------------------------------------------------
    def submit_change(self, ack: Ack, body: dict[str, Any], view: dict[str, Any],
                      client: WebClient, context: BoltContext) -> None:
        what = text_value(view, "what")
        started = value(view, "started")
        if not what:
            ack(response_action="errors", errors={"what": "Say what was done."})
            return
        if not started:
            ack(response_action="errors", errors={"started": "Choose the day it started."})
            return
        idea = str(value(view, "idea") or "")
        action = value(view, "action")
        form = ChangeForm(title=what, indicator=str(value(view, "indicator") or ""),
                          started=str(started), expected=str(value(view, "expected") or ""),
                          description=text_value(view, "description"),
                          action_key=str(action) if action else None,
                          idea_id=int(idea) if idea.isdigit() and len(idea) < 19 else None)
        user = user_of(body)

        def job() -> list[Card]:
            request = self.deps.identities.request(client, user, "")
            return [record_change(self.deps.ctx(), request, form).card]

        self._work(ack, body, client, context, job, Attempt("your change", what))

    def submit_note(self, ack: Ack, body: dict[str, Any], view: dict[str, Any],
                    client: WebClient, context: BoltContext) -> None:
        note = text_value(view, "note")
        if not note:
            ack(response_action="errors", errors={"note": "Say what was learned."})
            return
        key, user = str(metadata(view).get("change") or ""), user_of(body)

        def job() -> list[Card]:
            request = self.deps.identities.request(client, user, "")
            return [add_note(self.deps.ctx(), request, key, note)]

        self._work(ack, body, client, context, job, Attempt("your learning note", note))

    def submit_rebase(self, ack: Ack, body: dict[str, Any], view: dict[str, Any],
                      client: WebClient, context: BoltContext) -> None:
        reason = text_value(view, "reason")
        if not reason:
            ack(response_action="errors", errors={"reason": (
                "A rebase needs a reason: every later verdict rests on it.")})
            return
        key, user = str(metadata(view).get("change") or ""), user_of(body)

        def job() -> list[Card]:
            request = self.deps.identities.request(client, user, "")
            return [rebase_at_change(self.deps.ctx(), request, key, reason)]

        self._work(ack, body, client, context, job, Attempt("your rebase", reason))

    def _work(self, ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext,
              job: Callable[[], list[Card]], about: Attempt) -> None:
        """"Working on it…" in the form at once; then the outcome, or the failure with the
        person's words given back."""
        view = body["view"]
        title = TITLES.get(str(view.get("callback_id")), "goldthread")
        ack(response_action="update", view=working_view(title))

        def run() -> None:
            result = attempt(about, job)
            cards = [result.card] if isinstance(result, Failed) else result
            client.views_update(view_id=view["id"], view=card_view(cards, title))

        self.deps.later(context, body, client, run)

