"""Loading the people and teams of a framework file: their chat identities, channels and
digest subscriptions, which are rows of their own so that a new platform needs no new column."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.channels import CHAT, subscribe
from models.emails import email_key
from models.framework.parse import Item, ParsedFramework
from models.framework.schema import DEFAULT_DIGEST, channel_key, identity_key
from models.identities import EMAIL, FILE
from models.tables import ChatIdentity, Partner, Person, Team, TeamChannel


class PeopleAndTeams:
    """The part of the loader that knows people and teams (mixed into the loader)."""

    session: Session
    parsed: ParsedFramework
    partners: dict[str, Partner]
    teams: dict[str, Team]

    def _apply_team(self, row: Team, item: Item, created: bool) -> bool:
        d = item.data
        changed = assign(row, {
            "name": d["name"],
            "partner_id": self._ref(self.partners, d.get("partner")),
            "audience": d.get("audience", "frontline"),
            "digest_schedule": d.get("digest", DEFAULT_DIGEST).strip().lower(),
        })
        self.session.flush()
        wanted = {p: d[channel_key(p)] for p in self.parsed.chat_platforms
                  if isinstance(d.get(channel_key(p)), str)}
        current = {c.platform: c for c in row.channels}
        for platform, channel in current.items():
            if platform not in wanted:
                if channel.source == CHAT:  # set in chat, and the file names none: kept
                    wanted[platform] = channel.channel_id
                    continue
                row.channels.remove(channel)
                changed = True
            elif wanted[platform] != channel.channel_id or channel.source != FILE:
                channel.channel_id, channel.source = wanted[platform], FILE
                changed = True
        for platform, channel_id in wanted.items():
            if platform not in current:
                row.channels.append(TeamChannel(platform=platform, channel_id=channel_id))
                changed = True
        subscribe(self.session, row, wanted)
        return changed

    def _apply_person(self, row: Person, item: Item, created: bool) -> bool:
        d = item.data
        email_before = email_key(row.email or "")
        changed = assign(row, {
            "name": d["name"],
            "short_name": d.get("short_name"),
            "email": d.get("email"),
            "role": d.get("role", "staff"),
            "partner_id": self._ref(self.partners, d.get("partner")),
        })
        teams = [self.teams[t] for t in d.get("teams", [])]
        if [t.key for t in row.teams] != sorted(t.key for t in teams):
            row.teams = sorted(teams, key=lambda t: t.key)
            changed = True
        if created:
            self.session.flush()
        wanted = {p: d[identity_key(p)] for p in self.parsed.chat_platforms
                  if isinstance(d.get(identity_key(p)), str)}
        email_changed = email_key(row.email or "") != email_before
        return self._sync_identities(row, wanted, email_changed) or changed

    def _sync_identities(self, row: Person, wanted: dict[str, str], email_changed: bool) -> bool:
        """The file owns the chat ids it names; links made by email stay unless the file now
        names an id for that platform (the file wins) or the email they matched has changed."""
        changed = False
        for identity in list(row.identities):
            named = wanted.get(identity.platform)
            if named == identity.external_id:
                if identity.source != FILE:
                    identity.source = FILE  # the file now names the id chat linked by email
                continue
            if named is None and identity.source == EMAIL and not email_changed:
                continue
            row.identities.remove(identity)
            changed = True
        self.session.flush()
        have = {i.platform for i in row.identities}
        for platform, external_id in wanted.items():
            if platform not in have:
                self._release_identity(platform, external_id)
                row.identities.append(ChatIdentity(
                    platform=platform, external_id=external_id, source=FILE))
                self.session.flush()
                changed = True
        return changed

    def _release_identity(self, platform: str, external_id: str) -> None:
        """The file gives this chat id to another person (`check` makes sure only one person in
        the file has it): whoever holds it now, by the file or by email, lets go of it."""
        other = self.session.scalars(select(ChatIdentity).where(
            ChatIdentity.platform == platform, ChatIdentity.external_id == external_id)).first()
        if other is not None:
            other.person.identities.remove(other)
            self.session.flush()

    @staticmethod
    def _ref(rows: dict[str, Any], key: object) -> int | None:
        return rows[key].id if isinstance(key, str) else None


def assign(row: object, values: dict[str, Any]) -> bool:
    """Set the values that differ; True if anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed
