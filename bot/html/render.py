"""Cards and digests as one standalone HTML page, for previews and for members who read on paper.

The page carries everything inside it (CSS inline, charts as data: URIs) so it can be emailed,
archived or printed without a server. Jinja2 autoescapes every value; this module only decides
which links are safe (http and https) and turns the Card model into plain view data, so the
template never has to make a trust decision.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from digests.cards import Card, Digest, Fact, Section, web_url

TEMPLATES = Path(__file__).parent / "templates"
BULLET = "•"


@dataclass(frozen=True)
class SpanView:
    text: str
    emphasis: bool
    href: str | None


@dataclass(frozen=True)
class SectionView:
    heading: str | None
    spans: tuple[SpanView, ...]
    bullets: tuple[str, ...] = ()  # when set, the section is a "• " list: shown as <ul>


@dataclass(frozen=True)
class ImageView:
    src: str
    alt: str
    title: str


@dataclass(frozen=True)
class CardView:
    title: str
    sections: tuple[SectionView, ...]
    facts: tuple[Fact, ...]
    image: ImageView | None
    actions: tuple[str, ...]
    footer: str | None


def safe_href(url: str | None) -> str | None:
    """Only http(s) links survive: a `javascript:` link in user text becomes plain words."""
    return web_url(url)


def _bullets(section: Section) -> tuple[str, ...]:
    """The items of a plain `bullet_section`, so the page has a real list (screen readers
    announce it, and wrapped lines hang under their bullet)."""
    if any(s.emphasis or s.link for s in section.spans):
        return ()
    lines = [line.strip() for line in section.plain_text.split("\n") if line.strip()]
    if not lines or not all(line.startswith(BULLET) for line in lines):
        return ()
    return tuple(line.removeprefix(BULLET).strip() for line in lines)


def _section(section: Section) -> SectionView:
    spans = tuple(SpanView(s.text, s.emphasis, safe_href(s.link)) for s in section.spans)
    return SectionView(section.heading, spans, _bullets(section))


def card_view(card: Card) -> CardView:
    """The template's view of a card: links checked, the chart inlined as a data: URI."""
    image = None
    if card.image is not None:
        data = base64.b64encode(card.image.png).decode("ascii")
        image = ImageView(f"data:image/png;base64,{data}", card.image.alt, card.image.title)
    return CardView(
        title=card.title,
        sections=tuple(_section(s) for s in card.sections),
        facts=card.facts,
        image=image,
        actions=tuple(a.label for a in card.buttons),
        footer=card.footer,
    )


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Built on first use, not at import; autoescape on for every template, whatever its name."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _page(title: str, cards: list[Card], generated: str | None, single: bool) -> str:
    template = environment().get_template("digest.html.j2")
    return template.render(
        title=title,
        cards=[card_view(c) for c in cards],
        generated=generated,
        single=single,
    )


def digest_html(digest: Digest, *, generated: str) -> str:
    """A digest as a standalone page; `generated` is shown as the date it was made (e.g. a
    formatted local time), passed in so output is deterministic and testable."""
    return _page(digest.title, list(digest.cards), generated, single=False)


def card_html(card: Card, *, generated: str | None = None) -> str:
    """One card (an answer to a question) as a standalone page, titled by the card."""
    return _page(card.title, [card], generated, single=True)
