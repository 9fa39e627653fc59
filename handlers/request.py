"""What every conversation receives and needs: the neutral request and the handler context.

Adapters (Slack, Teams, the terminal) build a Request from their own events; handlers never see a
platform payload, which is what lets one conversation serve every platform.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from digests.cards import Card
from digests.maker import DigestMaker

# Longer than anyone types in chat; long enough for a thoughtful suggestion.
MAX_TEXT = 3000


@dataclass(frozen=True)
class Request:
    """One thing a person said or pressed, already stripped of platform detail."""

    text: str
    platform: str = "shell"
    user_id: str | None = None  # the platform's id for the person, if any
    person_key: str | None = None  # the framework id, when the adapter already knows it
    channel: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Notice:
    """A message for someone other than the person who acted (a manager asked for help, the
    author of an idea whose status changed). Adapters deliver it through the outbox, so it is
    stored before it is sent. It names a person in the framework, or a platform user."""

    card: Card
    person_id: int | None = None
    platform: str | None = None
    user_id: str | None = None


@dataclass(frozen=True)
class SpcDefaults:
    """Partnership-wide SPC settings; an indicator's own settings override them."""

    screen_outliers: bool = True
    fix_after_n_points: int | None = None


@dataclass(frozen=True)
class HandlerContext:
    sessions: sessionmaker[Session]
    now: Callable[[], datetime]
    today: Callable[[], date]
    spc: SpcDefaults = field(default_factory=SpcDefaults)
    chart_dir: Path | None = None
    digests: DigestMaker = field(default_factory=DigestMaker)
