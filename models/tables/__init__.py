"""Every ORM class in one namespace, so callers need one import and Alembic sees all tables.

The tables live by concept: framework (the golden thread from the file), measurements, ideas,
changes, delivery (subscriptions, the outbox, chart images, seen events), notes, sources
(every pull of a SQL source) and conversations (where to reach a chat later, and what it
remembers between two messages).
"""

from models.base import Base
from models.tables.changes import Change, ChangeEvaluation, IndicatorUsage, change_indicators
from models.tables.conversations import ConversationReference, ConversationState
from models.tables.delivery import ChartImage, Delivery, SeenEvent, Subscription
from models.tables.framework import (
    Accountability,
    AccountabilityUpdate,
    ChatIdentity,
    Indicator,
    Objective,
    Outcome,
    Partner,
    Partnership,
    Person,
    Rebase,
    Team,
    TeamChannel,
    indicator_teams,
    team_members,
)
from models.tables.ideas import Suggestion, SuggestionStatusChange
from models.tables.measurements import (
    Benchmark,
    KeptStatus,
    Measurement,
    MeasurementRevision,
)
from models.tables.notes import DigestNote
from models.tables.sources import SourceRun

__all__ = [
    "Accountability",
    "AccountabilityUpdate",
    "Base",
    "Benchmark",
    "Change",
    "ChangeEvaluation",
    "ChartImage",
    "ChatIdentity",
    "ConversationReference",
    "ConversationState",
    "Delivery",
    "DigestNote",
    "Indicator",
    "IndicatorUsage",
    "KeptStatus",
    "Measurement",
    "MeasurementRevision",
    "Objective",
    "Outcome",
    "Partner",
    "Partnership",
    "Person",
    "Rebase",
    "SeenEvent",
    "SourceRun",
    "Subscription",
    "Suggestion",
    "SuggestionStatusChange",
    "Team",
    "TeamChannel",
    "change_indicators",
    "indicator_teams",
    "team_members",
]
