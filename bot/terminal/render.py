"""Render Cards as terminal text with rich; charts are saved as PNG files and their path shown."""

from __future__ import annotations

import hashlib
from pathlib import Path

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from digests.cards import Button, Card, Section


def render(card: Card, chart_dir: Path | None = None, *,
           interactive: bool = True) -> RenderableType:
    """A rich panel for one card. User text is escaped, so "[bold]" in an idea stays literal.

    A card that is only a title (a digest's heading) is a bold line, not an empty box.
    `interactive` says whether a number typed next can choose (the chat) or not (`ask`).
    """
    if is_heading(card):
        return Text(card.title, style="bold")
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
    said = "\n".join(span.text for section in card.sections for span in section.spans)
    if any(a.label not in said for a in choices):
        # every choice is named somewhere on the card: by the text above it (the candidates
        # of a question, named in full) or here
        parts.append(Text("  ".join(f"[{n}] {a.label}" for n, a in enumerate(choices, start=1)),
                          style="magenta"))
    if choices:
        numbers = ", ".join(str(n) for n in range(1, len(choices)))
        numbers = f"{numbers} or {len(choices)}" if numbers else "1"
        parts.append(Text(f"Type {numbers} to choose." if interactive else
                          f"Choose with --pick {numbers}.", style="magenta"))
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


def is_heading(card: Card) -> bool:
    return not (card.sections or card.facts or card.image or card.buttons or card.footer)


def choices_of(cards: list[Card]) -> list[Button]:
    """The choices these cards offer, in order: what a number, or --pick N, chooses."""
    return [a for c in cards for a in c.buttons if a.id == "ask"]


def print_cards(console: Console, cards: list[Card], chart_dir: Path | None, *,
                interactive: bool = True) -> None:
    for card in cards:
        console.print(render(card, chart_dir, interactive=interactive))
