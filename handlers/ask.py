""""How are we doing on X?": find X, then answer with the number, the verdict and the thread.

The answer states the latest value and what the variation method says about it; a wobble from
one period to the next is reported as a fact ("up 1.2 points on the month before"), never as a
trend, because the research asks that variation be recognised in reporting.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from digests.cards import Button, Card, Fact, Section
from digests.indicators.lateness import lateness
from digests.indicators.status import Status
from digests.words.numbers import format_period, format_range
from handlers import matching, usage
from handlers.golden_thread import VerdictOf, action_line, thread_card
from handlers.indicators import status_of
from handlers.people import who
from handlers.request import HandlerContext, Request
from models import queries
from models.tables import Indicator, Partnership, Team

_EXACT_PREFIXES = ("indicator:", "outcome:", "objective:", "team:")


def ask(ctx: HandlerContext, request: Request) -> list[Card]:
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        if partnership is None:
            return [no_framework_card()]
        text = request.text.strip()
        lowered = text.lower()
        if "overdue" in lowered or "late action" in lowered:
            return [overdue_card(ctx, session, partnership)]
        if "my team" in lowered:
            person = who(session, partnership.id, request)
            if person is not None and person.teams:
                return [team_card(ctx, session, partnership, person.teams[0])]
        indicators = queries.indicators(session, partnership.id)
        candidates = _candidates(session, partnership.id, indicators)
        found = _exact(text, candidates) or matching.match(text, candidates)
        if found.best is not None:
            card = answer(ctx, session, partnership, found.best, indicators)
            if found.best.kind == "indicator":
                usage.asked(ctx, [found.best.key])
            return [card]
        if found.choices:
            return [choices_card(text, found.choices)]
        return [unknown_card(text, session, partnership.id)]


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
                           _verdicts(ctx, session), focus=objective)
    outcome = next(o for o in queries.outcomes(session, partnership.id) if o.key == target.key)
    return thread_card(session, partnership.id, outcome, ctx.today(), _verdicts(ctx, session))


def indicator_card(ctx: HandlerContext, session: Session, partnership: Partnership,
                   indicator: Indicator) -> Card:
    status = status_of(ctx, session, indicator)
    sections = [Section.of(_headline(status))]
    sections += [Section.of(words) for words in data_notes(status, indicator, ctx.today())]
    if status.words and status.words.reason:
        sections.append(Section.of(status.words.reason))
    facts = [Fact("Latest", status.latest_text)]
    if status.change_text:
        facts.append(Fact("Change", status.change_text))
    if status.target_text:
        assurance = status.words.assurance if status.words else None
        facts.append(Fact("Target", status.target_text + (f": {assurance}" if assurance else "")))
    if status.result is not None and status.words and status.words.verdict != "too early to tell":
        summary = status.result.summary
        facts.append(Fact("Usual range", format_range(summary.lpl, summary.upl, indicator.unit)))
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
    image = ctx.digests.answer_charts.chart(status, title=indicator.name, unit=indicator.unit,
                                            frequency=indicator.frequency,
                                            target=indicator.target)
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
    for indicator in queries.indicators(session, partnership.id):
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
    return Card(title=f"How {team.name} is doing", sections=(Section.of("\n".join(lines)),))


def overdue_card(ctx: HandlerContext, session: Session, partnership: Partnership) -> Card:
    late = queries.overdue(session, partnership.id, ctx.today())
    if not late:
        return Card(title="Nothing is overdue", sections=(Section.of(
            "Every open action is within its due date."),))
    lines = "\n".join(f"• {action_line(a, ctx.today())}" for a in late)
    return Card(title=f"{len(late)} action{'s' if len(late) != 1 else ''} past the due date",
                sections=(Section.of(lines),
                          Section.of("Owners get a friendly reminder. If you can help, say so.")))


def choices_card(question: str, choices: tuple[matching.Candidate, ...]) -> Card:
    return Card(
        title="Which one did you mean?",
        sections=(Section.of(f"“{question}” could mean more than one thing."),),
        buttons=tuple(Button("ask", c.name, f"{c.kind}:{c.key}") for c in choices),
    )


def unknown_card(question: str, session: Session, partnership_id: int) -> Card:
    names = [i.name for i in queries.indicators(session, partnership_id)]
    outcomes = [o.title for o in queries.outcomes(session, partnership_id)]
    return Card(
        title="I don't track that yet",
        sections=(
            Section.of(f"I couldn't find “{question}”. Here is what I do track."),
            Section.of("\n".join(f"• {n}" for n in outcomes), heading="Outcomes"),
            Section.of("\n".join(f"• {n}" for n in names), heading="Measures"),
        ),
        footer="Ask the performance lead to add a measure to the framework file.",
    )


def no_framework_card() -> Card:
    return Card(title="No partnership loaded yet", sections=(Section.of(
        "Load a framework file first: goldthread framework load FILE."),))


def _candidates(session: Session, partnership_id: int,
                indicators: list[Indicator]) -> list[matching.Candidate]:
    found: list[matching.Candidate] = []
    for i in indicators:
        labels = (i.name, i.key, *i.aliases, *((i.national_code,) if i.national_code else ()))
        found.append(matching.Candidate("indicator", i.key, i.name, labels))
    for o in queries.outcomes(session, partnership_id):
        labels = (o.title, o.key, *((o.plain,) if o.plain else ()))
        found.append(matching.Candidate("outcome", o.key, o.title, labels))
    for b in queries.objectives(session, partnership_id):
        found.append(matching.Candidate("objective", b.key, b.title, (b.title, b.key)))
    for t in queries.teams(session, partnership_id):
        found.append(matching.Candidate("team", t.key, t.name, (t.name, t.key)))
    return found


def _exact(text: str, candidates: list[matching.Candidate]) -> matching.Match | None:
    """Buttons send "indicator:home-91": no guessing for a choice already made."""
    if not text.startswith(_EXACT_PREFIXES):
        return None
    kind, _, key = text.partition(":")
    for candidate in candidates:
        if candidate.kind == kind and candidate.key == key.strip():
            return matching.Match(candidate)
    return None


def _verdicts(ctx: HandlerContext, session: Session) -> VerdictOf:
    def verdict_of(indicator: Indicator) -> str:
        status = status_of(ctx, session, indicator)
        return f"{status.latest_text}, {status.verdict}" if status.verdict else status.latest_text

    return verdict_of

