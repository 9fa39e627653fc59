"""Cards and digests as Adaptive Card 1.5 JSON, within the message budget and safe from user text.

Pure JSON (dicts), no Teams SDK: the same card goes to the bot and to a Workflows webhook. Teams
renders a markdown subset in TextBlock text and FactSet titles and values, so user text is
backslash-escaped there and "[click](http://evil)" in an idea shows as those characters.

Line breaks: Teams ignores a single "\\n" outside lists, so lines are joined with "\\n\\n" (the form
Microsoft's card-format page recommends). Buttons are `Action.Execute` with `verb` = the Card's
`Action.id` and `data` = {"value": action.value}; after the sixth, Teams shows them in its "..."
overflow menu (`mode: secondary`), as it shows at most six side by side.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from typing import Any

from digests.cards import (
    Button,
    Card,
    Digest,
    Section,
    Series,
    Span,
    mark_each_line,
    web_url,
)

Element = dict[str, Any]

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
MAX_BYTES = 80_000  # the message budget in DESIGN.md, as UTF-8 bytes of the card's JSON
VISIBLE_ACTIONS = 6
LEFT_OUT = "Some items were left out to fit the Teams message size."
_STYLES = {"primary": "positive", "danger": "destructive"}

_SPECIAL = re.compile(r"([\\`*_\[\]()#~{}])")
_LIST_START = re.compile(r"(?m)^(\s*)([-+>]|\d+\.)(?=\s|$)")


def escape_markdown(text: str) -> str:
    """User text as literal Adaptive Card markdown: specials and list starts backslash-escaped."""
    escaped = _SPECIAL.sub(r"\\\1", text)
    return _LIST_START.sub(lambda m: m[1] + m[2][:-1] + "\\" + m[2][-1], escaped)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for `[text](url)`, or None: other schemes never become links."""
    checked = web_url(url)
    return checked.replace("(", "%28").replace(")", "%29") if checked else None


def _span(span: Span) -> str:
    text = escape_markdown(span.text)
    url = safe_url(span.link)
    if url is not None:
        text = f"[{' '.join(text.split()) or escape_markdown(url)}]({url})"
    return mark_each_line(text, "**") if span.emphasis else text


def section_markdown(section: Section) -> str:
    """A section's spans as one TextBlock text, with Teams-safe line breaks."""
    text = "".join(_span(span) for span in section.spans)
    return re.sub(r"\n+", "\n\n", text.strip("\n"))


def _text(text: str, **style: Any) -> Element:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _action(action: Button, position: int) -> Element:
    element: Element = {"type": "Action.Execute", "title": action.label, "verb": action.id,
                        "data": {"value": action.value}}
    if action.style in _STYLES:
        element["style"] = _STYLES[action.style]
    if position >= VISIBLE_ACTIONS:
        element["mode"] = "secondary"
    return element


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _card_items(card: Card, image_url: str | None) -> list[Element]:
    items: list[Element] = []
    for section in card.sections:
        if section.heading:
            items.append(_text(escape_markdown(section.heading), weight="Bolder",
                               spacing="Medium"))
        body = section_markdown(section)
        if body:
            items.append(_text(body, spacing="Small" if section.heading else "Default"))
    if card.facts:
        facts = [{"title": escape_markdown(f.label), "value": escape_markdown(f.value)}
                 for f in card.facts]
        items.append({"type": "FactSet", "facts": facts})
    if card.image is not None:
        image: Element = {"type": "Image", "url": image_url or _data_uri(card.image.png),
                          "altText": card.image.alt, "size": "Stretch"}
        if card.image.series:  # native charts; where they do not render (iOS), the PNG
            items += [line_chart(series, image if n == 0 else _text(
                escape_markdown(series.words or series.name), isSubtle=True, size="Small"))
                for n, series in enumerate(card.image.series)]
        else:
            items.append(image)
        # Also in words: the numbers must be searchable and survive the image being dropped.
        items.append(_text("Chart: " + escape_markdown(card.image.alt), isSubtle=True,
                           size="Small", spacing="Small"))
    if card.footer and card.footer.strip():
        items.append(_text(escape_markdown(card.footer), isSubtle=True, size="Small"))
    return items


def line_chart(series: Series, fallback: Element) -> Element:
    """A native XmR chart (Adaptive Cards `Chart.Line`: the values, centre line and limits),
    with what replaces it where charts do not render: the PNG, or the series' line of words."""

    def line(legend: str, values: tuple[float | None, ...], color: str) -> Element:
        return {"legend": legend, "color": color, "values": [
            {"x": x, "y": y} for x, y in zip(series.labels, values, strict=True)
            if y is not None]}

    data = [line(series.name, series.values, "categoricalBlue"),
            line("Average", series.mean, "neutral")]
    data += [line(legend, values, "categoricalRed") for legend, values in
             (("Upper limit", series.upper), ("Lower limit", series.lower))
             if any(v is not None for v in values)]
    return {"type": "Chart.Line", "title": series.name, "yAxisTitle": series.unit,
            "data": data, "fallback": fallback}


