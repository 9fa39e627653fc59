"""Render Cards as terminal text with rich; charts are saved as PNG files and their path shown."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from digests.cards import Card, Section


def render(card: Card, chart_dir: Path | None = None) -> RenderableType:
    """A rich panel for one card. User text is escaped, so "[bold]" in an idea stays literal."""
    parts: list[RenderableType] = []
    for section in card.sections:
        parts.append(_section(section))
    if card.facts:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold")
        table.add_column()
        for fact in card.facts:
            table.add_row(Text(fact.label), Text(fact.value))
        parts.append(table)
    if card.image is not None:
        parts.append(Text(f"Chart: {card.image.alt}", style="dim"))
        if chart_dir is not None:
            path = save_chart(card.image.png, chart_dir, card.title)
            parts.append(Text(f"Chart saved to {path}", style="cyan"))
    choices = [a for a in card.buttons if a.id == "ask"]
    if choices:
        numbered = "  ".join(f"[{i}] {a.label}" for i, a in enumerate(choices, start=1))
        parts.append(Text(numbered + "   (type the number to choose)", style="magenta"))
    others = [a for a in card.buttons if a.id != "ask"]
    if others:
        labels = " · ".join(dict.fromkeys(a.label for a in others))
        parts.append(Text(f"In Slack or Teams: {labels}", style="dim magenta"))
    if card.footer:
        parts.append(Text(card.footer, style="dim italic"))
    return Panel(Group(*parts), title=escape(card.title), title_align="left", expand=False)


def _section(section: Section) -> RenderableType:
    text = Text()
    if section.heading:
        text.append(section.heading + "\n", style="bold underline")
    for span in section.spans:
        style = "bold" if span.emphasis else ""
        text.append(span.text, style=style)
        if span.link:
            text.append(f" ({span.link})", style="blue")
    return text


def save_chart(png: bytes, chart_dir: Path, title: str) -> Path:
    """Charts are named by content so the same chart is written once."""
    chart_dir.mkdir(parents=True, exist_ok=True)
    slug = "".join(ch if ch.isalnum() else "-" for ch in title.lower()).strip("-")[:40]
    path = chart_dir / f"{slug}-{hashlib.sha256(png).hexdigest()[:10]}.png"
    if not path.exists():
        path.write_bytes(png)
    return path.resolve()


def print_cards(console: Console, cards: list[Card], chart_dir: Path | None) -> None:
    for card in cards:
        console.print(render(card, chart_dir))
