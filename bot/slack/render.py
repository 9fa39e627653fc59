"""Cards and digests as Slack Block Kit, within Slack's limits and safe from user text.

Pure functions only: the outbox sends what these return. Every piece of user-visible text passes
through `escape_mrkdwn`, so a suggestion reading "<!channel>" shows those characters instead of
pinging a whole channel. Limits are measured on the escaped text (what Slack receives), and cuts
never split an `&amp;` entity or one of our own `<url|text>` links.

Button `action_id`s must be unique within a message, but a Card may repeat an action (three "ask"
choices), so each button gets `f"{action.id}:{n}"` with n its position in the message; the
interaction handler recovers the Card's id with `split_action_id`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

from digests.cards import Button, Card, Digest, Fact, Section, Span, mark_each_line, web_url

Block = dict[str, Any]

CHART_PLACEHOLDER = "__CHART__"  # a digest image block's slack_file id, filled in once uploaded
MAX_BLOCKS = 50
MAX_HEADER = 150
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTION_ELEMENTS = 25
MAX_BUTTON_LABEL = 75
MAX_ACTION_ID = 255
MAX_VALUE = 2000
MAX_ALT = 2000
MESSAGE_TEXT_LIMIT = 4000
SHORTENED = "… (shortened)"
LEFT_OUT = "Some items were left out to fit Slack's limits."
MESSAGE_SHORTENED = "\n\n… (message shortened to fit Slack)"

_ENTITY_TAIL = re.compile(r"&[a-z]{0,3}$")


def escape_mrkdwn(text: str) -> str:
    """Slack's own rule: only &, < and > are control characters; `&` goes first."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def split_action_id(action_id: str) -> str:
    """The Card's `Action.id` from a rendered `action_id` such as "ask:2" (ids may contain ':')."""
    head, sep, tail = action_id.rpartition(":")
    return head if sep and tail.isdigit() else action_id


def clip(text: str, limit: int, marker: str = "…") -> str:
    """Shorten escaped text to `limit` characters, marking the cut and keeping markup whole."""
    if len(text) <= limit:
        return text
    cut = _ENTITY_TAIL.sub("", text[: max(limit - len(marker), 0)])
    if cut.rfind("<") > cut.rfind(">"):  # inside one of our links: user `<` is always escaped
        cut = cut[: cut.rfind("<")]
    return cut.rstrip() + marker


def truncate_message(text: str, limit: int = MESSAGE_TEXT_LIMIT) -> str:
    """Plain `chat.postMessage` text kept to Slack's 4,000 recommendation, cut at a word."""
    if len(text) <= limit:
        return text
    cut = clip(text, limit - len(MESSAGE_SHORTENED), marker="")
    boundary = max(cut.rfind("\n"), cut.rfind(" "))
    if boundary > len(cut) - 200:
        cut = cut[:boundary]
    return cut.rstrip() + MESSAGE_SHORTENED


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit to put inside `<...|...>`, or None: other schemes never become links."""
    checked = web_url(url)
    return escape_mrkdwn(checked).replace("|", "%7C") if checked else None


def _span(span: Span) -> str:
    text = escape_mrkdwn(span.text)
    url = safe_url(span.link)
    if url is not None:
        label = text.replace("\n", " ").strip()
        text = f"<{url}|{label}>" if label else f"<{url}>"
    return mark_each_line(text, "*") if span.emphasis else text


def section_mrkdwn(section: Section) -> str:
    """A section as one mrkdwn string: the heading in bold on its own line, then the spans."""
    body = "".join(_span(span) for span in section.spans)
    if section.heading:
        heading = escape_mrkdwn(" ".join(section.heading.split()))
        return f"*{heading}*\n{body}" if body else f"*{heading}*"
    return body


def _split_text(text: str, limit: int = MAX_SECTION_TEXT) -> list[str]:
    """Chunks of at most `limit` characters on line boundaries; an over-long line is shortened."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in (clip(line, limit, SHORTENED) for line in text.split("\n")):
        if current and size + 1 + len(line) > limit:
            chunks.append("\n".join(current))
            current, size = [], 0
        size += len(line) + (1 if current else 0)
        current.append(line)
    chunks.append("\n".join(current))
    return [chunk for chunk in chunks if chunk.strip()]


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(escape_mrkdwn(text), limit) or "…", "emoji": True}


