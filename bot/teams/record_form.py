"""The late-data nudge's "Enter the figure" button in Teams: an Adaptive Card form.

`record.open` (the button, value "<indicator>|<period>") answers with the form, for the
presser: the indicator shown, the period defaulting to the one due, the figure, how sure it is
and a note. `record.submit` (the form's Action.Execute) is checked by the same handler code as
Slack's modal (`handlers.record`: `figure_problem` at once, then `record_entry`); its problems
come back in the form, under their fields, with what was typed kept, and a correction or an
unusual value adds a "this figure is right" toggle. Once stored, the nudge becomes the
confirmation, in place. Only the owner or an admin gets the form or may record (the handler
checks both).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.teams import identity
from bot.teams.render import SCHEMA, VERSION, escape_markdown
from digests.cards import Card
from handlers.data_notices import RECORD_OPEN
from handlers.failures import Attempt, Failed, attempt
from handlers.record import (
    RecordForm,
    RecordOutcome,
    figure_problem,
    form_for,
    record_entry,
    unit_hint,
)
from handlers.record_parse import QUALITIES, Entry
from handlers.request import Outcome

if TYPE_CHECKING:
    from bot.app import AppContext

SUBMIT = "record.submit"
VERBS = frozenset({RECORD_OPEN, SUBMIT})
Form = dict[str, Any]


def press(app: AppContext, user: str | None, verb: str,
          data: Mapping[str, Any]) -> Card | Form | Outcome:
    """The form (opening or refilled with problems), or what recording did."""
    request = identity.request(user, "")
    ctx = app.handler_context()
    if verb == RECORD_OPEN:
        key, _, period = str(data.get("value") or "").partition("|")
        found = form_for(ctx, request, key, period or None)
        return record_card(found) if isinstance(found, RecordForm) else found
    given = {name: _text(data.get(name)) for name in ("period", "value", "quality", "note")}
    key = _text(data.get("key"))
    problem = figure_problem(given["value"])
    if problem:
        return _again(app, user, key, given, {"value": problem}, None)
    quality = given["quality"]
    entry = Entry(key, given["value"], given["period"] or None,
                  quality if quality in QUALITIES else None, given["note"] or None,
                  confirm=_text(data.get("confirm")) == "yes")
    result = attempt(Attempt(saving="your figure", words=given["value"]),
                     lambda: record_entry(ctx, request, entry))
    if isinstance(result, Failed):
        return result.card
    outcome: RecordOutcome = result
    if outcome.stored:  # the nudge becomes the confirmation, for everyone who sees it
        return Outcome(outcome.card, changed=True)
    if outcome.errors or outcome.question:
        return _again(app, user, key, given, outcome.errors, outcome.question)
    return outcome.card


def _again(app: AppContext, user: str | None, key: str, given: Mapping[str, str],
           errors: Mapping[str, str], question: str | None) -> Card | Form:
    found = form_for(app.handler_context(), identity.request(user, ""), key,
                     given.get("period") or None)
    if not isinstance(found, RecordForm):
        return found
    return record_card(found, given=given, errors=errors, question=question)


def record_card(form: RecordForm, *, given: Mapping[str, str] | None = None,
                errors: Mapping[str, str] | None = None, question: str | None = None) -> Form:
    """The form as an Adaptive Card 1.5; `given` refills it, `errors` go under their fields."""
    given, errors = given or {}, errors or {}
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": "Enter a figure", "size": "Large", "weight": "Bolder",
         "wrap": True},
        {"type": "TextBlock", "text": escape_markdown(form.name), "weight": "Bolder",
         "wrap": True}]
    body += _problem(errors.get("indicator"))
    body.append({"type": "Input.ChoiceSet", "id": "period", "label": "Period",
                 "isRequired": True, "value": given.get("period") or form.due,
                 "choices": [{"title": label, "value": iso} for iso, label in form.periods]})
    body += _problem(errors.get("period"))
    body.append({"type": "Input.Text", "id": "value", "label": "Figure", "isRequired": True,
                 "errorMessage": "Enter the figure.", "maxLength": 40,
                 "placeholder": unit_hint(form.unit), "value": given.get("value") or ""})
    body += _problem(errors.get("value"))
    body.append({"type": "Input.ChoiceSet", "id": "quality", "label": "How sure is it?",
                 "value": given.get("quality") or "final",
                 "choices": [{"title": "Final", "value": "final"},
                             *({"title": q.capitalize(), "value": q} for q in QUALITIES)]})
    body += _problem(errors.get("quality"))
    body.append({"type": "Input.Text", "id": "note", "label": "Note (optional)",
                 "isMultiline": True, "maxLength": 500, "value": given.get("note") or ""})
    body += _problem(errors.get("note"))
    if question:
        body.append({"type": "TextBlock", "text": escape_markdown(question), "wrap": True,
                     "color": "Warning"})
        body.append({"type": "Input.Toggle", "id": "confirm", "title":
                     "Yes, this figure is right", "valueOn": "yes", "valueOff": "no",
                     "value": "no"})
    return {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION, "body": body,
            "actions": [{"type": "Action.Execute", "title": "Record", "verb": SUBMIT,
                         "style": "positive", "data": {"key": form.key}}]}


def _problem(message: str | None) -> list[dict[str, Any]]:
    if not message:
        return []
    return [{"type": "TextBlock", "text": escape_markdown(message), "wrap": True,
             "color": "Attention", "size": "Small", "spacing": "None"}]


def _text(value: object) -> str:
    return str(value).strip() if isinstance(value, str | int | float) else ""
