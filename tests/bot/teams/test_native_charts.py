"""Digest charts in Teams as native Adaptive Card `Chart.Line` elements, each with a fallback
(the PNG, or its line of words) for clients that draw no charts (iOS), within the 80 KB budget:
over it, the native charts go first, then the image, and the words stay."""

from __future__ import annotations

import os
from datetime import date, timedelta

from bot.services import make_outbox
from bot.teams.render import LEFT_OUT, MAX_BYTES, adaptive_card, card_size
from bot.teams.validate import validate_adaptive_card
from digests.cards import Card, Digest, Image, Section, Series
from digests.charts.series import POINTS, series_of
from digests.spc import analyse
from tests.bot.teams.conftest import TeamsBot
from tests.bot.teams.test_delivery import MONDAY, add_to_channel, queue_digest

# Weekly delayed discharges, a realistic (synthetic) series: about 40, falling to the low 30s.
WEEKS = [date(2026, 3, 2) + timedelta(weeks=n) for n in range(30)]
COUNTS = [42, 39, 44, 41, 38, 43, 40, 45, 41, 39, 42, 44, 40, 38, 41, 43, 39, 36, 34, 33,
          35, 32, 34, 31, 33, 30, 32, 34, 31, 33]


def delayed(name: str = "Delayed discharges") -> Series:
    result = analyse(WEEKS, COUNTS, improvement="decrease")
    return series_of(result, name=name, unit="count", frequency="week",
                     words=f"{name}: fewer than before, 33 in the latest week.")


def chart_card(png_bytes: int, series: tuple[Series, ...]) -> Card:
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(png_bytes)
    return Card(title="How the indicators are doing", sections=(Section.of("Two of four."),),
                image=Image(png=png, alt="Charts of the indicators, in words.", series=series))


def charts_in(card: dict) -> list[dict]:  # type: ignore[type-arg]
    found: list[dict] = []  # type: ignore[type-arg]

    def walk(items: list[dict]) -> None:  # type: ignore[type-arg]
        for item in items:
            if item["type"] == "Container":
                walk(item["items"])
            elif item["type"].startswith("Chart."):
                found.append(item)
    walk(card["body"])
    return found


def test_each_series_is_a_native_line_chart_with_a_fallback() -> None:
    card = adaptive_card(chart_card(2_000, (delayed(), delayed("Still at home at 91 days"))))
    assert validate_adaptive_card(card) == []
    first, second = charts_in(card)
    assert first["type"] == "Chart.Line" and first["title"] == "Delayed discharges"
    legends = [line["legend"] for line in first["data"]]
    assert legends[:2] == ["Delayed discharges", "Average"]
    assert {"Upper limit", "Lower limit"} <= set(legends)
    values = first["data"][0]["values"]
    assert len(values) == POINTS and values[-1] == {"x": values[-1]["x"], "y": 33.0}
    assert [v["y"] for v in values] == [float(c) for c in COUNTS[-POINTS:]]
    # The first chart stands in for the PNG of all panels; the others for their own words.
    assert first["fallback"]["type"] == "Image"
    assert first["fallback"]["url"].startswith("data:image/png;base64,")
    assert second["fallback"] == {"type": "TextBlock", "text": "Still at home at 91 days: "
                                  "fewer than before, 33 in the latest week.", "wrap": True,
                                  "isSubtle": True, "size": "Small"}
    # On desktop the PNG is not shown twice: it lives only in the first chart's fallback.
    assert not [i for i in card["body"] if i["type"] == "Image"]
    assert card_size(card) <= MAX_BYTES


def test_a_card_without_series_keeps_its_plain_image() -> None:
    card = adaptive_card(chart_card(2_000, ()))
    assert charts_in(card) == [] and [i["type"] for i in card["body"]].count("Image") == 1


def test_over_budget_the_native_charts_go_first_and_the_image_stays() -> None:
    many = tuple(delayed(f"Indicator {n}") for n in range(8))
    with_charts = chart_card(45_000, many)
    card = adaptive_card(with_charts, max_bytes=10**9)
    assert card_size(card) > MAX_BYTES  # charts and image together are over
    fitted = adaptive_card(with_charts)
    assert card_size(fitted) <= MAX_BYTES
    assert charts_in(fitted) == []
    [image] = [i for i in fitted["body"] if i["type"] == "Image"]
    assert image["url"].startswith("data:image/png;base64,")
    assert LEFT_OUT not in str(fitted)  # nothing a reader loses: the chart is still there


def test_then_the_image_goes_and_the_words_stay() -> None:
    fitted = adaptive_card(chart_card(70_000, (delayed(),)))
    assert card_size(fitted) <= MAX_BYTES
    assert charts_in(fitted) == [] and "data:image" not in str(fitted)
    assert "Charts of the indicators, in words." in str(fitted)


def test_a_proactive_digest_carries_native_charts_with_the_stored_png(teams_bot: TeamsBot
                                                                       ) -> None:
    add_to_channel(teams_bot)
    digest = Digest(title="Reablement Team: this week",
                    cards=(chart_card(5_000, (delayed(),)),))
    queue_digest(teams_bot, digest)
    assert make_outbox(teams_bot.app).deliver_due(MONDAY).sent == 1
    [card] = teams_bot.fake.calls("send")[0].cards()
    assert validate_adaptive_card(card) == []
    [chart] = charts_in(card)
    assert chart["fallback"]["url"].startswith("data:image/png;base64,")  # filled at send
    assert card_size(card) <= MAX_BYTES
