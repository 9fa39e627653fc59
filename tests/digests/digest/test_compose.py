"""Digests composed from the demo partnership: what each audience reads, and how it reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from bot.app import AppContext
from digests.cards import Digest
from models import queries

TODAY = date(2026, 11, 27)
VERDICTS = ("improving", "getting worse", "no real change", "changed", "too early to tell")


def digest_of(app: AppContext, team: str, audience: str, day: date = TODAY) -> Digest:
    with app.sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        return app.maker.digest(session, partnership, team, audience, day)


def as_sentences(text: str) -> str:
    """Each line of a chat message reads as its own sentence (a heading, a bullet); textstat
    only knows sentences by their punctuation, so end each line with a full stop."""
    lines = [line.strip().removeprefix("• ") for line in text.splitlines() if line.strip()]
    return " ".join(line if line[-1] in ".?!" else line + "." for line in lines)


def titles(digest: Digest) -> list[str]:
    return [c.title for c in digest.cards]


def words(digest: Digest) -> int:
    return len(digest.plain_text.split())


@pytest.mark.parametrize("team", ["reablement", "discharge", "housing-options", "connectors",
                                  "urgent-care", "tenancy"])
def test_frontline_is_short_plain_and_complete(
    demo_app: AppContext, team: str, reading_ease: Callable[[str], float]
) -> None:
    digest = digest_of(demo_app, team, "frontline")
    assert titles(digest)[0] == "How we are doing"
    assert words(digest) < 200, digest.plain_text
    assert reading_ease(as_sentences(digest.plain_text)) >= 60
    measures = digest.cards[0]
    assert measures.image is not None and measures.image.alt.startswith("Charts of")
    # one sentence per outcome (the heading), then its measures, each with a verdict
    assert all(section.heading for section in measures.sections)
    lines = [line for s in measures.sections for line in s.plain_text.splitlines()]
    assert lines and all(any(v in line for v in VERDICTS) for line in lines)
    # Frontline staff are not shown limits, assurance or the manager's to-do lists.
    text = digest.plain_text
    assert "Usual range" not in text and "New ideas to look at" not in titles(digest)


def test_frontline_reablement_story(demo_app: AppContext) -> None:
    digest = digest_of(demo_app, "reablement", "frontline")
    text = digest.plain_text
    assert "Still at home 91 days after reablement: 85.3% (Oct), improving" in text
    assert "Days from referral to care package start: 16.6 days" in text
    assert "getting worse" in text
    assert "You said, we did" in titles(digest)
    assert "Actions due" in titles(digest)
    assert "Can we help?" in text
    # what is expected of the team includes its overdue actions, framed without blame
    assert "still open: a new date is being agreed" in text
    assert "was due" not in text


def test_nothing_is_called_a_trend_unless_the_rules_say_so(demo_app: AppContext) -> None:
    for team in ("reablement", "discharge", "leadership", "hwb"):
        for audience in ("frontline", "manager", "member"):
            text = digest_of(demo_app, team, audience).plain_text.lower()
            assert "trend" not in text
            assert "rising for" not in text or "getting worse" in text


def test_manager_adds_limits_assurance_ideas_changes_and_late_data(
    demo_app: AppContext
) -> None:
    digest = digest_of(demo_app, "leadership", "manager")
    text = digest.plain_text
    assert "Usual range 66.1% to 75.1%. Target 78%: will not meet the target without a " \
        "change." in text
    assert "Actions due and overdue" in titles(digest)
    assert "Changes awaiting review" in titles(digest)
    # a figure two months old is late for a monthly measure
    late = digest_of(demo_app, "leadership", "manager", date(2027, 1, 11))
    assert "Data that is late" in titles(late)


def test_member_digest_is_the_partnership_picture(demo_app: AppContext) -> None:
    digest = digest_of(demo_app, "hwb", "member")
    assert titles(digest)[0] == "At a glance"
    glance = digest.cards[0]
    with demo_app.sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        names = [i.name for i in queries.indicators(session, partnership.id)]
    assert sorted(f.label for f in glance.facts) == sorted(names)  # one row per indicator
    attention = next(c for c in digest.cards if c.title == "Needs attention")
    flagged = attention.sections[0].plain_text
    assert "A&E patients seen within 4 hours" in flagged  # fails its target
    assert "Days from referral to care package start" in flagged  # getting worse
    assert "Still at home 91 days" not in flagged  # improving is not an exception
    assert "What changed and what worked" in titles(digest)
    compare = next(c for c in digest.cards if c.title == "How we compare")
    assert "similar areas" in compare.plain_text
    cost = next(c for c in digest.cards if c.title == "Cost of measurement")
    assert "staff hours a month" in cost.plain_text


def test_a_leaders_note_travels_once(demo_app: AppContext) -> None:
    from handlers.request import Request
    from handlers.router import dispatch

    ctx = demo_app.handler_context()
    note = "/perf note Thank you for covering the weekend"
    reply = dispatch(ctx, Request(note, person_key="amina"))
    assert reply[0].title == "Your note is saved"
    digest = digest_of(demo_app, "leadership", "manager")
    assert digest.cards[0].title == "A word from Amina Shah"
    assert digest.cards[0].plain_text.endswith("Thank you for covering the weekend")
    refused = dispatch(ctx, Request("/perf note hello", person_key="ben"))
    assert refused[0].title == "Only a team's manager can add a note"


def test_empty_sections_are_left_out(demo_app: AppContext) -> None:
    for audience in ("frontline", "manager", "member"):
        for card in digest_of(demo_app, "tenancy", audience).cards:
            assert card.sections or card.facts or card.image, card.title
            for section in card.sections:
                assert section.plain_text.strip(), card.title


def test_fit_shortens_lists_and_says_how_many_are_left_out() -> None:
    from digests.cards import Card, Section, bullet_section
    from digests.digest.compose import _fit

    long = Digest("Team, week of 23 Nov 2026", (
        Card("How we are doing", sections=(Section.of("Twenty words " * 10),)),
        Card("Actions due", sections=(bullet_section(
            f"Action number {n} with quite a few words in it" for n in range(12)),)),
    ))
    fitted = _fit(long, 60)
    assert len(fitted.plain_text.split()) <= 60
    lines = fitted.cards[1].sections[0].plain_text.splitlines()
    # named, not a bare "and 9 more" (issue 11, item 8; this assertion used to expect that)
    assert lines[-1] == f"• and {12 - (len(lines) - 1)} more actions"
    assert fitted.cards[0] == long.cards[0]


def test_ideas_are_cut_at_a_word_with_an_ellipsis() -> None:
    from digests.digest.compose import _short

    said = "Could we text people the name of their reablement worker the day before"
    cut = _short(said, 60)
    assert cut == "Could we text people the name of their reablement worker…"
    assert said.startswith(cut.removesuffix("…")) and len(cut) <= 60
