"""The late-data nudge's "Enter the figure" in Teams: Action.Execute opens an Adaptive Card
form, checked by the same handler code as Slack's modal, problems shown in the card."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from bot.teams.activities import CARD
from bot.teams.render import adaptive_card
from bot.teams.validate import validate_adaptive_card
from digests.indicators.lateness import lateness
from handlers.data_notices import RECORD_OPEN, late_figure_card
from models.tables import Measurement, MeasurementRevision
from tests.bot.teams.conftest import STRANGER_AAD, TeamsBot

OCTOBER = "2026-10-01"


def nudge_button() -> dict[str, Any]:
    """The button as the nudge's Adaptive Card carries it."""
    today = date(2026, 11, 27)
    late = lateness(date(2026, 9, 1), "month", today)
    assert late is not None
    card = adaptive_card(late_figure_card("home-91", "Still at home 91 days after reablement",
                                          "month", late, today))
    [button] = card["actions"]
    assert button["verb"] == RECORD_OPEN
    return dict(button)


def open_form(bot: TeamsBot, **kw: Any) -> dict[str, Any]:
    button = nudge_button()
    status, body = bot.press(button["verb"], button["data"], **kw)
    assert status == 200 and body["type"] == CARD
    return dict(body["value"])


def element(form: dict[str, Any], input_id: str) -> dict[str, Any]:
    return next(e for e in form["body"] if e.get("id") == input_id)


def submit(bot: TeamsBot, form: dict[str, Any], **inputs: str) -> tuple[int, Any]:
    [action] = form["actions"]
    return bot.press(action["verb"], {**action["data"], **inputs}, reply_to="msg-nudge")


def texts(card: dict[str, Any]) -> str:
    return "\n".join(e["text"] for e in card["body"] if e.get("type") == "TextBlock")


def october(bot: TeamsBot) -> Measurement | None:
    with bot.app.sessions() as session:
        found = session.scalars(select(Measurement).where(
            Measurement.period == date(2026, 10, 1))).first()
        if found is not None:
            session.expunge(found)
        return found


def test_the_form_opens_pre_filled_and_stores_the_figure(teams_bot: TeamsBot) -> None:
    form = open_form(teams_bot)
    assert validate_adaptive_card(form) == []
    assert "Still at home 91 days after reablement" in texts(form)
    assert element(form, "period")["value"] == OCTOBER
    assert OCTOBER in [c["value"] for c in element(form, "period")["choices"]]
    assert element(form, "quality")["value"] == "final"
    status, body = submit(teams_bot, form, period=OCTOBER, value="84.2", quality="provisional",
                          note="From the council's own count")
    assert status == 200 and body["type"] == CARD
    assert "Figure recorded" in texts(body["value"])
    stored = october(teams_bot)
    assert stored is not None and stored.value == 84.2 and stored.quality == "provisional"
    # The nudge itself becomes the confirmation, in place.
    [update] = teams_bot.fake.calls("update")
    assert update.path.endswith("/activities/msg-nudge")
    assert "Figure recorded" in update.text()


def test_a_value_that_is_not_a_number_is_shown_in_the_form(teams_bot: TeamsBot) -> None:
    form = open_form(teams_bot)
    _, body = submit(teams_bot, form, period=OCTOBER, value="84,2,1", note="kept")
    again = body["value"]
    assert "is not a number" in texts(again)
    assert element(again, "value")["value"] == "84,2,1"  # what was typed is kept
    assert element(again, "note")["value"] == "kept"
    _, empty = submit(teams_bot, form, period=OCTOBER, value=" ")
    assert "Enter the figure." in texts(empty["value"])
    assert october(teams_bot) is None
    assert teams_bot.fake.calls("update") == []


def test_the_importers_rules_are_shown_beside_the_field(teams_bot: TeamsBot) -> None:
    form = open_form(teams_bot)
    _, body = submit(teams_bot, form, period=OCTOBER, value="184")
    again = body["value"]
    body_types = [e.get("id") or e["type"] for e in again["body"]]
    problem = body_types.index("value") + 1
    assert again["body"][problem]["color"] == "Attention"
    assert "100" in again["body"][problem]["text"]
    assert october(teams_bot) is None


def test_a_correction_needs_confirming_and_keeps_the_old_figure(teams_bot: TeamsBot) -> None:
    form = open_form(teams_bot)
    submit(teams_bot, form, period=OCTOBER, value="84")
    _, body = submit(teams_bot, open_form(teams_bot), period=OCTOBER, value="86")
    asked = body["value"]
    assert "already has 84" in texts(asked)
    assert element(asked, "confirm")["valueOn"] == "yes"
    assert october(teams_bot).value == 84  # type: ignore[union-attr]
    _, done = submit(teams_bot, asked, period=OCTOBER, value="86", confirm="yes")
    assert "Figure recorded" in texts(done["value"])
    assert october(teams_bot).value == 86  # type: ignore[union-attr]
    with teams_bot.app.sessions() as session:
        assert [h.value for h in session.scalars(select(MeasurementRevision))] == [84]


def test_someone_else_gets_no_form_and_cannot_record(teams_bot: TeamsBot) -> None:
    form = open_form(teams_bot, user=STRANGER_AAD)
    assert "Not yours to record" in texts(form)
    assert not any(e["type"].startswith("Input.") for e in form["body"])
    owners_form = open_form(teams_bot)
    [action] = owners_form["actions"]
    status, body = teams_bot.press(action["verb"], {**action["data"], "period": OCTOBER,
                                                    "value": "84.2"}, user=STRANGER_AAD)
    assert status == 200
    assert "Not yours to record" in texts(body["value"])
    assert october(teams_bot) is None
