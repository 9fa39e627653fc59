"""Action.Execute buttons: `adaptiveCard/action` invokes into the same press and triage handlers."""

from __future__ import annotations

from sqlalchemy import select

from bot.teams.activities import CARD
from models.tables import Accountability, Delivery, Suggestion
from tests.bot.teams.conftest import AMINA_AAD, BEN_AAD, STRANGER_AAD, TeamsBot


def action(bot: TeamsBot, key: str) -> Accountability:
    with bot.app.sessions() as session:
        found = session.scalars(select(Accountability).where(Accountability.key == key)).one()
        session.expunge(found)
        return found


def test_done_by_the_owner_updates_the_card_in_place(teams_bot: TeamsBot) -> None:
    slots = action(teams_bot, "extra-slots")
    status, body = teams_bot.press("action.done", {"value": str(slots.id)}, reply_to="msg-7")
    assert status == 200
    assert body["statusCode"] == 200 and body["type"] == CARD
    assert body["value"]["type"] == "AdaptiveCard"
    assert action(teams_bot, "extra-slots").status == "done"
    [update] = teams_bot.fake.calls("update")
    assert update.path.endswith("/activities/msg-7")
    assert update.cards()[0]["body"][0]["text"] == body["value"]["body"][0]["text"]


def test_someone_else_pressing_done_changes_nothing(teams_bot: TeamsBot) -> None:
    slots = action(teams_bot, "extra-slots")
    status, body = teams_bot.press("action.done", {"value": str(slots.id)}, user=STRANGER_AAD)
    assert status == 200
    assert body["type"] == "application/vnd.microsoft.activity.message"
    assert action(teams_bot, "extra-slots").status == "open"
    assert teams_bot.fake.calls("update") == []


def test_a_bad_value_acts_on_nothing(teams_bot: TeamsBot) -> None:
    status, body = teams_bot.press("action.done", {"value": "1; drop table"})
    assert status == 200
    assert body["type"] == "application/vnd.microsoft.activity.message"
    assert action(teams_bot, "extra-slots").status == "open"


def test_blocked_asks_why_then_tells_the_manager_in_a_new_chat(teams_bot: TeamsBot) -> None:
    teams_bot.fake.add_member(f"29:{BEN_AAD}", email="ben.okafor@riverside.example")
    rota = action(teams_bot, "rota")
    status, form = teams_bot.press("action.blocked", {"value": str(rota.id)}, user=BEN_AAD)
    assert status == 200
    inputs = [e for e in form["value"]["body"] if e["type"] == "Input.Text"]
    assert inputs and inputs[0]["id"] == "answer"
    submit = form["value"]["actions"][0]
    data = {**submit["data"], "answer": "The trust has not replied"}
    status, done = teams_bot.press(submit["verb"], data, user=BEN_AAD)
    assert status == 200 and done["type"] == CARD
    # Amina (the manager) never wrote to the bot: a 1:1 chat is created, then the notice sent.
    [created] = teams_bot.fake.wait_for("create")
    assert created.body["members"] == [{"id": AMINA_AAD}]
    sent = teams_bot.fake.wait_for("send", where=lambda c: c.conversation.startswith("a:new"))
    assert "The trust has not replied" in sent[0].text()
    with teams_bot.app.sessions() as session:
        [notice] = session.scalars(select(Delivery).where(Delivery.platform == "teams"))
        assert notice.status == "sent" and notice.target == AMINA_AAD


def test_a_manager_decides_on_an_idea(teams_bot: TeamsBot) -> None:
    teams_bot.say("suggest Text people the day before their first reablement visit",
                  user=STRANGER_AAD)
    with teams_bot.app.sessions() as session:
        idea = session.scalars(select(Suggestion)).one()
    status, body = teams_bot.press("idea.accepted", {"value": str(idea.id)}, user=AMINA_AAD)
    assert status == 200 and body["type"] == CARD
    with teams_bot.app.sessions() as session:
        assert session.get(Suggestion, idea.id).status == "accepted"  # type: ignore[union-attr]
    status, refused = teams_bot.press("idea.not_now", {"value": str(idea.id)}, user=BEN_AAD)
    assert refused["type"] == "application/vnd.microsoft.activity.message"
    with teams_bot.app.sessions() as session:
        assert session.get(Suggestion, idea.id).status == "accepted"  # type: ignore[union-attr]
