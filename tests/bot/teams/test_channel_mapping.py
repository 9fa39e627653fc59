"""`@goldthread this channel is for <team>` in a Teams channel: the team's digests go there.

A manager of the team or an admin may; anyone else is refused and nothing changes; a team
nobody knows gets the list of teams. A framework reload keeps a channel set in chat unless the
file names a different channel for that team.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from models.db import transaction
from models.framework.load import load_framework
from models.tables import Subscription, Team, TeamChannel
from tests.bot.teams.conftest import AMINA_AAD, BEN_AAD, CHANNEL, TeamsBot, teams_framework
from tests.fakes.platforms import CHAT

PAT_AAD = "aad-pat-0000-4000-8000-000000000004"
BOARD_CHANNEL = "19:board-papers@thread.tacv2"
OTHER_CHANNEL = "19:reablement-huddle@thread.tacv2"


def with_pat(framework_text: str, extra: str = "") -> str:
    """The Teams framework with Pat (an admin) on Teams, and `extra` lines for the board."""
    text = teams_framework(framework_text).replace(
        'role = "admin"', f'role = "admin"\nteams_id = "{PAT_AAD}"')
    return text.replace('slack_channel = "C0BOARD"', f'slack_channel = "C0BOARD"{extra}')


def reload(bot: TeamsBot, text: str) -> None:
    with transaction(bot.app.sessions) as session:
        load_framework(session, text, chat_platforms=CHAT)


def in_channel(bot: TeamsBot, channel: str, text: str, user: str) -> dict[str, Any]:
    activity = bot.message(text, mention=True, scope="channel", user=user)
    activity["conversation"]["id"] = f"{channel};messageid=1700000099"
    activity["channelData"]["channel"] = {"id": channel}
    return activity


def teams_channels(bot: TeamsBot, team: str) -> list[tuple[str, str]]:
    with bot.app.sessions() as session:
        return [(c.channel_id, c.source) for c in session.scalars(
            select(TeamChannel).join(Team).where(Team.key == team,
                                                 TeamChannel.platform == "teams"))]


def active_subscriptions(bot: TeamsBot, team: str) -> list[str]:
    with bot.app.sessions() as session:
        return sorted(s.channel_id for s in session.scalars(
            select(Subscription).join(Team).where(Team.key == team, Subscription.active,
                                                  Subscription.platform == "teams")))


def said(bot: TeamsBot) -> str:
    return bot.fake.calls("send")[-1].text()


def test_an_admin_maps_a_channel_and_a_reload_keeps_it(teams_bot: TeamsBot,
                                                       framework_text: str) -> None:
    reload(teams_bot, with_pat(framework_text))
    status, _ = teams_bot.post(in_channel(teams_bot, BOARD_CHANNEL,
                                          "this channel is for Health and Wellbeing Board",
                                          PAT_AAD))
    assert status == 200
    assert "now Health and Wellbeing Board's" in said(teams_bot)
    assert teams_channels(teams_bot, "board") == [(BOARD_CHANNEL, "chat")]
    assert active_subscriptions(teams_bot, "board") == [BOARD_CHANNEL]
    reload(teams_bot, with_pat(framework_text))  # the file names no Teams channel for it
    assert teams_channels(teams_bot, "board") == [(BOARD_CHANNEL, "chat")]
    assert active_subscriptions(teams_bot, "board") == [BOARD_CHANNEL]
    # The file naming another channel for the team wins, and the chat-made one goes.
    reload(teams_bot, with_pat(framework_text, '\nteams_channel = "19:from-file@thread.tacv2"'))
    assert teams_channels(teams_bot, "board") == [("19:from-file@thread.tacv2", "file")]
    assert active_subscriptions(teams_bot, "board") == ["19:from-file@thread.tacv2"]


def test_the_teams_manager_moves_its_digest_to_another_channel(teams_bot: TeamsBot) -> None:
    teams_bot.post(in_channel(teams_bot, OTHER_CHANNEL, "this channel is for reablement.",
                              AMINA_AAD))
    assert "now Reablement Team's" in said(teams_bot)
    assert teams_channels(teams_bot, "reablement") == [(OTHER_CHANNEL, "chat")]
    assert active_subscriptions(teams_bot, "reablement") == [OTHER_CHANNEL]
    teams_bot.post(in_channel(teams_bot, OTHER_CHANNEL, "this channel is for reablement",
                              AMINA_AAD))
    assert "already Reablement Team's" in said(teams_bot)


def test_someone_else_is_refused_and_nothing_changes(teams_bot: TeamsBot) -> None:
    # Ben is staff in Reablement; Amina manages Reablement, not the board.
    for user, team in ((BEN_AAD, "Reablement Team"), (AMINA_AAD, "board")):
        teams_bot.post(in_channel(teams_bot, OTHER_CHANNEL, f"this channel is for {team}",
                                  user))
        assert "Only the team's manager can do that" in said(teams_bot)
    assert teams_channels(teams_bot, "reablement") == [(CHANNEL, "file")]
    assert teams_channels(teams_bot, "board") == []
    assert active_subscriptions(teams_bot, "board") == []


def test_an_unknown_team_gets_the_list_of_teams(teams_bot: TeamsBot) -> None:
    teams_bot.post(in_channel(teams_bot, OTHER_CHANNEL, "this channel is for the pool cars",
                              AMINA_AAD))
    text = said(teams_bot)
    assert 'I don\'t know a team called "the pool cars"' in text
    assert "• Health and Wellbeing Board" in text and "• Reablement Team" in text
    assert teams_channels(teams_bot, "reablement") == [(CHANNEL, "file")]


def test_in_a_personal_chat_it_asks_for_the_channel(teams_bot: TeamsBot) -> None:
    teams_bot.say("this channel is for reablement", user=AMINA_AAD)
    assert "Say that in the team's channel" in said(teams_bot)
    assert teams_channels(teams_bot, "reablement") == [(CHANNEL, "file")]
