"""Tables of the golden thread: partnership, partners, people, teams, outcomes, objectives,
indicators and accountabilities. These rows come from the framework file; each carries the
file's stable `key` and an `archived_at` so that removing an item from the file never deletes
its history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.names import default_short_name

team_members = Table(
    "team_member",
    Base.metadata,
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
)

indicator_teams = Table(
    "indicator_team",
    Base.metadata,
    Column("indicator_id", ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True),
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True),
)


class Partnership(Base):
    __tablename__ = "partnership"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    max_indicators: Mapped[int] = mapped_column(Integer, default=15)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Keyed:
    """Mixin for rows that mirror an item of the framework file."""

    key: Mapped[str] = mapped_column(String(100))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    @property
    def active(self) -> bool:
        return self.archived_at is None


class Partner(Keyed, Base):
    __tablename__ = "partner"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"))
    name: Mapped[str] = mapped_column(String(200))


class Person(Keyed, Base):
    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"))
    name: Mapped[str] = mapped_column(String(200))
    # What to call them in a greeting ("Grace" for "Dr Grace Mensah"); see greeting_name.
    short_name: Mapped[str | None] = mapped_column(String(100), default=None)
    email: Mapped[str | None] = mapped_column(String(320), default=None)
    role: Mapped[str] = mapped_column(String(20), default="staff")
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"), default=None)

    partner: Mapped[Partner | None] = relationship()
    teams: Mapped[list[Team]] = relationship(
        secondary=team_members, back_populates="members", order_by="Team.key"
    )
    identities: Mapped[list[ChatIdentity]] = relationship(
        back_populates="person", cascade="all, delete-orphan"
    )

    @property
    def greeting_name(self) -> str:
        """What to call them: their `short_name`, else their first name that is not a title."""
        return self.short_name or default_short_name(self.name)


class ChatIdentity(Base):
    """Who a person is on a chat platform; kept apart so a new platform needs no new column.

    `source` says who made the link: "file" (the framework file names this chat id, and a
    reload replaces it) or "email" (their chat profile's email matched, and a reload keeps it).
    One account per person and platform: a second account claiming the same email is refused by
    the database itself, however many processes try at once.
    """

    __tablename__ = "chat_identity"
    __table_args__ = (
        UniqueConstraint("platform", "external_id"),
        UniqueConstraint("person_id", "platform"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(10), default="file", server_default="file")

    person: Mapped[Person] = relationship(back_populates="identities")


class Team(Keyed, Base):
    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"))
    name: Mapped[str] = mapped_column(String(200))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id"), default=None)
    audience: Mapped[str] = mapped_column(String(20), default="frontline")
    digest_schedule: Mapped[str] = mapped_column(String(20), default="mon 09:00")

    partner: Mapped[Partner | None] = relationship()
    members: Mapped[list[Person]] = relationship(
        secondary=team_members, back_populates="teams", order_by="Person.key"
    )
    channels: Mapped[list[TeamChannel]] = relationship(
        back_populates="team", cascade="all, delete-orphan"
    )


class TeamChannel(Base):
    """A team's channel on one platform (its digests go there). `source` is "file" (the
    framework file's `<platform>_channel`) or "chat" (set with "this channel is for <team>"):
    a reload keeps a chat-made channel unless the file names another one for that team."""

    __tablename__ = "team_channel"
    __table_args__ = (UniqueConstraint("team_id", "platform"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(20))
    channel_id: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(10), default="file", server_default="file")

    team: Mapped[Team] = relationship(back_populates="channels")


class Outcome(Keyed, Base):
    __tablename__ = "outcome"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"))
    title: Mapped[str] = mapped_column(String(300))
    plain: Mapped[str | None] = mapped_column(String(300), default=None)

    objectives: Mapped[list[Objective]] = relationship(
        back_populates="outcome", order_by="Objective.key"
    )


class Objective(Keyed, Base):
    __tablename__ = "objective"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"))
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id"))
    # A lower-level objective serves a higher one (research ingredient 4); its outcome is the
    # outcome of the top of its chain, kept here too so queries need no recursion.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("objective.id"), default=None)
    title: Mapped[str] = mapped_column(String(300))
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), default=None)

    outcome: Mapped[Outcome] = relationship(back_populates="objectives")
    parent: Mapped[Objective | None] = relationship(remote_side="Objective.id")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="objective", order_by="Indicator.key"
    )


class Indicator(Keyed, Base):
    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"))
    name: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    objective_id: Mapped[int | None] = mapped_column(ForeignKey("objective.id"), default=None)
    outcome_id: Mapped[int | None] = mapped_column(ForeignKey("outcome.id"), default=None)
    kind: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(20))
    improvement: Mapped[str] = mapped_column(String(20))
    frequency: Mapped[str] = mapped_column(String(20))
    target: Mapped[float | None] = mapped_column(Float, default=None)
    target_basis: Mapped[str | None] = mapped_column(String(20), default=None)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    cost_hours: Mapped[float | None] = mapped_column(Float, default=None)
    national_code: Mapped[str | None] = mapped_column(String(50), default=None)
    screen_outliers: Mapped[bool | None] = mapped_column(Boolean, default=None)
    fix_after_n_points: Mapped[int | None] = mapped_column(Integer, default=None)
    # A SQL source: the name of the environment variable holding the URL (never the URL), and
    # one SELECT returning period, value[, numerator, denominator, area, note, quality].
    source_url_env: Mapped[str | None] = mapped_column(String(100), default=None)
    source_query: Mapped[str | None] = mapped_column(Text, default=None)
    # Days after a period ends before its figure counts as late; None means the default (10).
    late_after_days: Mapped[int | None] = mapped_column(Integer, default=None)

    objective: Mapped[Objective | None] = relationship(back_populates="indicators")
    outcome: Mapped[Outcome | None] = relationship()
    owner: Mapped[Person | None] = relationship()
    teams: Mapped[list[Team]] = relationship(secondary=indicator_teams, order_by="Team.key")
    rebases: Mapped[list[Rebase]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", order_by="Rebase.date"
    )

    @property
    def top_outcome(self) -> Outcome | None:
        """The outcome this indicator serves, directly or through its objective."""
        if self.objective is not None:
            return self.objective.outcome
        return self.outcome


class Rebase(Base):
    """A recorded change point: SPC limits are recalculated from this date, for a stated reason."""

    __tablename__ = "rebase"
    __table_args__ = (UniqueConstraint("indicator_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    # "file" rebases come from the framework file, which adds and removes them; a "change"
    # rebase was confirmed in chat, with its reason, at a recorded change, and a reload keeps it.
    source: Mapped[str] = mapped_column(String(10), default="file", server_default="file")
    change_id: Mapped[int | None] = mapped_column(ForeignKey("change.id", ondelete="SET NULL"),
                                                  default=None)
    by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="rebases")


class Accountability(Keyed, Base):
    __tablename__ = "accountability"
    __table_args__ = (UniqueConstraint("partnership_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnership.id"))
    action: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    objective_id: Mapped[int | None] = mapped_column(ForeignKey("objective.id"), default=None)
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicator.id"), default=None)
    due: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(20), default="open")
    progress: Mapped[str | None] = mapped_column(Text, default=None)
    # What the framework file said at the last load, field by field (keys for references, ISO
    # dates), so a reload applies only what the file changed and never undoes a change made in
    # chat. NULL in a database from before this column: the loader derives it from the history.
    file_values: Mapped[dict[str, str | None] | None] = mapped_column(JSON, default=None)

    owner: Mapped[Person | None] = relationship()
    objective: Mapped[Objective | None] = relationship()
    indicator: Mapped[Indicator | None] = relationship()
    updates: Mapped[list[AccountabilityUpdate]] = relationship(
        back_populates="accountability",
        cascade="all, delete-orphan",
        order_by="AccountabilityUpdate.id",
    )


class AccountabilityUpdate(Base):
    """Every change to an accountability: who, when, what. Never edited, only appended."""

    __tablename__ = "accountability_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    accountability_id: Mapped[int] = mapped_column(
        ForeignKey("accountability.id", ondelete="CASCADE")
    )
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), default=None)
    source: Mapped[str] = mapped_column(String(40), default="chat")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[str | None] = mapped_column(Text, default=None)
    new: Mapped[str | None] = mapped_column(Text, default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)

    accountability: Mapped[Accountability] = relationship(back_populates="updates")
    person: Mapped[Person | None] = relationship()
