"""Digests say when data is late; the member digest lists late data by partner."""

from __future__ import annotations

from datetime import date

from bot.app import AppContext
from digests.cards import Digest
from models import queries

JANUARY = date(2027, 1, 11)  # the demo's figures run to November 2026


def digest_of(app: AppContext, team: str, audience: str, day: date) -> Digest:
    with app.sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        return app.maker.digest(session, partnership, team, audience, day)


def test_the_member_digest_lists_late_data_by_partner(demo_app: AppContext) -> None:
    digest = digest_of(demo_app, "hwb", "member", JANUARY)
    late = next(c for c in digest.cards if c.title == "Data that is late, by partner")
    headings = [s.heading for s in late.sections]
    assert headings == sorted(headings) and all(headings)
    with demo_app.sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        owners = {i.name: i.owner.partner.name
                  for i in queries.indicators(session, partnership.id)
                  if i.owner and i.owner.partner}
    lines = 0
    for section in late.sections:
        for line in section.plain_text.splitlines():
            name = next(n for n in owners if line.startswith(f"• {n}: "))
            assert owners[name] == section.heading, line
            lines += 1
    assert lines == len(owners)  # every measure is late in January: none is left out
    assert "Still at home 91 days after reablement: 2 figures are late, from November on " \
           "(32 days for the first). Owner: Amina Shah." in late.plain_text
    assert "Data that is late, by partner" not in [
        c.title for c in digest_of(demo_app, "hwb", "member", date(2026, 11, 27)).cards]


def test_measure_lines_say_a_figure_is_late(demo_app: AppContext) -> None:
    text = digest_of(demo_app, "reablement", "frontline", JANUARY).plain_text
    assert "Still at home 91 days after reablement: 85.3% (Oct), improving. 2 figures are " \
           "late, from November on (32 days for the first)." in text
