""""How are we doing on X?": find X, then answer with the number, the verdict and the thread.

Understanding is decided in `handlers.understanding` (names, synonyms, typos, "my team"); this
module turns the decision into a reply: the answer when one target clearly wins, up to three
real candidates (each with its team) when several could, an overview of the partnership for a
question with no subject ("how are we doing?"), and for anything it does not track, that it
does not track it and what it does, grouped by outcome.

The answer states the latest value and what the variation method says about it; a wobble from
one period to the next is reported as a fact ("up 1.2 points on the month before"), never as a
trend, because the research asks that variation be recognised in reporting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from digests.cards import Button, Card, Fact, Section
from digests.indicators.lateness import lateness
from digests.indicators.status import Status
from digests.words.grammar import how_is, shorten
from digests.words.numbers import format_period
from handlers import matching, overview, understanding, usage
from handlers.golden_thread import VerdictOf, action_line, thread_card
from handlers.indicators import analysed_status, status_of
from handlers.ordering import by_outcome
from handlers.people import who
from handlers.request import HandlerContext, Request
from models import queries
from models.tables import Indicator, Partnership, Team


@dataclass(frozen=True)
class Answered:
    """The reply, and the target it was about ("indicator:home-91"), for "why is this red?"."""

    cards: list[Card]
    topic: str | None = None


def ask(ctx: HandlerContext, request: Request) -> list[Card]:
    return reply(ctx, request).cards


def reply(ctx: HandlerContext, request: Request,
          kinds: tuple[str, ...] = matching.KINDS, verb: str = "") -> Answered:
    """Answer `request.text`. `kinds` limits what it may be about; `verb` prefixes each
    choice's value ("who owns") so that choosing keeps the question that was asked."""
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        if partnership is None:
            return Answered([no_framework_card()])
        person = who(session, partnership.id, request)
        indicators = queries.indicators(session, partnership.id)
        found = understanding.candidates(session, partnership.id, indicators)
        text = request.text.strip()
        decided = understanding.understand(session, partnership.id, person, text, found, kinds)
        if decided.target is not None:
            card = answer(ctx, session, partnership, decided.target, indicators)
            if decided.target.kind == "indicator":
                usage.asked(ctx, [decided.target.key])
            return Answered([card], decided.target.value)
        if decided.choices:
            return Answered([choices_card(text, decided.choices, mine=decided.mine,
                                          verb=verb)])
        if decided.no_team:
            return Answered([no_team_card()])
        if decided.empty:
            return Answered([overview.overview_card(ctx, session, indicators)])
        return Answered([overview.unknown_card(text, decided.match, session, partnership.id,
                                               indicators)])


def answer(ctx: HandlerContext, session: Session, partnership: Partnership,
           target: matching.Candidate, indicators: list[Indicator] | None = None) -> Card:
    if target.kind == "indicator":
        indicator = next(i for i in indicators or queries.indicators(session, partnership.id)
                         if i.key == target.key)
        return indicator_card(ctx, session, partnership, indicator)
    if target.kind == "team":
        team = queries.team_by_key(session, partnership.id, target.key)
        assert team is not None
        return team_card(ctx, session, partnership, team)
    if target.kind == "objective":
        objective = next(o for o in queries.objectives(session, partnership.id)
                         if o.key == target.key)
        return thread_card(session, partnership.id, objective.outcome, ctx.today(),
                           verdicts(ctx, session), focus=objective)
    outcome = next(o for o in queries.outcomes(session, partnership.id) if o.key == target.key)
    return thread_card(session, partnership.id, outcome, ctx.today(), verdicts(ctx, session))


def indicator_card(ctx: HandlerContext, session: Session, partnership: Partnership,
                   indicator: Indicator) -> Card:
    status = status_of(ctx, session, indicator)
    sections = [Section.of(_headline(status))]
    sections += [Section.of(words) for words in data_notes(status, indicator, ctx.today())]
    if status.words and status.words.reason:
        sections.append(Section.of(status.words.reason))
    if status.words and status.words.rebase_sentence:
        sections.append(Section.of(status.words.rebase_sentence))
    if status.gap_sentence:
        sections.append(Section.of(status.gap_sentence))
    facts = [Fact("Latest", status.latest_text)]
    if status.change_text:
        facts.append(Fact("Change", status.change_text))
    if status.target_text:
        assurance = status.words.assurance if status.words else None
        facts.append(Fact("Target", status.target_text + (f": {assurance}" if assurance else "")))
    if status.usual_text:
        facts.append(Fact("Usual range", status.usual_text))
    facts.append(Fact("Owner", indicator.owner.name if indicator.owner else "no owner yet"))
    if indicator.national_code:
        facts.append(Fact("National measure", indicator.national_code))
    sections.append(Section.of(_thread_above(indicator), heading="Golden thread"))
    actions = queries.actions(session, partnership.id, indicator_ids=[indicator.id],
                              objective_ids=[indicator.objective_id]
                              if indicator.objective_id else [])
    if actions:
        lines = "\n".join(f"• {action_line(a, ctx.today())}" for a in actions[:6])
        sections.append(Section.of(lines, heading="Actions"))
    image = ctx.digests.answer_charts.chart(
        status, title=indicator.name, unit=indicator.unit, frequency=indicator.frequency,
        target=indicator.target, analysed=lambda: analysed_status(ctx, session, indicator))
    return Card(title=indicator.name, sections=tuple(sections), facts=tuple(facts), image=image,
                footer=_cost_note(indicator))


