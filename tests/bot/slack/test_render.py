"""Block Kit rendering: structure, escaping of user text, and Slack's limits under stress."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.slack.render import (
    LEFT_OUT,
    MAX_BLOCKS,
    card_blocks,
    clip,
    digest_blocks,
    escape_mrkdwn,
    fallback_text,
    section_mrkdwn,
    split_action_id,
    truncate_message,
    validate_blocks,
)
from digests.cards import Button, Card, Digest, Fact, Image, Section, Span

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HOSTILE = "<!channel> <@U123> <http://evil.example|click> & <!here>"


def sample_card(**changes: Any) -> Card:
    fields: dict[str, Any] = {
        "title": "Still at home 91 days after reablement",
        "sections": (
            Section.of("Latest ", Span("83.2%", emphasis=True), " in October. ",
                       Span("How we measure", link="https://example.org/a?b=1&c=2"),
                       heading="How we are doing"),
        ),
        "facts": (Fact("Latest", "83.2% (Oct 2026)"), Fact("Target", "85%")),
        "image": Image(PNG, alt="Chart of 24 months: no real change, between 78% and 88%."),
        "buttons": (Button("ask", "Tell me more", "indicator:home-91", "primary"),
                    Button("ask", "Show the thread", "outcome:home")),
        "footer": "Data from the council's case system.",
    }
    fields.update(changes)
    return Card(**fields)


def texts(blocks: list[dict[str, Any]]) -> list[str]:
    """Every string Slack would display, wherever it sits in the blocks."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("text", "alt_text") and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return found


def test_card_renders_title_sections_facts_image_actions_and_footer() -> None:
    blocks = card_blocks(sample_card(), image_file_id="F123")
    assert [b["type"] for b in blocks] == [
        "header", "section", "section", "image", "context", "actions", "context"]
    assert blocks[0]["text"] == {"type": "plain_text", "emoji": True,
                                 "text": "Still at home 91 days after reablement"}
    assert blocks[1]["text"]["type"] == "mrkdwn"
    assert blocks[1]["text"]["text"] == (
        "*How we are doing*\nLatest *83.2%* in October. "
        "<https://example.org/a?b=1&amp;c=2|How we measure>")
    assert blocks[2]["fields"][0]["text"] == "*Latest*\n83.2% (Oct 2026)"
    assert blocks[3] == {"type": "image", "slack_file": {"id": "F123"},
                         "alt_text": "Chart of 24 months: no real change, between 78% and 88%."}
    assert "no real change" in blocks[4]["elements"][0]["text"]
    assert blocks[-1]["elements"][0]["text"] == "Data from the council's case system."
    assert validate_blocks(blocks) == []


def test_chart_alt_text_is_always_in_the_message_as_words() -> None:
    without = card_blocks(sample_card())
    assert "image" not in [b["type"] for b in without]
    assert any("Chart: Chart of 24 months" in t for t in texts(without))
    with_file = card_blocks(sample_card(), image_file_id="F1")
    assert any(t.startswith("Chart: ") for t in texts(with_file))


