"""Answers say plainly when a figure is late or provisional, instead of presenting old or
uncertain data as current."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from handlers.request import HandlerContext, Request
from handlers.router import dispatch


def ask(ctx: HandlerContext, text: str, person: str = "ben") -> str:
    (card,) = dispatch(ctx, Request(text, person_key=person))
    return card.plain_text


def test_a_late_figure_is_said_to_be_late(with_data: HandlerContext) -> None:
    # home-91 runs to October; on 22 December the November figure was due on 10 December.
    later = replace(with_data, today=lambda: date(2026, 12, 22))
    text = ask(later, "how are we doing on reablement success?")
    assert "The November figure is 12 days late. The latest figure here is for Oct 2026." \
        in text
    assert "late" not in ask(with_data, "how are we doing on reablement success?")
    team = ask(later, "how is my team doing?")
    assert "Still at home 91 days after reablement: 84.5% (Oct 2026): improving" in team
    assert "(the November figure is 12 days late)" in team


def test_a_provisional_figure_is_said_to_be_provisional(with_data: HandlerContext) -> None:
    recorded = dispatch(with_data, Request(
        "/perf record home-91 86.5 for Oct 2026 provisional confirm", person_key="amina"))
    assert recorded[0].title == "Figure recorded"
    (card,) = dispatch(with_data, Request("how are we doing on reablement success?"))
    assert "The Oct 2026 figure is provisional and may be revised (a hollow point on the " \
           "chart)." in card.plain_text
    assert card.image is not None and "Provisional figures, drawn hollow: Oct 2026." in \
        card.image.alt