def _title(text: str, size: str) -> Element:
    return _text(escape_markdown(" ".join(text.split())), size=size, weight="Bolder")


def adaptive_card(
    card_or_digest: Card | Digest,
    *,
    image_url: str | None = None,
    image_urls: Mapping[int, str] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Element:
    """An Adaptive Card 1.5 for a Card, or for a Digest with one Container per card.

    `image_url` is a hosted chart for a single Card; `image_urls` maps card index to one for a
    Digest. Without them charts go inline as data: URIs, which are the first thing dropped when
    the card is over `max_bytes`.
    """
    body: list[Element] = [_title(card_or_digest.title, "Large")]
    actions: list[Element] = []
    if isinstance(card_or_digest, Card):
        body += _card_items(card_or_digest, image_url)
        actions = [_action(a, n) for n, a in enumerate(card_or_digest.buttons)]
    else:
        urls = image_urls or {}
        for index, card in enumerate(card_or_digest.cards):
            items = [_title(card.title, "Medium"), *_card_items(card, urls.get(index))]
            if card.buttons:
                items.append({"type": "ActionSet",
                              "actions": [_action(a, n) for n, a in enumerate(card.buttons)]})
            body.append({"type": "Container", "items": items, "separator": True,
                         "spacing": "Large"})
    result: Element = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION,
                       "body": body, "actions": actions}
    return _fit(result, max_bytes)


def card_size(card_json: Mapping[str, Any]) -> int:
    """UTF-8 bytes of the card's compact JSON: what counts against the Teams message budget."""
    return len(json.dumps(card_json, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _is_inline_image(element: Element) -> bool:
    return element.get("type") == "Image" and str(element.get("url", "")).startswith("data:")


def _drop_last(items: list[Element], inline_images_only: bool, first_kept: bool) -> bool:
    """Remove the last droppable element, depth first; True if something went.

    Inline images go first; after that trailing TextBlocks and FactSets, and a card's Container as
    a whole once only its title and buttons are left. Titles, buttons and the note always stay.
    """
    for index in range(len(items) - 1, 0 if first_kept else -1, -1):
        element = items[index]
        if element.get("type") == "Container":
            if _drop_last(element["items"], inline_images_only, first_kept=True):
                return True
            if inline_images_only:
                continue
            del items[index]
            return True
        if element.get("type") == "ActionSet" or element.get("text") == LEFT_OUT:
            continue
        if not inline_images_only or _is_inline_image(element):
            del items[index]
            return True
    return False


def _is_chart(element: Element) -> bool:
    return str(element.get("type", "")).startswith("Chart.")


def _unchart(items: list[Element]) -> None:
    """Native charts give way to their fallback: the PNG stays (the words are there already)."""
    for index in range(len(items) - 1, -1, -1):
        element = items[index]
        if element.get("type") == "Container":
            _unchart(element["items"])
        elif _is_chart(element):
            fallback = element.get("fallback")
            if isinstance(fallback, dict) and fallback.get("type") == "Image":
                items[index] = fallback
            else:
                del items[index]


def _fit(card: Element, max_bytes: int) -> Element:
    """Over the budget, the native charts go first, then the images, then trailing words."""
    if card_size(card) <= max_bytes:
        return card
    _unchart(card["body"])
    if card_size(card) <= max_bytes:
        return card
    card["body"].append(_text(LEFT_OUT, isSubtle=True, size="Small"))
    for inline_images_only in (True, False):
        while card_size(card) > max_bytes and _drop_last(card["body"], inline_images_only,
                                                         first_kept=True):
            pass
    return card


CHART_URL = "https://goldthread.invalid/chart.png"  # where the stored chart goes when sent


def with_chart(card: Element, png: bytes | None, max_bytes: int = MAX_BYTES) -> Element:
    """The card with the chart placeholder filled in as an inline image (or dropped when there
    is no chart), fitted to the budget again: an image too big for it goes, its words stay."""

    def fill(items: list[Element]) -> None:
        for index in range(len(items) - 1, -1, -1):
            element = items[index]
            fallback = element.get("fallback")
            if _is_chart(element) and isinstance(fallback, dict) and \
                    fallback.get("url") == CHART_URL:
                element["fallback"] = _data_uri_image(fallback, png) if png else _text(
                    escape_markdown(str(element.get("title") or "Chart")), isSubtle=True)
            elif element.get("type") == "Image" and element.get("url") == CHART_URL:
                if png is None:
                    del items[index]
                else:
                    element["url"] = _data_uri(png)
            elif element.get("type") == "Container":
                fill(element["items"])

    fill(card.get("body", []))
    return _fit(card, max_bytes)


def _data_uri_image(image: Element, png: bytes) -> Element:
    return {**image, "url": _data_uri(png)}