def test_escape_follows_slacks_rule_with_ampersand_first() -> None:
    assert escape_mrkdwn("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert escape_mrkdwn("&lt;") == "&amp;lt;"


def test_user_text_can_never_ping_or_link_anywhere_in_a_card() -> None:
    card = Card(
        title=HOSTILE,
        sections=(Section.of(HOSTILE, Span(HOSTILE, emphasis=True), heading=HOSTILE),),
        facts=(Fact(HOSTILE, HOSTILE),),
        image=Image(PNG, alt=HOSTILE, title=HOSTILE),
        buttons=(Button("go", HOSTILE[:70], "v"),),
        footer=HOSTILE,
    )
    blocks = card_blocks(card, image_file_id="F1")
    for text in texts(blocks):
        assert "<" not in text and ">" not in text, text
        assert "&lt;!channel&gt;" in text or "&lt;!ch" in text, text
    assert "<" not in fallback_text(card)


def test_only_http_links_become_links_and_their_urls_are_escaped() -> None:
    section = Section.of(Span("bad", link="javascript:alert(1)"), " ",
                         Span("odd", link="https://x.example/a|b>c"), " ",
                         Span("spaced", link="https://x.example/a b"))
    text = section_mrkdwn(section)
    assert text.startswith("bad <https://x.example/a%7Cb&gt;c|odd> spaced")
    assert "javascript" not in text


def test_emphasis_wraps_each_line_because_bold_cannot_cross_a_break() -> None:
    text = section_mrkdwn(Section.of(Span(" one\ntwo ", emphasis=True)))
    assert text == " *one*\n*two* "


def test_repeated_action_ids_are_made_unique_and_recoverable() -> None:
    card = sample_card(buttons=(Button("ask", "A", "1"), Button("ask", "B", "2"),
                                Button("status:set", "C", "3", "danger"), Button("x", "D")))
    buttons = card_blocks(card)[-2]["elements"]
    ids = [b["action_id"] for b in buttons]
    assert len(set(ids)) == 4
    assert [split_action_id(i) for i in ids] == ["ask", "ask", "status:set", "x"]
    assert "style" not in buttons[0] and buttons[2]["style"] == "danger"
    assert "value" not in buttons[3]
    assert split_action_id("plain") == "plain" and split_action_id("a:b") == "a:b"


def test_a_button_value_is_never_cut_because_it_says_what_to_act_on() -> None:
    with pytest.raises(ValueError, match="over 2000"):
        card_blocks(sample_card(buttons=(Button("x", "X", "v" * 2001),)))


def test_long_section_splits_on_line_boundaries_and_keeps_every_line() -> None:
    lines = [f"{n:03d} " + "word " * 19 for n in range(100)]
    blocks = card_blocks(Card("Long", sections=(Section.of("\n".join(lines)),)))
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert len(sections) > 1 and all(len(s) <= 3000 for s in sections)
    assert "\n".join(sections).split("\n") == lines
    assert validate_blocks(blocks) == []


def test_a_single_over_long_line_is_shortened_with_a_note() -> None:
    blocks = card_blocks(Card("Long", sections=(Section.of("x" * 10_000),)))
    text = blocks[1]["text"]["text"]
    assert len(text) <= 3000 and text.endswith("… (shortened)")


def test_cuts_never_split_an_entity_or_one_of_our_links() -> None:
    assert clip("&amp;" * 10, 12) == "&amp;&amp;…"
    assert clip("ab <https://x.example|link text>", 20) == "ab…"
    blocks = card_blocks(Card("&" * 400, sections=(Section.of("<" * 5000),)))
    assert blocks[0]["text"]["text"].endswith("&amp;…")
    assert re.search(r"&[a-z]*…", blocks[1]["text"]["text"]) is None


def test_header_is_cut_at_150_characters() -> None:
    header = card_blocks(Card("t" * 400))[0]["text"]["text"]
    assert len(header) == 150 and header.endswith("…")


def test_adversarial_card_stays_within_every_limit() -> None:
    card = Card(
        title="x" * 500,
        sections=tuple(Section.of(f"section {n} " + "y" * 10_000, heading="h" * 300)
                       for n in range(100)),
        facts=tuple(Fact("label " * 100, "value " * 1000) for _ in range(40)),
        image=Image(PNG, alt="alt " * 1000),
        buttons=tuple(Button("act", "label " * 30, "v" * 2000) for _ in range(30)),
        footer="f" * 5000,
    )
    blocks = card_blocks(card, image_file_id="F1")
    assert validate_blocks(blocks) == []
    assert len(blocks) == MAX_BLOCKS
    assert blocks[-1]["elements"][0]["text"] == LEFT_OUT
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [len(b["elements"]) for b in actions] == [25, 5]  # buttons survive a cut


def test_forty_facts_make_four_sections_of_ten() -> None:
    blocks = card_blocks(Card("Facts", facts=tuple(Fact(f"l{n}", "v") for n in range(40))))
    assert [len(b["fields"]) for b in blocks[1:]] == [10, 10, 10, 10]
    assert validate_blocks(blocks) == []


def test_digest_puts_cards_in_order_with_their_own_charts() -> None:
    digest = Digest("Reablement weekly", (sample_card(), sample_card(title="Second")))
    blocks = digest_blocks(digest, image_file_ids={1: "F2"})
    assert blocks[0]["type"] == "header" and blocks[1]["type"] == "divider"
    images = [b for b in blocks if b["type"] == "image"]
    assert [i["slack_file"]["id"] for i in images] == ["F2"]
    ids = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(ids) == len(set(ids)) == 4
    assert validate_blocks(blocks) == []


def test_digest_over_50_blocks_drops_later_cards_and_says_so() -> None:
    cards = tuple(sample_card(title=f"Card {n}") for n in range(12))
    blocks = digest_blocks(Digest("Big", cards))
    assert len(blocks) <= MAX_BLOCKS and validate_blocks(blocks) == []
    assert blocks[-1]["elements"][0]["text"] == LEFT_OUT
    titles = [b["text"]["text"] for b in blocks if b["type"] == "header"]
    assert titles == ["Big", *(f"Card {n}" for n in range(len(titles) - 1))]


def test_digest_keeps_what_fits_of_a_huge_first_card() -> None:
    huge = Card("Huge", sections=tuple(Section.of(f"s{n}") for n in range(100)))
    blocks = digest_blocks(Digest("D", (huge, sample_card())))
    assert len(blocks) == MAX_BLOCKS and validate_blocks(blocks) == []
    assert blocks[2]["text"]["text"] == "Huge"


def test_fallback_text_is_escaped_words_for_notifications() -> None:
    digest = Digest("Weekly <!channel>", (sample_card(),))
    text = fallback_text(digest)
    assert text.startswith("Weekly &lt;!channel&gt;")
    assert "Chart: Chart of 24 months" in text
    assert len(fallback_text(Card("t", sections=(Section.of("w " * 5000),)))) <= 4000


def test_truncate_message_cuts_at_a_word_and_says_so() -> None:
    assert truncate_message("short") == "short"
    cut = truncate_message("word " * 2000)
    assert len(cut) <= 4000 and cut.endswith("(message shortened to fit Slack)")
    assert cut.split("\n\n")[0].endswith("word")


def test_validator_reports_each_broken_limit() -> None:
    bad: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "x" * 151}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11},
        {"type": "image", "slack_file": {"id": "F"}, "alt_text": ""},
        {"type": "actions", "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": "b" * 76},
             "action_id": "same", "style": "default"},
            {"type": "button", "text": {"type": "plain_text", "text": "ok"}, "action_id": "same",
             "value": "v" * 2001}]},
        {"type": "context", "elements": []},
        {"type": "video"},
    ]
    bad += [{"type": "divider"}] * 44
    problems = "\n".join(validate_blocks(bad))
    for expected in ("51 blocks", "text is 151", "text is 3001", "11 fields", "alt_text",
                     "text is 76", "not unique", "value over", "style", "0 elements",
                     "unexpected block type"):
        assert expected in problems


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=4000), st.text(max_size=200), st.booleans())
def test_any_user_text_renders_valid_and_inert(body: str, label: str, emphasis: bool) -> None:
    card = Card(label, sections=(Section.of(Span(body, emphasis=emphasis), heading=label),),
                facts=(Fact(label, body),), buttons=(Button("a", label or "x", "v"),),
                footer=body)
    blocks = card_blocks(card)
    assert validate_blocks(blocks) == []
    for text in texts(blocks):
        assert "<" not in text and ">" not in text


def test_slacks_button_limits_are_kept_here_not_by_the_handlers() -> None:
    """Handlers say what the buttons are; the renderer keeps Slack's 75-character label and
    25-buttons-per-block limits (a reminder about eight actions has 32 buttons)."""
    long_name = "Emergency admissions of people aged 65 and over, per 1,000 population a year"
    buttons = tuple(Button(f"action.{n % 4}", f"Update progress: {long_name}", str(n))
                    for n in range(32))
    blocks = card_blocks(Card(title="Can we help?", buttons=buttons))
    actions = [b for b in blocks if b["type"] == "actions"]
    assert [len(b["elements"]) for b in actions] == [25, 7]
    labels = [e["text"]["text"] for b in actions for e in b["elements"]]
    assert all(len(label) <= 75 and label.endswith("…") for label in labels)
    assert validate_blocks(blocks) == []
