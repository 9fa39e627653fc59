"""Changes from Slack: `/perf change` opens the form, which records the change; the rebase form
refuses an empty reason in the form itself; words work too. The real Bolt app, signed HTTP,
the fake Slack."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from models.tables import Change, Rebase
from tests.bot.slack.conftest import Bot, chosen, date_input, text_input


def changes(bot: Bot) -> list[Change]:
    with bot.app.sessions() as session:
        return list(session.scalars(select(Change).order_by(Change.id)))


def opened_form(bot: Bot, count: int = 1) -> dict:  # type: ignore[type-arg]
    views = bot.fake.wait_for("views.open", count)
    view = views[-1].json("view")
    stored = next(v for v in bot.fake.views.values() if v["callback_id"] == view["callback_id"])
    return stored


def test_perf_change_alone_opens_the_form_and_the_form_records_it(small_bot: Bot) -> None:
    small_bot.command("change")
    form = opened_form(small_bot)
    assert form["callback_id"] == "change" and len(form["title"]["text"]) <= 24
    measure = next(b for b in form["blocks"] if b.get("block_id") == "indicator")
    assert [o["value"] for o in measure["element"]["options"]] == ["delayed-discharges",
                                                                    "home-91"]
    # a form with no start date is answered in the form, and nothing is stored
    missing = small_bot.submit(form, {"what": text_input("Weekend slots"),
                                      "indicator": chosen("home-91"),
                                      "expected": chosen("increase")})
    assert missing["response_action"] == "errors" and "started" in missing["errors"]
    answer = small_bot.submit(form, {
        "what": text_input("Weekend reablement <!channel> slots"),
        "indicator": chosen("home-91"), "started": date_input("2026-02-01"),
        "expected": chosen("increase"), "action": chosen("extra-slots")})
    assert answer["response_action"] == "update"
    (updated,) = small_bot.fake.wait_for("views.update")
    shown = json.dumps(updated.json("view"))
    assert "Change recorded: weekend-reablement-channel-slots" in shown
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown
    (change,) = changes(small_bot)
    assert (change.started, change.expected) == (date(2026, 2, 1), "increase")
    assert change.action_id is not None


def test_staff_cannot_record_a_change_from_the_form(small_bot: Bot) -> None:
    small_bot.command("change", user="U0BEN")
    form = opened_form(small_bot)
    small_bot.submit(form, {"what": text_input("Weekend slots"), "indicator": chosen("home-91"),
                            "started": date_input("2026-02-01"),
                            "expected": chosen("increase")}, user="U0BEN")
    (updated,) = small_bot.fake.wait_for("views.update")
    assert "That change was not recorded" in json.dumps(updated.json("view"))
    assert changes(small_bot) == []


def test_perf_change_with_words_answers_the_asker(small_bot: Bot) -> None:
    name = small_bot.command("change home-91 from 2026-02-01 expect increase: Weekend slots")
    (reply,) = small_bot.response(name)
    assert "Change recorded: weekend-slots" in json.dumps(reply["blocks"])
    assert small_bot.fake.calls("views.open") == []


def test_the_rebase_form_needs_a_reason(small_bot: Bot) -> None:
    small_bot.command("change home-91 from 2026-02-01 expect increase: Weekend slots")
    small_bot.fake.wait_for("response")
    small_bot.press("change.rebase:0", "weekend-slots")
    form = opened_form(small_bot)
    assert form["callback_id"] == "change.rebase"
    answer = small_bot.submit(form, {"reason": text_input("   ")})
    assert answer["response_action"] == "errors" and "reason" in answer["errors"]
    with small_bot.app.sessions() as session:
        assert session.scalars(select(Rebase)).all() == []
    small_bot.submit(form, {"reason": text_input("The weekend slots are permanent")})
    (updated,) = small_bot.fake.wait_for("views.update")
    assert "Limits recalculated from 1 Feb 2026" in json.dumps(updated.json("view"))
    with small_bot.app.sessions() as session:
        [rebase] = session.scalars(select(Rebase)).all()
        assert (rebase.reason, rebase.source) == ("The weekend slots are permanent", "change")


def test_the_learning_note_form(small_bot: Bot) -> None:
    small_bot.command("change home-91 from 2026-02-01 expect increase: Weekend slots")
    small_bot.fake.wait_for("response")
    small_bot.press("change.note:0", "weekend-slots")
    form = opened_form(small_bot)
    small_bot.submit(form, {"note": text_input("Friday discharges start the next day")})
    (updated,) = small_bot.fake.wait_for("views.update")
    assert "Learning saved for weekend-slots" in json.dumps(updated.json("view"))
    assert changes(small_bot)[0].learning_note == "Friday discharges start the next day"
