"""The platform-neutral message model.

Handlers and digests speak only in Cards; each adapter (every chat platform, the terminal,
HTML previews) renders them at the edge. Keeping the model this small is what lets a new
platform be a new renderer rather than a change to every conversation. Text here is always
*plain* user-visible text: renderers escape it for their platform, so nothing in a Card is
trusted markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

ButtonStyle = Literal["default", "primary", "danger"]


@dataclass(frozen=True)
class Span:
    """A run of plain text, optionally emphasised or linked."""

    text: str
    emphasis: bool = False
    link: str | None = None


def web_url(url: str | None) -> str | None:
    """An http(s) URL with a host and no spaces or control characters, else None."""
    if not url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


@dataclass(frozen=True)
class Section:
    """A paragraph made of spans, with an optional short heading."""

    spans: tuple[Span, ...]
    heading: str | None = None

    @classmethod
    def of(cls, *parts: str | Span, heading: str | None = None) -> Section:
        """Build a section from strings (plain) and spans (emphasis or links)."""
        spans = tuple(p if isinstance(p, Span) else Span(p) for p in parts)
        return cls(spans=spans, heading=heading)

    @property
    def plain_text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Fact:
    """One label/value row, e.g. ("Latest", "83.2% (Oct 2026)")."""

    label: str
    value: str


@dataclass(frozen=True)
class Series:
    """One XmR chart's numbers, for a platform that draws charts itself: the periods' labels,
    the values, and the centre line and process limits at each point (None where there are
    none yet). `words` is its line of the alt text, what a reader without the chart gets."""

    name: str
    unit: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    mean: tuple[float | None, ...]
    lower: tuple[float | None, ...]
    upper: tuple[float | None, ...]
    words: str = ""


@dataclass(frozen=True)
class Image:
    """A PNG with the text equivalent every reader is owed (screen readers, search, email).
    `series` are the charts' numbers (one per panel), when the PNG is of XmR charts."""

    png: bytes
    alt: str
    title: str = ""
    series: tuple[Series, ...] = ()


@dataclass(frozen=True)
class Button:
    """A button. `id` names what the button does; `value` carries what it acts on."""

    id: str
    label: str
    value: str = ""
    style: ButtonStyle = "default"


@dataclass(frozen=True)
class Card:
    """One message: a title, paragraphs, fact rows, at most one image, and buttons."""

    title: str
    sections: tuple[Section, ...] = ()
    facts: tuple[Fact, ...] = ()
    image: Image | None = None
    buttons: tuple[Button, ...] = ()
    footer: str | None = None

    @property
    def plain_text(self) -> str:
        """Everything a reader sees as words, for word counts and reading-ease checks."""
        parts = [self.title]
        parts += [s.heading or "" for s in self.sections]
        parts += [s.plain_text for s in self.sections]
        parts += [f"{f.label}: {f.value}" for f in self.facts]
        if self.footer:
            parts.append(self.footer)
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Digest:
    """A scheduled message to one team and audience: an ordered list of cards."""

    title: str
    cards: tuple[Card, ...] = field(default_factory=tuple)

    @property
    def plain_text(self) -> str:
        return "\n\n".join([self.title, *(c.plain_text for c in self.cards)])


def mark_each_line(text: str, mark: str) -> str:
    """Wrap each non-blank line in a markup mark (`*`, `**`): chat markdown emphasis cannot
    span a line break or hug whitespace."""
    out = []
    for line in text.split("\n"):
        core = line.strip()
        out.append(line.replace(core, f"{mark}{core}{mark}", 1) if core else line)
    return "\n".join(out)


def bullet_section(lines: Iterable[str], heading: str | None = None) -> Section:
    """A section listing one item per line, bullet-marked in plain text."""
    return Section.of("\n".join(f"• {line}" for line in lines), heading=heading)
