""""How do we compare on X" with the funnel, "/perf national ASCOF", and counting what is
asked about (the use half of the cost of measurement)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.app import AppContext
from handlers.intents import read
from handlers.request import HandlerContext, Request
from handlers.router import dispatch
from models.tables import Indicator, IndicatorUsage

TODAY = date(2026, 11, 27)


def demo_ctx(app: AppContext) -> HandlerContext:
    from dataclasses import replace

    return replace(app.handler_context(), today=lambda: TODAY)


def test_compare_is_read_from_the_words() -> None:
    for words in ("how do we compare on reablement", "How do we compare with A&E?",
                  "/perf compare reablement"):
        intent = read(words)
        assert intent.kind == "compare" and intent.shareable, words
    assert read("how do we compare on reablement").text == "reablement"
    assert read("/perf worked weekend").kind == "worked"
    assert read("/perf national ASCOF").text == "ASCOF"
    assert read("how are we doing on reablement").kind == "ask"


def test_how_do_we_compare_gives_rank_quartile_and_the_funnel(demo_app: AppContext) -> None:
    ctx = demo_ctx(demo_app)
    [card] = dispatch(ctx, Request("how do we compare on reablement success",
                                   person_key="amina"))
    assert card.title == "How we compare: Still at home 91 days after reablement"
    assert "1st of 6, best first (top quarter)" in card.plain_text
    assert "within what chance alone gives an area of this size" in card.plain_text
    facts = {f.label: f.value for f in card.facts}
    assert "Peer average" in facts and set(facts) >= {"Northvale", "Eastmere", "Westbrook"}
    assert card.image is not None and card.image.alt.startswith("Funnel plot of Still at home")
    [card] = dispatch(ctx, Request("how do we compare", person_key="amina"))
    assert card.title == "Compare which measure?"


def test_national_framework_lists_our_measures_with_verdicts(demo_app: AppContext) -> None:
    ctx = demo_ctx(demo_app)
    [card] = dispatch(ctx, Request("/perf national ascof", person_key="amina"))
    assert card.title == "Our measures in ASCOF"
    lines = card.plain_text.splitlines()[1:]
    assert [line.split(":")[0] for line in lines] == ["• ASCOF 2B", "• ASCOF 3B",
                                                     "• ASCOF 3D(1)"]
    assert "Still at home 91 days after reablement: 85.3% (Oct 2026), improving" in lines[0]
    [card] = dispatch(ctx, Request("/perf national ASC", person_key="amina"))  # not a prefix
    assert card.title == "National frameworks" and "No measure maps to “ASC”" in card.plain_text
    assert "ASCOF: 3 measures" in card.plain_text


def test_asking_about_an_indicator_is_counted(with_data: HandlerContext) -> None:
    for _ in range(2):
        dispatch(with_data, Request("how are we doing on reablement success"))
    dispatch(with_data, Request("what's overdue?"))
    with with_data.sessions() as session:
        rows = session.execute(select(Indicator.key, IndicatorUsage.day, IndicatorUsage.kind,
                                      IndicatorUsage.count).join(Indicator)).all()
    assert [tuple(r) for r in rows] == [("home-91", TODAY, "asked", 2)]