def _headline(status: Status) -> str:
    if not status.has_data:
        return "There is no data for this yet."
    if status.words is None:
        return f"The latest figure is {status.latest_text}."
    text = f"{status.words.verdict.capitalize()}."
    if status.words.provisional:
        text += f" {status.words.provisional}"
    return text


def data_notes(status: Status, indicator: Indicator, today: date) -> list[str]:
    """What the reader must know before trusting the latest figure: that it is late (so it is
    not today's picture), and that it is provisional (it may change)."""
    notes = []
    late = lateness(status.latest_period, indicator.frequency, today, indicator.late_after_days)
    if late is not None and status.latest_period is not None:
        latest = format_period(status.latest_period, indicator.frequency)
        notes.append(f"{late.sentence(today)} The latest figure here is for {latest}.")
    if status.latest_quality in ("provisional", "estimated") and status.latest_period:
        period = format_period(status.latest_period, indicator.frequency)
        may = " and may be revised" if status.latest_quality == "provisional" else ""
        notes.append(f"The {period} figure is {status.latest_quality}{may}"
                     + (" (a hollow point on the chart)." if status.provisional else "."))
    return notes


def _thread_above(indicator: Indicator) -> str:
    parts = []
    outcome = indicator.top_outcome
    if outcome is not None:
        parts.append(f"Outcome: {outcome.title}")
    chain = []
    objective = indicator.objective
    while objective is not None:
        chain.append(f"Objective: {objective.title}")
        objective = objective.parent
    parts += reversed(chain)
    parts.append(f"Measure: {indicator.name}")
    return "\n".join(f"{'  ' * depth}↳ {part}" if depth else part
                     for depth, part in enumerate(parts))


def _cost_note(indicator: Indicator) -> str | None:
    if indicator.cost_hours is None:
        return None
    hours = f"{indicator.cost_hours:g}"
    plural = "" if indicator.cost_hours == 1 else "s"
    return f"Measuring this takes about {hours} staff hour{plural} a {indicator.frequency}."


def team_card(ctx: HandlerContext, session: Session, partnership: Partnership,
              team: Team) -> Card:
    lines = []
    for indicator in by_outcome(queries.indicators(session, partnership.id)):
        if team.id not in {t.id for t in indicator.teams}:
            continue
        status = status_of(ctx, session, indicator)
        verdict = f": {status.verdict}" if status.verdict else ""
        late = lateness(status.latest_period, indicator.frequency, ctx.today(),
                        indicator.late_after_days)
        behind = f" ({late.words(ctx.today())})" if late and status.has_data else ""
        lines.append(f"• {indicator.name}: {status.latest_text}{verdict}{behind}")
    if not lines:
        lines.append("No measures are linked to this team yet.")
    return Card(title=how_is(team.name), sections=(Section.of("\n".join(lines)),))


def choices_card(question: str, choices: tuple[matching.Candidate, ...], *, mine: bool = False,
                 verb: str = "") -> Card:
    """Up to three real candidates, each named in full with its team, and a button for each
    (its label cut at a word: the full name is in the text above it)."""
    lines = "\n".join(f"{n}. {c.name}" + (f" ({c.context})" if c.context else "")
                      for n, c in enumerate(choices, start=1))
    intro = "Which of your teams?" if mine else f"“{shorten(question, 80)}” could mean:"
    return Card(
        title="Which team?" if mine else "Which one did you mean?",
        sections=(Section.of(intro), Section.of(lines)),
        buttons=tuple(Button("ask", c.name, f"{verb} {c.value}".strip() if verb else c.value)
                      for c in choices),
    )


def no_team_card() -> Card:
    return Card(title="I can't tell which team is yours", sections=(Section.of(
        "Name the team (for example “how is the Reablement Team doing?”), or ask the "
        "performance lead to add you to a team in the framework file."),))


def no_framework_card() -> Card:
    return Card(title="No partnership loaded yet", sections=(Section.of(
        "Load a framework file first: goldthread framework load FILE."),))


def verdicts(ctx: HandlerContext, session: Session) -> VerdictOf:
    def verdict_of(indicator: Indicator) -> str:
        status = status_of(ctx, session, indicator)
        return f"{status.latest_text}, {status.verdict}" if status.verdict else status.latest_text

    return verdict_of
