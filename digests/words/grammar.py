"""Small rules of written English the bot keeps everywhere: cut at a word, count with a noun,
agree a verb with a team's name, list with "and"."""

from __future__ import annotations

from collections.abc import Sequence

ELLIPSIS = "…"
# Names that end in "s" but are one thing.
_SINGULAR_ENDINGS = ("ss", "us", "is", "ics", "news", "series", "ous")


def shorten(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else cut at the last whole word that fits,
    with an ellipsis: "Could we text people the name of…", never "…worker th…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = text[: max(1, limit - len(ELLIPSIS))]
    cut = room.rsplit(" ", 1)[0] if " " in room and text[len(room)] != " " else room
    cut = cut.rstrip(" ,;:.-–—(")
    return (cut or room).rstrip() + ELLIPSIS


def more(n: int, noun: str, plural: str | None = None) -> str:
    """ "and 3 more ideas", "and 1 more action"."""
    return f"and {n} more {noun if n == 1 else plural or noun + 's'}"


def plural(n: int, noun: str, plural_form: str | None = None) -> str:
    """ "1 action", "4 actions"."""
    return f"{n:,} {noun if n == 1 else plural_form or noun + 's'}"


def is_plural_name(name: str) -> bool:
    """Whether a team's name takes "are": "Ward Managers", "Community Connectors" and
    "Health and Wellbeing Board members" do; "Reablement Team" and "Urgent Care Group" do not."""
    last = name.split()[-1].strip(".,)").lower() if name.split() else ""
    return last.endswith("s") and not last.endswith(_SINGULAR_ENDINGS) and len(last) > 3


def how_is(name: str) -> str:
    """ "How Reablement Team is doing", "How Ward Managers are doing"."""
    return f"How {name} {'are' if is_plural_name(name) else 'is'} doing"


def join_and(items: Sequence[str], conjunction: str = "and") -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
