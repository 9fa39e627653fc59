"""Learning from a change: its review, the learning note, the library of what worked, and the
rebase that is done only when a person confirms it with a reason."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from handlers.request import HandlerContext, Request
from handlers.router import dispatch
from models.db import transaction
from models.framework import load_framework
from models.tables import Change, Indicator, Rebase
from tests.fakes.platforms import CHAT

RECORD = "/perf change home-91 from 2026-02-01 expect increase: Weekend reablement slots"
KEY = "weekend-reablement-slots"


def recorded(ctx: HandlerContext) -> HandlerContext:
    [card] = dispatch(ctx, Request(RECORD, person_key="amina"))
    assert card.title == f"Change recorded: {KEY}"
    return ctx


def change(ctx: HandlerContext) -> Change:
    with ctx.sessions() as session:
        return session.scalars(select(Change).where(Change.key == KEY)).one()


def test_review_shows_the_verdict_with_its_evidence(with_data: HandlerContext) -> None:
    ctx = recorded(with_data)
    [card] = dispatch(ctx, Request(f"/perf review {KEY}", person_key="amina"))
    assert card.title == "Weekend reablement slots: it worked"
    assert "Still at home 91 days after reablement: it worked: up " in card.plain_text
    assert [a.id for a in card.buttons] == ["change.note", "change.rebase"]
    # someone who may not act on it sees the review without the buttons
    [card] = dispatch(ctx, Request(f"/perf review {KEY}", person_key="ben"))
    assert card.buttons == ()
    # no key, or a wrong one: the list to choose from
    [card] = dispatch(ctx, Request("/perf review nope", person_key="amina"))
    assert "There is no change “nope”" in card.plain_text and KEY in card.plain_text


def test_the_library_finds_what_worked(with_data: HandlerContext) -> None:
    ctx = recorded(with_data)
    [card] = dispatch(ctx, Request("/perf worked weekend", person_key="ben"))
    assert card.title == "What we have learned about “weekend”"
    assert "Weekend reablement slots (from 1 Feb 2026; Riverside Council), Still at home " \
        "91 days after reablement: it worked: up" in card.plain_text
    assert "95% range" in card.plain_text
    [card] = dispatch(ctx, Request("/perf worked housing", person_key="ben"))
    assert card.title == "No changes found"


def test_a_learning_note_is_kept_and_shown(with_data: HandlerContext) -> None:
    ctx = recorded(with_data)
    [refused] = dispatch(ctx, Request(f"/perf learned {KEY}: it helped", person_key="ben"))
    assert refused.title.startswith("Only the change's owner")
    assert change(ctx).learning_note is None
    [card] = dispatch(ctx, Request(f"/perf learned {KEY}: Friday discharges now start "
                                   "the next day", person_key="amina"))
    assert card.title == f"Learning saved for {KEY}"
    assert change(ctx).learning_note == "Friday discharges now start the next day"
    [card] = dispatch(ctx, Request("/perf worked friday", person_key="ben"))
    assert "Learned: Friday discharges now start the next day" in card.plain_text


def test_a_rebase_without_a_reason_is_refused(with_data: HandlerContext) -> None:
    ctx = recorded(with_data)
    for words in (f"/perf rebase {KEY}", f"/perf rebase {KEY}:", f"/perf rebase {KEY}:   "):
        [card] = dispatch(ctx, Request(words, person_key="amina"))
        assert card.title == "A rebase needs a reason"
        assert "Nothing was changed" in card.plain_text
    assert change(ctx).rebased_at is None
    with ctx.sessions() as session:
        assert session.scalars(select(Rebase)).all() == []


def test_a_rebase_with_a_reason_is_done_recorded_and_survives_a_reload(
        with_data: HandlerContext, framework_text: str) -> None:
    ctx = recorded(with_data)
    [refused] = dispatch(ctx, Request(f"/perf rebase {KEY}: permanent", person_key="ben"))
    assert refused.title.startswith("Only the change's owner")
    reason = "The weekend slots are now part of the service for good"
    [card] = dispatch(ctx, Request(f"/perf rebase {KEY}: {reason}", person_key="amina"))
    assert card.title == "Limits recalculated from 1 Feb 2026"
    done = change(ctx)
    assert done.rebased_at is not None and done.rebase_reason == reason
    with ctx.sessions() as session:
        [rebase] = session.scalars(select(Rebase)).all()
        assert (rebase.date, rebase.reason, rebase.source, rebase.change_id) == (
            date(2026, 2, 1), reason, "change", done.id)
        assert rebase.by_person_id == done.rebased_by_id
    # the framework file knows nothing of it, and a reload must not undo a person's decision
    with transaction(ctx.sessions) as session:
        load_framework(session, framework_text, CHAT)
    with ctx.sessions() as session:
        indicator = session.scalars(select(Indicator).where(Indicator.key == "home-91")).one()
        assert [(r.date, r.source) for r in indicator.rebases] == [(date(2026, 2, 1), "change")]
    # the review no longer offers it
    [card] = dispatch(ctx, Request(f"/perf review {KEY}", person_key="amina"))
    assert [a.id for a in card.buttons] == ["change.note"]
    [again] = dispatch(ctx, Request(f"/perf rebase {KEY}: again", person_key="amina"))
    assert again.title == f"{KEY} was rebased already"
