"""Explanations: what a phrase means ("what does no real change mean?") and why a measure has
the verdict it has ("why is this red?"), in the same words the answers use.

Every phrase comes from `digests.words.definitions`, which is what the narrative obeys, so the
explanation is the rule itself and not a paraphrase of it.
"""

from __future__ import annotations

from dataclasses import replace

from digests.cards import Card, Section
from digests.words.definitions import BY_KEY
from handlers import ask
from handlers.indicators import status_of
from handlers.request import HandlerContext, Request
from models import queries

COLOURS = BY_KEY["colours"]


def explain_card(term_key: str) -> Card:
    term = BY_KEY[term_key]
    return Card(title=f"What “{term.phrase}” means", sections=(Section.of(term.meaning),),
                footer="Every verdict follows NHS England's Making Data Count method. "
                       "Ask “why is delayed discharges red?” for one measure.")


def why(ctx: HandlerContext, request: Request, remembered: str | None) -> ask.Answered:
    """ "why is X red?": the verdict of X and the rule behind it. "why is this red?" means the
    measure last answered about; with none, what the colours mean."""
    topic = request.text.strip()
    if not topic and remembered and remembered.startswith("indicator:"):
        topic = remembered  # "this" is the measure just answered about
    if not topic:
        return ask.Answered([Card(title="What the colours mean", sections=(
            Section.of(COLOURS.meaning),
            Section.of("Ask “why is delayed discharges red?” to hear about one measure."),))])
    found = ask.reply(ctx, Request(topic, request.platform, request.user_id,
                                   request.person_key, request.channel),
                      kinds=("indicator",), verb="why is")
    if found.topic is None:
        return ask.Answered([_with_verb(c, "why is", "flagged") for c in found.cards])
    key = found.topic.partition(":")[2]
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        indicator = next(i for i in queries.indicators(session, partnership.id) if i.key == key)
        status = status_of(ctx, session, indicator)
        name = indicator.name
    if status.words is None:
        return ask.Answered([Card(title=name, sections=(Section.of(
            "There is no verdict on it yet: " + (
                "it has no data." if not status.has_data else "its data cannot be analysed."
            )),))], found.topic)
    said = status.words
    colour = {"getting worse": "orange (what some call red): a sign of concern",
              "improving": "blue: a sign of improvement",
              "changed": "purple: a change in a measure with no better direction",
              }.get(said.verdict, "grey: the usual ups and downs")
    sections = [Section.of(f"{name}: {said.verdict}. {said.reason}")]
    for extra in (said.target_sentence, said.rebase_sentence):
        if extra:
            sections.append(Section.of(extra))
    if said.verdict != "too early to tell":
        sections.append(Section.of(f"On its chart the latest point is {colour}."))
    return ask.Answered([Card(title=f"Why {name} is {said.verdict}", sections=tuple(sections),
                              footer="Ask “what does "
                                     f"{said.verdict} mean?” for the rule.")], found.topic)


def _with_verb(card: Card, verb: str, tail: str) -> Card:
    """Choices for "why is X red?" keep the question when chosen ("why is indicator:x ...")."""
    actions = tuple(replace(a, value=f"{a.value} {tail}") if a.id == "ask"
                    and a.value.startswith(verb) else a for a in card.buttons)
    return replace(card, buttons=actions)
