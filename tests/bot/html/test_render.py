"""The standalone HTML page: self-contained, accessible, printable, and inert to user text."""

from __future__ import annotations

import base64
import itertools
from html.parser import HTMLParser
from typing import Any

from bot.html.render import card_html, digest_html
from digests.cards import Button, Card, Digest, Fact, Image, Section, Span, bullet_section

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ALT = "Chart of 24 months: no real change, between 78% and 88%."
XSS = '<script>alert("x")</script>'


def sample_card(**changes: Any) -> Card:
    fields: dict[str, Any] = {
        "title": "Still at home 91 days after reablement",
        "sections": (
            Section.of("Latest ", Span("83.2%", emphasis=True), " in October.\n• one\n• two",
                       heading="How we are doing"),
            Section.of(Span("How we measure", link="https://example.org/a?b=1&c=2")),
        ),
        "facts": (Fact("Latest", "83.2% (Oct 2026)"), Fact("Target", "85%")),
        "image": Image(PNG, alt=ALT, title="Still at home, monthly"),
        "buttons": (Button("ask", "Tell me more", "indicator:home-91"),),
        "footer": "Data from the council's case system.",
    }
    fields.update(changes)
    return Card(**fields)


class Outline(HTMLParser):
    """Headings, tags and attributes as a reader's tools see them."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._level: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self._level = int(tag[1])
            self.headings.append((self._level, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag.startswith("h") and tag[1:].isdigit():
            self._level = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._level is not None:
            level, text = self.headings[-1]
            self.headings[-1] = (level, text + data)


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


def test_digest_page_is_standalone_and_accessible() -> None:
    page = digest_html(Digest("Reablement weekly", (sample_card(), sample_card(title="Two"))),
                       generated="Monday 30 November 2026, 09:00")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in page
    assert "@media print" in page and "size: A4" in page
    assert "Prepared Monday 30 November 2026, 09:00" in page
    parsed = outline(page)
    assert parsed.headings[:3] == [(1, "Reablement weekly"),
                                   (2, "Still at home 91 days after reablement"),
                                   (3, "How we are doing")]
    levels = [level for level, _ in parsed.headings]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    for tag, attrs in parsed.tags:  # nothing is fetched from anywhere
        assert tag not in ("link", "script", "iframe")
        assert not (attrs.get("src") or "data:").startswith(("http", "//"))
    images = [attrs for tag, attrs in parsed.tags if tag == "img"]
    assert len(images) == 2 and all(img["alt"] == ALT for img in images)
    data = (images[0]["src"] or "").removeprefix("data:image/png;base64,")
    assert base64.b64decode(data) == PNG


def test_chart_words_facts_and_actions_are_visible_text() -> None:
    page = card_html(sample_card())
    assert f"<figcaption><span class=\"figure-title\">Still at home, monthly</span>{ALT}" in page
    assert '<tr><th scope="row">Latest</th><td>83.2% (Oct 2026)</td></tr>' in page
    assert "What you can do" in page and "<li>Tell me more</li>" in page
    assert "<strong>83.2%</strong>" in page
    assert '<a href="https://example.org/a?b=1&amp;c=2">How we measure</a>' in page


def test_single_card_page_uses_the_card_title_as_the_only_h1() -> None:
    parsed = outline(card_html(sample_card()))
    assert parsed.headings[0] == (1, "Still at home 91 days after reablement")
    assert [level for level, _ in parsed.headings].count(1) == 1
    assert (2, "How we are doing") in parsed.headings


def test_user_text_is_escaped_everywhere() -> None:
    card = Card(XSS, sections=(Section.of(XSS, Span(XSS, emphasis=True), heading=XSS),),
                facts=(Fact(XSS, XSS),), image=Image(PNG, alt=XSS, title=XSS),
                buttons=(Button("x", XSS),), footer=XSS)
    page = digest_html(Digest(XSS, (card,)), generated=XSS)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert all(tag != "script" for tag, _ in outline(page).tags)


def test_only_http_links_are_links() -> None:
    card = Card("Links", sections=(Section.of(Span("bad", link="javascript:alert(1)"), " ",
                                              Span("data", link="data:text/html,x"), " ",
                                              Span("ok", link="http://example.org")),))
    page = card_html(card)
    hrefs = [attrs["href"] for tag, attrs in outline(page).tags if tag == "a"]
    assert hrefs == ["http://example.org"]
    assert "bad data" in page


def test_line_breaks_in_sections_survive_without_template_whitespace() -> None:
    page = card_html(sample_card())
    assert '<p class="text">Latest <strong>83.2%</strong> in October.\n• one\n• two</p>' in page


def test_bullet_sections_become_real_lists() -> None:
    page = card_html(Card("Due", sections=(bullet_section(["Open slots", "Review <b>"]),)))
    assert '<ul class="bullets">\n<li>Open slots</li>\n<li>Review &lt;b&gt;</li>\n</ul>' in page
