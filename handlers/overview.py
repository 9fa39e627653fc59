"""The partnership at a glance, in a few lines grouped by outcome.

Three answers share it: "how are we doing?" (no subject: what is news, by outcome), a question
about something the partnership does not track (say so, then what it does track), and "what's
late?" (actions past their date and figures that have not arrived).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from digests.cards import Card, Section, bullet_section
from digests.indicators.lateness import expected_period, is_late
from digests.words import numbers
from digests.words.grammar import join_and, plural
from handlers.golden_thread import action_line
from handlers.indicators import status_of
from handlers.matching import Match
from handlers.ordering import by_outcome, outcomes_in_order
from handlers.request import HandlerContext
from handlers.vocabulary import CONCEPT, vocabulary
from models import queries
from models.tables import Indicator

NEWS = ("getting worse", "improving", "changed")
FOOTER = "Ask about any of them: “how are we doing on delayed discharges?”, or type help."


def short_name(indicator: Indicator) -> str:
    """A measure's name without its explanation: "Delayed discharges", "Emergency admissions
    of people aged 65+"."""
    name = indicator.name.split(":")[0].split(" (")[0]
    return name.strip() or indicator.name


def grouped(indicators: list[Indicator],
            line: Callable[[Indicator], str | None]) -> list[Section]:
    """One section per outcome (in the file's order), its measures' lines beneath it; a
    measure whose `line` is None is left out, and so is an outcome left with none."""
    groups: dict[int | None, tuple[str, list[str]]] = {}
    for indicator in by_outcome(indicators):
        said = line(indicator)
        if said is None:
            continue
        outcome = indicator.top_outcome
        heading = (outcome.plain or outcome.title) if outcome else "Other measures"
        groups.setdefault(outcome.id if outcome else None, (heading, []))[1].append(said)
    return [bullet_section(lines, heading=heading) for heading, lines in groups.values()]


def overview_card(ctx: HandlerContext, session: Session, indicators: list[Indicator]) -> Card:
    """ "How are we doing?": the measures that are news, by outcome; the rest counted."""
    quiet = 0

    def line(indicator: Indicator) -> str | None:
        nonlocal quiet
        status = status_of(ctx, session, indicator)
        words = status.words
        failing = words is not None and words.assurance is not None and \
            words.assurance.startswith("will not")
        if status.verdict not in NEWS and not failing:
            quiet += 1
            return None
        said = [status.verdict] if status.verdict in NEWS else []
        if failing and words is not None and words.assurance:
            said.append(words.assurance)
        return f"{indicator.name}: {join_and(said)}; {status.latest_in}"

    sections = grouped(indicators, line)
    if quiet:
        rest = "the other" if sections else "all"
        sections.append(Section.of(
            f"{rest.capitalize()} {plural(quiet, 'measure')} show no real change "
            "or are too early to tell." if quiet > 1 else
            f"{rest.capitalize()} measure shows no real change or is too early to tell."))
    if not indicators:
        sections = [Section.of("No measures are in the framework file yet.")]
    return Card(title="How the partnership is doing", sections=tuple(sections), footer=FOOTER)


def unknown_card(question: str, found: Match | None, session: Session, partnership_id: int,
                 indicators: list[Indicator]) -> Card:
    """Not tracked: say what was not found (by its proper name when the vocabulary knows it),
    then what is tracked, one line per outcome."""
    vocab = vocabulary()
    known = [vocab.name_of(t) for t in (found.unknown if found else ())
             if t.startswith(CONCEPT)]
    what = join_and(known) if known else (found.topic if found and found.topic else question)
    lines = []
    for outcome in outcomes_in_order(queries.outcomes(session, partnership_id)):
        names = [short_name(i) for i in by_outcome(indicators)
                 if i.top_outcome is not None and i.top_outcome.id == outcome.id]
        if names:
            lines.append(f"{outcome.title}: {'; '.join(names)}")
    loose = [short_name(i) for i in indicators if i.top_outcome is None]
    if loose:
        lines.append(f"Other measures: {'; '.join(loose)}")
    return Card(
        title="I don't track that yet",
        sections=(
            Section.of(f"I couldn't find “{what}”. This is what I do track, by outcome:"),
            bullet_section(lines),
        ),
        footer="Ask about any of these, or ask the performance lead to add a measure to the "
               "framework file.",
    )


def late_or_overdue(ctx: HandlerContext, *, late: bool) -> Card:
    """ "what's late?" (figures and actions) or "what's overdue?" (actions only)."""
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        if partnership is None:
            return Card(title="No partnership loaded yet", sections=(Section.of(
                "Load a framework file first: goldthread framework load FILE."),))
        if late:
            return late_card(ctx, session, partnership.id)
        return overdue_card(ctx, session, partnership.id)


def late_card(ctx: HandlerContext, session: Session, partnership_id: int) -> Card:
    """ "What's late?": open actions past their date, and measures whose figures are due."""
    today = ctx.today()
    sections: list[Section] = []
    overdue = queries.overdue(session, partnership_id, today)
    if overdue:
        sections.append(bullet_section((action_line(a, today) for a in overdue),
                                       heading="Actions past their due date"))
    late = []
    for indicator in by_outcome(queries.indicators(session, partnership_id)):
        status = status_of(ctx, session, indicator)
        if is_late(status.latest_period, indicator.frequency, today):
            expected = numbers.format_period(expected_period(indicator.frequency, today),
                                             indicator.frequency)
            have = numbers.format_period(status.latest_period, indicator.frequency) \
                if status.latest_period else "none yet"
            late.append(f"{indicator.name}: latest figure {have}; {expected} was due")
    if late:
        sections.append(bullet_section(late, heading="Figures that have not arrived"))
    if not sections:
        return Card(title="Nothing is late", sections=(Section.of(
            "Every open action is within its date and every measure's figures are in."),))
    return Card(title="What is late", sections=tuple(sections), footer=(
        "Owners get a friendly reminder. If you can help, say so."))


def overdue_card(ctx: HandlerContext, session: Session, partnership_id: int) -> Card:
    late = queries.overdue(session, partnership_id, ctx.today())
    if not late:
        return Card(title="Nothing is overdue", sections=(Section.of(
            "Every open action is within its due date."),))
    lines = "\n".join(f"• {action_line(a, ctx.today())}" for a in late)
    return Card(title=f"{plural(len(late), 'action')} past the due date",
                sections=(Section.of(lines),
                          Section.of("Owners get a friendly reminder. If you can help, say so.")))
