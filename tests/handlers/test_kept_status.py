"""An answer from a kept status is the answer an analysis gives, in every new process, and a
revised figure is never answered from the old analysis (issue 9's start-up work)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update

from digests.cards import Card
from digests.digest.maker import DigestMaker
from handlers.indicators import keep_statuses, status_of
from handlers.request import HandlerContext, Request
from handlers.router import dispatch
from models import queries
from models.chart_store import ChartStore
from models.db import transaction
from models.status_store import StatusStore
from models.tables import Indicator, KeptStatus, Measurement

QUESTION = "how are we doing on delayed discharges"


def new_process(ctx: HandlerContext) -> HandlerContext:
    """What a new `goldthread ask` has: nothing in memory, the database's shelves."""
    return replace(ctx, digests=DigestMaker(shelf=ChartStore(ctx.sessions),
                                            status_shelf=StatusStore(ctx.sessions)))


def answer(ctx: HandlerContext) -> Card:
    cards = dispatch(ctx, Request(QUESTION, person_key="amina"))
    assert len(cards) == 1
    return cards[0]


def no_series(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the measurements were read although the kept status matched")


def test_a_new_process_answers_from_the_kept_status(
        with_data: HandlerContext, monkeypatch: pytest.MonkeyPatch) -> None:
    first = answer(new_process(with_data))
    assert "No real change." in first.plain_text and first.image is not None
    with with_data.sessions() as session:
        assert session.scalar(select(func.count()).select_from(KeptStatus)) == 1
    with monkeypatch.context() as patched:
        patched.setattr(queries, "measurements", no_series)
        again = answer(new_process(with_data))
    assert again.plain_text == first.plain_text
    assert again.facts == first.facts and again.sections == first.sections
    assert again.image is not None and again.image.png == first.image.png


def test_a_revised_figure_is_analysed_again(with_data: HandlerContext) -> None:
    before = answer(new_process(with_data))
    with transaction(with_data.sessions) as session:
        indicator = session.scalars(select(Indicator).where(
            Indicator.key == "delayed-discharges")).one()
        latest = session.scalars(select(Measurement).where(
            Measurement.indicator_id == indicator.id)
            .order_by(Measurement.period.desc())).first()
        assert latest is not None
        session.execute(update(Measurement).where(Measurement.id == latest.id).values(
            value=99.0, updated_at=datetime(2026, 11, 30, 9, 0, tzinfo=UTC)))
    after = answer(new_process(with_data))
    latest_fact = next(f.value for f in after.facts if f.label == "Latest")
    assert latest_fact.startswith("99 ") and after.plain_text != before.plain_text
    with with_data.sessions() as session:  # replaced, not added beside the old one
        assert session.scalar(select(func.count()).select_from(KeptStatus)) == 1


def test_keeping_every_status_once_answers_without_analysing(
        with_data: HandlerContext, monkeypatch: pytest.MonkeyPatch) -> None:
    with with_data.sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        active = len(queries.indicators(session, partnership.id))
    assert keep_statuses(new_process(with_data)) == active
    with with_data.sessions() as session:
        assert session.scalar(select(func.count()).select_from(KeptStatus)) == active
    monkeypatch.setattr(queries, "measurements", no_series)
    later = new_process(with_data)
    with later.sessions() as session:
        assert partnership is not None
        statuses = [status_of(later, session, i)
                    for i in queries.indicators(session, partnership.id)]
    assert all(s.result is None for s in statuses)
    assert {s.spec.key for s in statuses if s.verdict} == {"home-91", "delayed-discharges"}


def test_a_damaged_kept_status_is_analysed_again(with_data: HandlerContext) -> None:
    first = answer(new_process(with_data))
    with transaction(with_data.sessions) as session:
        session.execute(update(KeptStatus).values(body="{not json"))
    again = answer(new_process(with_data))
    assert again.plain_text == first.plain_text
