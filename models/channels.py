"""A team's channel set in chat ("this channel is for <team>"): the one way to do it.

The framework file sets channels with `<platform>_channel`; chat sets them here, marked
source="chat", with the digest subscription that goes with them, so a later reload of a file
that names no channel for the team keeps this one (see models/framework/load_people.py), as it
keeps accounts linked by email.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.tables import Subscription, Team, TeamChannel

FILE, CHAT = "file", "chat"  # TeamChannel.source


def set_channel(session: Session, team: Team, platform: str, channel_id: str) -> bool:
    """Make `channel_id` the team's channel on `platform`; False when it already was.
    The team's digests on that platform go there from now on, and no longer elsewhere."""
    current = next((c for c in team.channels if c.platform == platform), None)
    if current is not None and current.channel_id == channel_id:
        return False
    if current is None:
        team.channels.append(TeamChannel(platform=platform, channel_id=channel_id, source=CHAT))
    else:
        current.channel_id, current.source = channel_id, CHAT
    subscribe(session, team, {platform: channel_id}, platforms={platform})
    return True


def subscribe(session: Session, team: Team, channels: dict[str, str],
              platforms: set[str] | None = None) -> None:
    """Digest subscriptions for exactly these channels (of `platforms`, or of every platform):
    others are made inactive, missing ones added."""
    session.flush()
    subs = session.scalars(select(Subscription).where(Subscription.team_id == team.id))
    current = {(s.platform, s.channel_id, s.audience): s for s in subs
               if platforms is None or s.platform in platforms}
    wanted = {(platform, channel, team.audience) for platform, channel in channels.items()}
    for key, sub in current.items():
        sub.active = key in wanted
    for platform, channel, audience in wanted - current.keys():
        session.add(Subscription(
            team_id=team.id, platform=platform, channel_id=channel, audience=audience))
