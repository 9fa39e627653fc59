"""The late-data nudge's "Enter the figure" form in Slack, over signed HTTP to the real app."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import select

from bot.slack.render import card_blocks
from digests.indicators.lateness import lateness
from handlers.data_notices import late_figure_card
from models.tables import Measurement
from tests.bot.slack.conftest import TOKEN, Bot, chosen, text_input

OCTOBER = "2026-10-01"


def post_nudge(bot: Bot, channel: str = "D0AMINA") -> dict[str, Any]:
    """The nudge as the outbox posts it, so the form has a real message to settle."""
    today = date(2026, 11, 27)
    late = lateness(date(2026, 9, 1), "month", today)
    assert late is not None
    blocks = card_blocks(late_figure_card("home-91", "Still at home 91 days after reablement",
                                          "month", late, today))
    posted = bot.fake.web_client(TOKEN).chat_postMessage(channel=channel, text="Figures",
                                                         blocks=blocks)
    return {"ts": posted["ts"], "channel": channel, "blocks": blocks}


def open_form(bot: Bot, message: dict[str, Any], user: str = "U0AMINA") -> dict[str, Any]:
    button = next(e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"])
    opened = len(bot.fake.calls("views.open"))
    bot.press(button["action_id"], button["value"], user=user, channel=message["channel"],
              container={"type": "message", "message_ts": message["ts"],
                         "channel_id": message["channel"], "is_ephemeral": False},
              message={"type": "message", "ts": message["ts"], "blocks": message["blocks"],
                       "text": "Figures"})
    bot.fake.wait_for("views.open", opened + 1)
    # The newest view opened is the last one stored (an update keeps its place).
    return next(v for v in reversed(list(bot.fake.views.values()))
                if v.get("callback_id") == "record")


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def october(bot: Bot) -> Measurement | None:
    with bot.app.sessions() as session:
        return session.scalars(select(Measurement).where(
            Measurement.period == date(2026, 10, 1))).first()


def test_the_form_opens_pre_filled_and_stores_the_figure(small_bot: Bot) -> None:
    message = post_nudge(small_bot)
    view = open_form(small_bot, message)
    assert "Still at home 91 days after reablement" in json.dumps(view["blocks"][0])
    assert block(view, "period")["element"]["initial_option"]["value"] == OCTOBER
    answer = small_bot.submit(view, {"period": chosen(OCTOBER), "value": text_input("84.2"),
                                     "quality": chosen("provisional"),
                                     "note": text_input("Two teams still to report")})
    assert answer["response_action"] == "update"
    (shown,) = small_bot.fake.wait_for("views.update")
    assert "Figure recorded" in json.dumps(shown.json("view"))
    (settled,) = small_bot.fake.wait_for("chat.update")
    blocks = settled.json("blocks")
    assert not [b for b in blocks if b["type"] == "actions"]  # the button is gone
    assert "84.2%" in json.dumps(blocks)
    stored = october(small_bot)
    assert stored is not None
    assert (stored.value, stored.quality, stored.note, stored.source) == (
        84.2, "provisional", "Two teams still to report", "chat")


def test_a_value_that_is_not_a_number_is_shown_in_the_form_at_once(small_bot: Bot) -> None:
    view = open_form(small_bot, post_nudge(small_bot))
    answer = small_bot.submit(view, {"period": chosen(OCTOBER), "value": text_input("84,2,1")})
    assert answer["response_action"] == "errors" and "not a number" in answer["errors"]["value"]
    empty = small_bot.submit(view, {"period": chosen(OCTOBER), "value": text_input(" ")})
    assert empty["errors"] == {"value": "Enter the figure."}
    small_bot.idle()
    assert october(small_bot) is None


def test_the_importers_rules_are_shown_beside_the_field(small_bot: Bot) -> None:
    view = open_form(small_bot, post_nudge(small_bot))
    small_bot.submit(view, {"period": chosen(OCTOBER), "value": text_input("184")})
    (again,) = small_bot.fake.wait_for("views.update")
    form = again.json("view")
    assert form["callback_id"] == "record"  # the form again, not a result
    words = json.dumps(form)
    assert "outside 0 to 100 for a percentage" in words
    assert block(form, "value")["element"]["initial_value"] == "184"  # what they typed is kept
    assert october(small_bot) is None


def test_a_correction_needs_the_box_ticked(small_bot: Bot) -> None:
    first = open_form(small_bot, post_nudge(small_bot))
    small_bot.submit(first, {"period": chosen(OCTOBER), "value": text_input("84")})
    small_bot.fake.wait_for("views.update")
    view = open_form(small_bot, post_nudge(small_bot))
    small_bot.submit(view, {"period": chosen(OCTOBER), "value": text_input("86")})
    small_bot.fake.wait_for("views.update", 2)
    form = small_bot.fake.views[view["id"]]
    assert "already has 84.0%" in json.dumps(form) and block(form, "confirm")
    assert october(small_bot).value == 84  # type: ignore[union-attr]
    small_bot.submit(form, {"period": chosen(OCTOBER), "value": text_input("86"),
                            "confirm": {"choice": {"type": "checkboxes",
                                                   "selected_options": [{"value": "yes"}]}}})
    small_bot.fake.wait_for("views.update", 3)
    assert "Figure recorded" in json.dumps(small_bot.fake.views[view["id"]])
    stored = october(small_bot)
    assert stored is not None and stored.value == 86
    with small_bot.app.sessions() as session:
        assert [r.value for r in session.get_one(Measurement, stored.id).revisions] == [84]


def test_someone_else_gets_no_form(small_bot: Bot) -> None:
    message = post_nudge(small_bot, channel="D0BEN")
    button = next(e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"])
    small_bot.press(button["action_id"], button["value"], user="U0BEN", channel="D0BEN")
    told = small_bot.fake.wait_for("chat.postMessage", where=lambda c: "Not yours" in
                                   json.dumps(c.params))
    assert told
    small_bot.idle()
    assert not [v for v in small_bot.fake.views.values() if v.get("callback_id") == "record"]


def test_perf_record_works_as_a_slash_command(small_bot: Bot) -> None:
    (reply,) = small_bot.response(small_bot.command("record home-91 83.9 for Oct 2026"))
    assert "Figure recorded" in json.dumps(reply)
    assert october(small_bot).value == 83.9  # type: ignore[union-attr]
    (refused,) = small_bot.response(small_bot.command("record home-91 80 for Oct 2026",
                                                      user="U0BEN"))
    assert "Not yours to record" in json.dumps(refused)
    assert october(small_bot).value == 83.9  # type: ignore[union-attr]
