"""Reminders: when they come, how they read, and who may press which button."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from rich.console import Console
from sqlalchemy import select

from bot.delivery.notices import NoticeSender
from bot.delivery.outbox import Outbox
from bot.terminal.transport import TerminalTransport
from handlers.action_presses import press
from handlers.nudges import (
    first_working_day_after,
    nudges_due,
    reminder_reason,
    working_days_before,
)
from handlers.request import HandlerContext, Request
from models import queries
from models.tables import Accountability, Delivery
from tests.fakes.platforms import PLATFORMS

DUE = date(2026, 12, 1)  # a Tuesday: extra-slots, owned by amina


def test_working_days() -> None:
    assert working_days_before(date(2026, 12, 1), 2) == date(2026, 11, 27)  # Tue -> Fri
    assert first_working_day_after(date(2026, 12, 4)) == date(2026, 12, 7)  # Fri -> Mon


@pytest.mark.parametrize(("today", "reason"), [
    (date(2026, 11, 26), None),
    (date(2026, 11, 27), "coming up"),
    (date(2026, 12, 1), None),
    (date(2026, 12, 2), "date passed"),
    (date(2026, 12, 3), None),
    (date(2026, 12, 9), "still open"),
    (date(2026, 12, 16), "still open"),
])
def test_when_reminders_come(today: date, reason: str | None) -> None:
    assert reminder_reason(DUE, today) == reason


def test_one_bundled_kind_message_per_person(ctx: HandlerContext) -> None:
    with ctx.sessions() as session:
        pid = queries.current_partnership(session).id  # type: ignore[union-attr]
        assert nudges_due(session, pid, date(2026, 11, 26)) == []
        coming = nudges_due(session, pid, date(2026, 11, 27))
        assert [n.person_name for n in coming] == ["Amina Shah"]
        assert coming[0].card.title == "Coming up"
        passed = nudges_due(session, pid, date(2026, 12, 2))
        card = passed[0].card
    assert card.title == "Can we help?"
    text = card.plain_text
    assert "Open ten extra reablement slots at weekends (Amina Shah, was due 1 Dec 2026)" in text
    assert not any(w in text.lower() for w in ("late", "failed", "overdue", "missed"))
    assert [a.label for a in card.buttons] == [
        "Done", "Update progress", "New date", "Blocked: ask for help"]


def action_id(ctx: HandlerContext, key: str) -> int:
    with ctx.sessions() as session:
        return session.scalars(select(Accountability.id).where(Accountability.key == key)).one()


@pytest.mark.parametrize(("who", "allowed"), [
    ("amina", True),       # owner
    ("pat", True),         # admin
    ("ben", False),        # staff in the team, not the owner
    ("cllr-jones", False),  # member
    (None, False),         # not in the framework
])
def test_permission_matrix_for_actions(ctx: HandlerContext, who: str | None,
                                       allowed: bool) -> None:
    target = action_id(ctx, "extra-slots")
    request = Request("", person_key=who) if who else Request("", platform="slack",
                                                               user_id="U0STRANGER")
    outcome = press(ctx, request, "action.done", target)
    assert outcome.changed is allowed
    with ctx.sessions() as session:
        action = session.get(Accountability, target)
        assert action is not None
        assert (action.status == "done") is allowed
        updates = [(u.field, u.person.key if u.person else None) for u in action.updates]
    assert (("status", who) in updates) is allowed


def test_manager_may_change_a_team_members_action(ctx: HandlerContext) -> None:
    outcome = press(ctx, Request("", person_key="amina"), "action.new_date",
                    action_id(ctx, "rota"), "2026-12-18")
    assert outcome.changed and outcome.reply.title == "New date set"


def test_each_press_is_recorded_with_who_and_when(ctx: HandlerContext) -> None:
    target = action_id(ctx, "extra-slots")
    amina = Request("", person_key="amina")
    assert press(ctx, amina, "action.progress", target, "Two of ten slots open").changed
    assert press(ctx, amina, "action.new_date", target, "2026-12-15").changed
    bad = press(ctx, amina, "action.new_date", target, "next week")
    assert not bad.changed and "YYYY-MM-DD" in bad.reply.plain_text
    past = press(ctx, amina, "action.new_date", target, "2026-01-01")
    assert not past.changed
    with ctx.sessions() as session:
        action = session.get(Accountability, target)
        assert action is not None
        assert action.due == date(2026, 12, 15) and action.progress == "Two of ten slots open"
        history = [(u.field, u.old, u.new, u.person.key if u.person else None)
                   for u in action.updates][1:]
        assert all(u.at is not None for u in action.updates)
    assert history == [("progress", None, "Two of ten slots open", "amina"),
                       ("due", "2026-12-01", "2026-12-15", "amina")]


def test_blocked_tells_the_manager(ctx: HandlerContext) -> None:
    # The request for help is stored in the outbox by the press itself (before the reply says
    # so), not handed back for the adapter to store after the reply has gone.
    terminal = TerminalTransport(Console(file=io.StringIO()), "slack")
    outbox = Outbox(ctx.sessions, {"slack": terminal})
    notices = NoticeSender(ctx.sessions, outbox, PLATFORMS)
    later = replace(ctx, today=lambda: date(2026, 12, 2), platforms=notices.platforms,
                    notices=notices)
    outcome = press(later, Request("", person_key="ben"), "action.blocked",
                    action_id(ctx, "rota"), "Waiting for the trust's rota")
    assert outcome.changed
    with ctx.sessions() as session:
        rows = session.scalars(select(Delivery)).all()
        assert [(r.target, r.kind, r.status) for r in rows] == [("U0AMINA", "dm", "sent")]
        assert "Someone has asked for help" in str(rows[0].payload["blocks"])
        assert "Waiting for the trust's rota" in str(rows[0].payload["text"])
    assert "I have told Amina Shah" in outcome.reply.plain_text
