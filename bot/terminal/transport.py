"""In the demo there is no Slack: the clock's deliveries are shown in the terminal instead.

It lets `goldthread run --demo` run the real scheduler and outbox, so a newcomer sees a digest
arrive on time, without pretending anything was posted anywhere.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape

from models.tables import ChartImage, Delivery


class TerminalTransport:
    """Stands in for a chat platform: prints a one-line notice of each delivery."""

    def __init__(self, console: Console, platform: str) -> None:
        self.console = console
        self.platform = platform

    def send(self, delivery: Delivery, image: ChartImage | None, progress: dict[str, Any]) -> str:
        text = str(delivery.payload.get("text") or delivery.kind)
        first = text.splitlines()[0] if text else delivery.kind
        where = "a direct message" if delivery.kind == "dm" else f"channel {delivery.target}"
        self.console.print(f"[dim]📬 (demo) {escape(delivery.kind)} for {escape(where)}: "
                           f"{escape(first[:100])}. Type 'digest' to read yours.[/dim]")
        return f"terminal-{delivery.id}"
