"""`/perf this channel is for <team>` in Slack, through the same handler as Teams."""

from __future__ import annotations

from sqlalchemy import select

from models.tables import Subscription, Team, TeamChannel
from tests.bot.slack.conftest import Bot


def slack_channel(bot: Bot, team: str) -> list[tuple[str, str]]:
    with bot.app.sessions() as session:
        return [(c.channel_id, c.source) for c in session.scalars(
            select(TeamChannel).join(Team).where(Team.key == team,
                                                 TeamChannel.platform == "slack"))]


def test_the_manager_moves_the_digest_to_this_channel(small_bot: Bot) -> None:
    [reply] = small_bot.response(small_bot.command("this channel is for reablement",
                                                   channel="C0HUDDLE"))
    assert "now Reablement Team" in str(reply)
    assert slack_channel(small_bot, "reablement") == [("C0HUDDLE", "chat")]
    with small_bot.app.sessions() as session:
        active = session.scalars(select(Subscription.channel_id).where(
            Subscription.platform == "slack", Subscription.active,
            Subscription.team_id == select(Team.id).where(Team.key == "reablement")
            .scalar_subquery())).all()
    assert active == ["C0HUDDLE"]


def test_a_direct_message_is_no_teams_channel(small_bot: Bot) -> None:
    [reply] = small_bot.response(small_bot.command("this channel is for reablement",
                                                   channel="D0AMINA"))
    assert "Say that in the team" in str(reply)
    assert slack_channel(small_bot, "reablement") == [("C0REABLE", "file")]