def _context(text: str) -> Block:
    mrkdwn = {"type": "mrkdwn", "text": clip(text, MAX_SECTION_TEXT, SHORTENED)}
    return {"type": "context", "elements": [mrkdwn]}


def _fact_blocks(facts: tuple[Fact, ...]) -> list[Block]:
    fields = [
        {"type": "mrkdwn", "text": clip(
            f"*{escape_mrkdwn(' '.join(f.label.split()))}*\n{escape_mrkdwn(f.value)}",
            MAX_FIELD_TEXT, SHORTENED)}
        for f in facts
    ]
    return [{"type": "section", "fields": fields[i : i + MAX_FIELDS]}
            for i in range(0, len(fields), MAX_FIELDS)]


def _button(action: Button, number: int) -> Block:
    if len(action.value) > MAX_VALUE:
        # Cutting a value would make the button act on something else; that is a bug to surface.
        raise ValueError(f"button value for {action.id!r} is over {MAX_VALUE} characters")
    button: Block = {
        "type": "button",
        "text": _plain(action.label, MAX_BUTTON_LABEL),
        "action_id": f"{action.id}:{number}",
    }
    if action.value:
        button["value"] = action.value
    if action.style != "default":
        button["style"] = action.style
    return button


def _card_parts(
    card: Card, image_file_id: str | None, numbers: Iterator[int]
) -> tuple[list[Block], list[Block], list[Block]]:
    """(head, body, tail): the body (sections, facts) is what gives way when space runs out."""
    head: list[Block] = [{"type": "header", "text": _plain(card.title, MAX_HEADER)}]
    body: list[Block] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for section in card.sections
        for chunk in _split_text(section_mrkdwn(section))
    ]
    body += _fact_blocks(card.facts)
    tail: list[Block] = []
    if card.image is not None:
        alt = clip(escape_mrkdwn(card.image.alt), MAX_ALT) or "Chart"
        if image_file_id:
            image: Block = {"type": "image", "slack_file": {"id": image_file_id}, "alt_text": alt}
            if card.image.title:
                image["title"] = _plain(card.image.title, MAX_ALT)
            tail.append(image)
        # Always in words too: images are invisible to screen readers and to search.
        tail.append(_context(f"Chart: {escape_mrkdwn(card.image.alt)}"))
    buttons = [_button(action, next(numbers)) for action in card.buttons]
    tail += [{"type": "actions", "elements": buttons[i : i + MAX_ACTION_ELEMENTS]}
             for i in range(0, len(buttons), MAX_ACTION_ELEMENTS)]
    if card.footer and card.footer.strip():
        tail.append(_context(escape_mrkdwn(card.footer)))
    return head, body, tail


def _fit(head: list[Block], body: list[Block], tail: list[Block],
         limit: int) -> tuple[list[Block], bool]:
    """Blocks within `limit`; when something is cut, one slot is left for the note."""
    if len(head) + len(body) + len(tail) <= limit:
        return head + body + tail, False
    room = limit - 1 - len(head) - len(tail)
    if room >= 0:
        return head + body[:room] + tail, True
    return (head + tail)[: limit - 1], True


def card_blocks(card: Card, *, image_file_id: str | None = None) -> list[Block]:
    """One Card as at most 50 blocks; `image_file_id` is a chart already uploaded to Slack."""
    blocks, cut = _fit(*_card_parts(card, image_file_id, itertools.count()), limit=MAX_BLOCKS)
    return [*blocks, _context(LEFT_OUT)] if cut else blocks


