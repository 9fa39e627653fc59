"""Adaptive Card 1.5 rendering: structure, markdown escaping, the size budget, the validator."""

from __future__ import annotations

import base64
import os
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.teams.render import (
    LEFT_OUT,
    MAX_BYTES,
    SCHEMA,
    adaptive_card,
    card_size,
    escape_markdown,
    section_markdown,
)
from bot.teams.validate import validate_adaptive_card
from digests.cards import Button, Card, Digest, Fact, Image, Section, Span

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ALT = "Chart of 24 months: no real change, between 78% and 88%."


def sample_card(**changes: Any) -> Card:
    fields: dict[str, Any] = {
        "title": "Still at home 91 days after reablement",
        "sections": (
            Section.of("Latest ", Span("83.2%", emphasis=True), " in October.\n",
                       Span("How we measure", link="https://example.org/a_(b)"),
                       heading="How we are doing"),
        ),
        "facts": (Fact("Latest", "83.2% (Oct 2026)"),),
        "image": Image(PNG, alt=ALT),
        "buttons": (Button("ask", "Tell me more", "indicator:home-91", "primary"),
                    Button("nudge:done", "Done", "42", "danger")),
        "footer": "Data from the council's case system.",
    }
    fields.update(changes)
    return Card(**fields)


def elements(card: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            found.append(item)
            walk(item.get("items", []))

    walk(card["body"])
    return found


def test_card_is_adaptive_card_1_5_with_every_part() -> None:
    card = adaptive_card(sample_card())
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert card["$schema"] == SCHEMA
    title, heading, text, facts, image, alt, footer = card["body"]
    assert title == {"type": "TextBlock", "text": "Still at home 91 days after reablement",
                     "wrap": True, "size": "Large", "weight": "Bolder"}
    assert heading["text"] == "How we are doing" and heading["weight"] == "Bolder"
    assert text["wrap"] is True
    assert text["text"] == ("Latest **83.2%** in October.\n\n"
                            "[How we measure](https://example.org/a_%28b%29)")
    assert facts == {"type": "FactSet", "facts": [{"title": "Latest",
                                                   "value": "83.2% \\(Oct 2026\\)"}]}
    assert image["type"] == "Image" and image["altText"] == ALT
    assert base64.b64decode(image["url"].removeprefix("data:image/png;base64,")) == PNG
    assert alt["text"].startswith("Chart: ") and "no real change" in alt["text"]
    assert footer["isSubtle"] is True
    assert card["actions"][0] == {"type": "Action.Execute", "title": "Tell me more",
                                  "verb": "ask", "data": {"value": "indicator:home-91"},
                                  "style": "positive"}
    assert card["actions"][1]["style"] == "destructive"
    assert validate_adaptive_card(card) == []


def test_hosted_image_url_replaces_the_inline_png() -> None:
    card = adaptive_card(sample_card(), image_url="https://charts.example/c.png")
    image = next(e for e in elements(card) if e["type"] == "Image")
    assert image["url"] == "https://charts.example/c.png"


def test_user_text_is_escaped_so_it_renders_literally() -> None:
    hostile = "*bold* _it_ [click](http://evil.example) # `code` ~x~ {{DATE(x)}} \\"
    assert escape_markdown(hostile) == (
        "\\*bold\\* \\_it\\_ \\[click\\]\\(http://evil.example\\) \\# \\`code\\` "
        "\\~x\\~ \\{\\{DATE\\(x\\)\\}\\} \\\\")
    assert escape_markdown("- not a list\n1. nor this\n> nor a quote") == (
        "\\- not a list\n1\\. nor this\n\\> nor a quote")
    card = adaptive_card(Card(hostile, sections=(Section.of(hostile, heading=hostile),),
                              facts=(Fact(hostile, hostile),), footer=hostile))
    for element in elements(card):
        for text in [element.get("text", "")] + [
                v for f in element.get("facts", []) for v in f.values()]:
            assert re.search(r"(?<!\\)[\[\]()*_#`]", text) is None, text


def test_links_only_for_http_and_emphasis_per_line() -> None:
    text = section_markdown(Section.of(Span("bad", link="javascript:alert(1)"), " ",
                                       Span("a\nb", emphasis=True)))
    assert text == "bad **a**\n\n**b**"


def test_digest_has_a_container_per_card_with_its_own_buttons_and_chart() -> None:
    digest = Digest("Weekly", (sample_card(), sample_card(title="Second", image=None)))
    card = adaptive_card(digest, image_urls={0: "https://charts.example/0.png"})
    title, first, second = card["body"]
    assert title["text"] == "Weekly" and card["actions"] == []
    assert first["type"] == "Container" and first["items"][0]["text"] == sample_card().title
    assert first["items"][-1]["type"] == "ActionSet"
    assert any(i.get("url") == "https://charts.example/0.png" for i in first["items"])
    assert second["items"][0]["text"] == "Second"
    assert validate_adaptive_card(card) == []


def test_buttons_after_the_sixth_go_to_the_overflow_menu() -> None:
    card = adaptive_card(sample_card(buttons=tuple(Button(f"a{n}", "A") for n in range(8))))
    assert [a.get("mode") for a in card["actions"]] == [None] * 6 + ["secondary"] * 2


def test_card_size_counts_utf8_bytes() -> None:
    assert card_size({"a": "é"}) == len('{"a":"é"}'.encode())


def test_over_budget_drops_the_inline_chart_first_and_keeps_its_words() -> None:
    big = Image(os.urandom(90_000), alt=ALT)
    card = adaptive_card(sample_card(image=big))
    kinds = [e["type"] for e in elements(card)]
    assert "Image" not in kinds
    texts = [e.get("text") for e in card["body"]]
    assert any(t and t.startswith("Chart: ") for t in texts)
    assert texts[-1] == LEFT_OUT
    assert "How we are doing" in texts  # sections were not needed to go
    assert card_size(card) <= MAX_BYTES and validate_adaptive_card(card) == []


def test_over_budget_then_drops_trailing_sections_but_keeps_title_and_buttons() -> None:
    sections = tuple(Section.of(f"section {n} " + "z" * 3000) for n in range(60))
    card = adaptive_card(sample_card(sections=sections))
    texts = [e.get("text", "") for e in card["body"]]
    assert texts[0] == sample_card().title and texts[-1] == LEFT_OUT
    assert any(t.startswith("section 0 ") for t in texts)
    assert not any(t.startswith("section 59 ") for t in texts)
    assert len(card["actions"]) == 2
    assert card_size(card) <= MAX_BYTES and validate_adaptive_card(card) == []


def test_digest_over_budget_drops_later_cards_whole() -> None:
    cards = tuple(sample_card(title=f"Card {n}", image=Image(os.urandom(20_000), alt=ALT))
                  for n in range(8))
    card = adaptive_card(Digest("Big", cards), max_bytes=30_000)
    assert card_size(card) <= 30_000
    assert validate_adaptive_card(card, max_bytes=30_000) == []
    containers = [e for e in card["body"] if e["type"] == "Container"]
    assert containers and all(c["items"][0]["text"].startswith("Card") for c in containers)


def test_adversarial_card_is_valid() -> None:
    card = Card(
        title="x" * 500,
        sections=tuple(Section.of(f"section {n} " + "y" * 10_000, heading="h")
                       for n in range(100)),
        facts=tuple(Fact("label", "value " * 1000) for _ in range(40)),
        image=Image(PNG, alt="alt"),
        buttons=tuple(Button("act", "label", "v" * 2000) for _ in range(30)),
    )
    rendered = adaptive_card(card)
    assert validate_adaptive_card(rendered) == []


def test_validator_reports_structural_problems() -> None:
    bad = {
        "type": "AdaptiveCard", "version": "1.6",
        "body": [
            {"type": "TextBlock"},
            {"type": "Image", "url": "javascript:x"},
            {"type": "FactSet", "facts": [{"title": "t"}]},
            {"type": "Media"},
            {"type": "Container", "items": [{"type": "Input.Text"}]},
            {"type": "ColumnSet", "columns": [{"type": "TextBlock", "text": "t"}]},
            {"type": "ActionSet", "actions": [{"type": "Action.OpenUrl", "title": "Go"}]},
        ],
        "actions": [{"type": "Action.ShowCard", "title": "x"}, {"type": "Action.Execute"}],
    }
    problems = "\n".join(validate_adaptive_card(bad, max_bytes=100))
    for expected in ("version must be 1.5", "TextBlock needs text", "http(s) or data:image",
                     "needs altText", "title and value", "'Media' is not allowed",
                     "body[4].items[0]", "columns must be Columns", "OpenUrl needs url",
                     "'Action.ShowCard' is not allowed", "needs a title", "needs verb",
                     "budget 100"):
        assert expected in problems


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=3000), st.text(max_size=100))
def test_any_user_text_gives_a_valid_card(body: str, label: str) -> None:
    card = Card(label, sections=(Section.of(body, heading=label),), facts=(Fact(label, body),),
                buttons=(Button("a", label or "x"),), footer=body)
    rendered = adaptive_card(card)
    assert validate_adaptive_card(rendered) == []
