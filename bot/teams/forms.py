"""Button presses (`Action.Execute`) into handler calls, and the small forms some need.

Verbs are the Card button ids (`render._action`), data `{"value": ...}` plus what a form's
inputs add. "Done" and an idea decision act at once. "Progress", "New date" and "Blocked" need
words or a date first: the press answers with a form card (for the presser), whose submit
comes back with the same verb and `submitted`. A value that is not a number acts on nothing,
and the handler says so. Every press is checked by the handler (owner, manager or admin).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.teams.render import SCHEMA, VERSION
from digests.cards import Card, Section
from handlers.action_presses import press as press_action
from handlers.failures import Attempt, Failed, attempt
from handlers.intents import read
from handlers.request import Outcome
from handlers.router import answer
from handlers.triage import DECISIONS, idea_to_decide, set_status, triage_card

if TYPE_CHECKING:
    from bot.app import AppContext

from bot.teams import identity, record_form

Form = dict[str, Any]
NEEDS_WORDS = {"action.progress": ("How is it going?", "Input.Text"),
               "action.blocked": ("What is in the way? Your manager will be told.",
                                  "Input.Text"),
               "action.new_date": ("When will it be done?", "Input.Date")}
SAVING = {"action.done": "your press of Done", "action.progress": "your update",
          "action.new_date": "your new date", "action.blocked": "your request for help"}


def number(value: object) -> int:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else 0


def note_of(outcome: Outcome) -> str:
    words = " ".join(s.plain_text for s in outcome.reply.sections)
    return f"{outcome.reply.title}: {words}" if words else outcome.reply.title


def form(verb: str, value: str) -> Form:
    prompt, kind = NEEDS_WORDS[verb]
    field: dict[str, Any] = {"type": kind, "id": "answer", "isRequired": True,
                             "label": prompt, "errorMessage": "Please fill this in."}
    if kind == "Input.Text":
        field.update(isMultiline=True, maxLength=1000)
    return {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION,
            "body": [{"type": "TextBlock", "text": prompt, "wrap": True, "weight": "Bolder"},
                     field],
            "actions": [{"type": "Action.Execute", "title": "Send", "verb": verb,
                         "data": {"value": value, "submitted": True}}]}


def press(app: AppContext, user: str | None, verb: str,
          data: dict[str, Any]) -> Card | Form | Outcome:
    """What pressing `verb` does: an Outcome, a form to fill in, or a card for the presser."""
    value = str(data.get("value") or "")
    request = identity.request(user, "")
    ctx = app.handler_context()
    if verb in record_form.VERBS:
        return record_form.press(app, user, verb, data)
    if verb.startswith("action."):
        if verb in NEEDS_WORDS and not data.get("submitted"):
            return form(verb, value)
        words = str(data.get("answer") or "") or None
        about = Attempt(saving=SAVING.get(verb, "your change"), words=words or "")
        result = attempt(about, lambda: press_action(ctx, request, verb, number(value), words))
        return Outcome(result.card) if isinstance(result, Failed) else result
    if verb == "idea.review":
        idea = idea_to_decide(ctx, number(value))
        return triage_card_for(app, number(value)) if idea.exists else Card(
            title="That idea no longer exists", sections=(Section.of("Nothing was changed."),))
    if verb.startswith("idea.") and verb.removeprefix("idea.") in DECISIONS:
        status = verb.removeprefix("idea.")
        result = attempt(Attempt(saving="your decision", words=""),
                         lambda: set_status(ctx, request, number(value), status))
        return Outcome(result.card) if isinstance(result, Failed) else result
    if verb == "ask":
        intent = read(value, "perf")
        reply = attempt(intent.attempt, lambda: answer(ctx, request, intent))
        return reply.card if isinstance(reply, Failed) else reply.cards[0]
    return Card(title="That button does nothing any more",
                sections=(Section.of("Nothing was changed."),))


def triage_card_for(app: AppContext, suggestion_id: int) -> Card:
    from models.tables import Suggestion

    with app.sessions() as session:
        idea = session.get(Suggestion, suggestion_id)
        assert idea is not None
        return triage_card(idea)
