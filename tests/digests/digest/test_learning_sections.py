"""The learning and challenge sections of the demo's digests: true verdicts on its changes,
peer position with rank, quartile and the funnel, national frameworks, the shared picture of
partners' actions and the cost of measuring."""

from __future__ import annotations

from bot.app import AppContext
from digests.cards import Card, Digest
from tests.digests.digest.test_compose import digest_of, titles


def card(digest: Digest, title: str) -> Card:
    return next(c for c in digest.cards if c.title == title)


def test_the_demos_changes_get_their_true_verdicts(demo_app: AppContext) -> None:
    """The weekend reablement change is nine months old and its indicator plainly stepped up:
    it worked. Link workers made no difference; the directory is three weeks old."""
    text = card(digest_of(demo_app, "hwb", "member"), "What changed and what worked").plain_text
    assert "too soon to judge; under review" not in text
    lines = {line.split(" (from")[0].removeprefix("• "): line for line in text.splitlines()
             if line.startswith("• ")}
    assert ": it worked: Still at home 91 days after reablement up 4.6 points (95% range " \
        "+3.6 to +5.6)." in lines["Weekend reablement slots"]
    assert ": no clear effect yet" in lines["A link worker in every GP practice"]
    assert lines["New online directory of support"].endswith(": too soon to judge.")
    # what worked is listed first
    assert text.splitlines()[1].startswith("• Weekend reablement slots")


def test_managers_see_what_worked_and_what_awaits_review(demo_app: AppContext) -> None:
    digest = digest_of(demo_app, "leadership", "manager")
    assert "Weekend reablement slots" in card(digest, "What worked").plain_text
    waiting = card(digest, "Changes awaiting review").plain_text
    assert "Weekend reablement slots" in waiting and "it worked; add what you learned" in waiting
    # a team whose measures no change touches has neither card
    assert "What worked" not in titles(digest_of(demo_app, "tenancy", "manager"))


def test_peer_position_is_rank_quartile_and_funnel(demo_app: AppContext) -> None:
    text = card(digest_of(demo_app, "hwb", "member"), "How we compare").plain_text
    home = next(line for line in text.splitlines() if "Still at home 91 days" in line)
    assert "1st of 6, best first (top quarter)" in home
    # top of the table, but within what chance gives an area of its size
    assert "within what chance alone gives an area of this size" in home
    assert "similar areas" in home


def test_national_frameworks_and_the_shared_picture(demo_app: AppContext) -> None:
    digest = digest_of(demo_app, "hwb", "member")
    national = card(digest, "How local outcomes meet national ones")
    assert "ASCOF" in [s.heading for s in national.sections]
    assert "ASCOF 2B: Still at home 91 days after reablement: 85.3% (Oct 2026), improving" \
        in national.plain_text
    together = card(digest, "Working together")
    assert "not ranked" in together.plain_text
    rows = together.sections[1].plain_text.splitlines()
    assert rows == sorted(rows)  # by name, never by performance
    assert all(" on time, " in r and " late, " in r and " blocked, " in r for r in rows)


def test_cost_of_measurement_in_a_month_and_a_year(demo_app: AppContext) -> None:
    text = card(digest_of(demo_app, "hwb", "member"), "Cost of measurement").plain_text
    assert "staff hours a month" in text and "a year)" in text
