"""The Teams SDK app inside `serve`: authentication on, activities in, sends captured."""

from __future__ import annotations

from tests.bot.teams.conftest import AMINA_AAD, CHANNEL, TeamsBot
from tests.fakes.teams_connector import BOT_TOKEN


def test_unsigned_request_is_refused_and_nothing_is_sent(teams_bot: TeamsBot) -> None:
    status, _ = teams_bot.post(teams_bot.message("help"), token=None)
    assert status == 401
    assert teams_bot.fake.calls("send") == []


def test_token_signed_by_another_key_or_for_another_bot_is_refused(teams_bot: TeamsBot) -> None:
    activity = teams_bot.message("help")
    other = teams_bot.fake.sign(aud="someone-else")
    assert teams_bot.post(activity, token=other)[0] == 401
    # The serviceurl claim must be the activity's own: a token for another service is refused.
    moved = teams_bot.fake.sign("https://smba.trafficmanager.net/uk/")
    assert teams_bot.post(activity, token=moved)[0] == 401
    assert teams_bot.fake.calls("send") == []


def test_personal_message_is_answered_in_the_chat(teams_bot: TeamsBot) -> None:
    assert teams_bot.say("help") == 200
    sent = teams_bot.fake.calls("send")
    assert len(sent) == 1
    assert sent[0].conversation == f"a:personal-{AMINA_AAD}"
    assert sent[0].headers["authorization"] == f"Bearer {BOT_TOKEN}"
    assert sent[0].cards() and sent[0].cards()[0]["version"] == "1.5"


def test_channel_mention_is_answered_in_its_thread(teams_bot: TeamsBot) -> None:
    assert teams_bot.say("help", mention=True, scope="channel") == 200
    sent = teams_bot.fake.wait_for("send")
    assert sent[0].conversation.startswith(CHANNEL + ";messageid=")