def digest_blocks(digest: Digest, *, image_file_ids: dict[int, str] | None = None) -> list[Block]:
    """A digest as one message; later cards are dropped whole when it would pass 50 blocks."""
    ids = image_file_ids or {}
    numbers = itertools.count()
    parts = [_card_parts(card, ids.get(i), numbers) for i, card in enumerate(digest.cards)]
    blocks: list[Block] = [{"type": "header", "text": _plain(digest.title, MAX_HEADER)}]
    whole = [[{"type": "divider"}, *head, *body, *tail] for head, body, tail in parts]
    if len(blocks) + sum(map(len, whole)) <= MAX_BLOCKS:
        return blocks + [block for card in whole for block in card]
    for card_blocks_ in whole:
        if len(blocks) + len(card_blocks_) > MAX_BLOCKS - 1:
            break
        blocks += card_blocks_
    if len(blocks) == 1 and parts:  # even the first card is too big: keep what fits of it
        fitted, _ = _fit(*parts[0], limit=MAX_BLOCKS - 2)
        blocks += [{"type": "divider"}, *fitted]
    return [*blocks, _context(LEFT_OUT)]


def _card_words(card: Card) -> str:
    words = card.plain_text
    return f"{words}\nChart: {card.image.alt}" if card.image else words


def fallback_text(card_or_digest: Card | Digest) -> str:
    """The top-level `text`: what notifications show and what is read when blocks cannot be."""
    if isinstance(card_or_digest, Card):
        words = _card_words(card_or_digest)
    else:
        words = "\n\n".join([card_or_digest.title, *map(_card_words, card_or_digest.cards)])
    return truncate_message(escape_mrkdwn(words))


def validate_blocks(blocks: list[Block]) -> list[str]:
    """Every Slack limit a list of blocks breaks, as readable lines; empty when it is fine."""
    problems: list[str] = []
    if len(blocks) > MAX_BLOCKS:
        problems.append(f"{len(blocks)} blocks (limit {MAX_BLOCKS})")
    action_ids: set[str] = set()

    def text_len(where: str, obj: Any, limit: int) -> None:
        text = obj.get("text") if isinstance(obj, dict) else None
        if not isinstance(text, str) or not text:
            problems.append(f"{where}: missing text")
        elif len(text) > limit:
            problems.append(f"{where}: text is {len(text)} characters (limit {limit})")

    for n, block in enumerate(blocks):
        kind, where = block.get("type"), f"block {n} ({block.get('type')})"
        if kind == "header":
            text_len(where, block.get("text"), MAX_HEADER)
        elif kind == "section":
            if "text" not in block and "fields" not in block:
                problems.append(f"{where}: needs text or fields")
            if "text" in block:
                text_len(where, block["text"], MAX_SECTION_TEXT)
            fields = block.get("fields", [])
            if len(fields) > MAX_FIELDS:
                problems.append(f"{where}: {len(fields)} fields (limit {MAX_FIELDS})")
            for field in fields:
                text_len(f"{where} field", field, MAX_FIELD_TEXT)
        elif kind == "context":
            elements = block.get("elements", [])
            if not 0 < len(elements) <= MAX_CONTEXT_ELEMENTS:
                problems.append(f"{where}: {len(elements)} elements (1 to 10 allowed)")
            for element in elements:
                text_len(f"{where} element", element, MAX_SECTION_TEXT)
        elif kind == "image":
            if "slack_file" not in block and "image_url" not in block:
                problems.append(f"{where}: needs slack_file or image_url")
            alt = block.get("alt_text")
            if not isinstance(alt, str) or not alt or len(alt) > MAX_ALT:
                problems.append(f"{where}: alt_text must be 1 to {MAX_ALT} characters")
        elif kind == "actions":
            elements = block.get("elements", [])
            if not 0 < len(elements) <= MAX_ACTION_ELEMENTS:
                problems.append(f"{where}: {len(elements)} elements (1 to 25 allowed)")
            for element in elements:
                text_len(f"{where} button", element.get("text"), MAX_BUTTON_LABEL)
                action_id = element.get("action_id", "")
                if not action_id or len(action_id) > MAX_ACTION_ID:
                    problems.append(f"{where}: action_id must be 1 to {MAX_ACTION_ID} characters")
                if action_id in action_ids:
                    problems.append(f"{where}: action_id {action_id!r} is not unique")
                action_ids.add(action_id)
                if len(element.get("value", "")) > MAX_VALUE:
                    problems.append(f"{where}: button value over {MAX_VALUE} characters")
                if element.get("style", "primary") not in ("primary", "danger"):
                    problems.append(f"{where}: style must be primary or danger")
        elif kind != "divider":
            problems.append(f"{where}: unexpected block type")
    return problems
