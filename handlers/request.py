"""What every conversation receives and needs: the neutral request and the handler context.

Adapters (each chat platform, the terminal) build a Request from their own events; handlers
never see a platform payload, which is what lets one conversation serve every platform.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.orm import Session, sessionmaker

from digests.cards import Card

if TYPE_CHECKING:
    from digests.digest.maker import DigestMaker

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


@dataclass(frozen=True)
class Notice:
    """A message for someone other than the person who acted (a manager asked for help, the
    author of an idea whose status changed). Adapters deliver it through the outbox, so it is
    stored before it is sent. It names a person in the framework, a platform user, or the
    admins' channel (the performance team's, when the bot has one set up)."""

    card: Card
    person_id: int | None = None
    platform: str | None = None
    user_id: str | None = None
    admin_channel: bool = False


class NoticeStore(Protocol):
    """The outbox as a handler sees it. A handler that is about to say "I have told X" stores
    the message first, in its own transaction, so the words and the row commit together."""

    def store(self, session: Session, notices: Sequence[Notice], origin: str) -> list[Notice]:
        """Queue each notice; return those now in the outbox (`origin` names the cause)."""
        ...

    def deliver(self) -> None:
        """After the commit: send what is due now rather than at the clock's next minute."""
        ...


@dataclass
class Outcome:
    """What pressing a button or submitting a form did: the reply to the person who did it,
    messages for other people, whether anything changed, and who was told (already stored in
    the outbox), by name. One type for every press, so every adapter carries them back alike."""

    reply: Card
    notify: list[Notice] = field(default_factory=list)  # for the adapter to send
    changed: bool = False
    told: tuple[str, ...] = ()


@dataclass(frozen=True)
class HandlerContext:
    sessions: sessionmaker[Session]
    now: Callable[[], datetime]
    today: Callable[[], date]
    chart_dir: Path | None = None
    digests: DigestMaker = field(default_factory=lambda: _new_maker())
    # Who can be told something, decided by the bot from its settings: the platforms it has a
    # way of sending to, whether the admins' channel is one of them, and the outbox to store in.
    # The defaults (nothing) are honest for a context that can send nothing, such as a test.
    platforms: frozenset[str] = frozenset()
    admin_channel: bool = False
    notices: NoticeStore | None = None


def _new_maker() -> DigestMaker:
    """A maker of one's own, for a context built without one (tests); imported here because
    the maker brings in pandas, which `goldthread --help` should never pay for."""
    from digests.digest.maker import DigestMaker

    return DigestMaker()
