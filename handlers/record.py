"""Figures entered in chat: `/perf record <indicator> <value> [for <period>]`, and the form
the late-data nudge opens. Platform-neutral: every adapter (each chat platform, the terminal)
calls `record` or `record_entry` and shows the Card; the form maps `errors` to its fields.

Only the indicator's owner or an admin may record its figures. The row is validated exactly as
a file's row is (`models.imports.validate`), so a period that has not ended or a value that
cannot be is refused with the importer's words. A correction, or a value far outside everything
seen before, is stored only once the person confirms it; a correction keeps the old value in
the history. The figure is stored before the reply says so.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from digests.cards import Button, Card, Section
from digests.indicators.lateness import lateness
from digests.words.numbers import format_period, format_value
from handlers.people import who
from handlers.record_parse import (
    CANCEL,
    USAGE,
    Entry,
    WrongKindOfPeriod,
    parse_entry,
    parse_period,
)
from handlers.request import HandlerContext, Request
from models import queries
from models.imports.importer import far_outside
from models.imports.upsert import Counts, apply_measurements, same
from models.imports.validate import IndicatorInfo, parse_number, validate
from models.periods import last_ended, next_period, previous_period
from models.tables import Indicator, Measurement, Person

SOURCE = "chat"
CHOICES = 6  # periods offered in the form


@dataclass
class RecordOutcome:
    """The reply; for a form, which field each problem belongs to; whether it was stored."""

    card: Card
    stored: bool = False
    errors: dict[str, str] = field(default_factory=dict)  # indicator | period | value | quality
    question: str | None = None  # what must be confirmed before it is stored


@dataclass(frozen=True)
class RecordForm:
    """What the form needs: the indicator, the periods to choose from and the one due."""

    key: str
    name: str
    unit: str
    periods: tuple[tuple[str, str], ...]  # (ISO start, label), newest first
    due: str  # ISO start of the period that is due


def record(ctx: HandlerContext, request: Request) -> list[Card]:
    """The chat command: the words after `record`."""
    text = request.text.strip()
    if text.lower() == CANCEL:
        return [_card("Nothing was recorded", "The figure stays as it was.")]
    entry = parse_entry(text)
    if entry is None:
        return [_card("Which figure shall I record?", f"Say it like this: {USAGE}")]
    return [record_entry(ctx, request, entry).card]


def record_entry(ctx: HandlerContext, request: Request, entry: Entry) -> RecordOutcome:
    with ctx.sessions() as session, session.begin():
        return _record(ctx, session, request, entry)


def _record(ctx: HandlerContext, session: Session, request: Request,
            entry: Entry) -> RecordOutcome:
    partnership = queries.current_partnership(session)
    if partnership is None:
        return _refused("indicator", "No partnership is loaded yet.")
    indicators = queries.indicators(session, partnership.id)
    indicator = find(indicators, entry.indicator)
    if indicator is None:
        return _refused("indicator", unknown(entry.indicator, indicators))
    person = who(session, partnership.id, request)
    if not may_record(person, indicator):
        owner = f" ({indicator.owner.name})" if indicator.owner else ""
        return _refused("indicator", f"Only the owner of {indicator.name}{owner} or an admin "
                        "can record its figures. Nothing was saved.", "Not yours to record")
    assert person is not None
    today = ctx.today()
    try:
        period = parse_period(entry.period, indicator.frequency, today) if entry.period \
            else due_period(session, indicator, today)
    except WrongKindOfPeriod as wrong:
        example = format_period(last_ended(today, indicator.frequency), indicator.frequency)
        return _refused("period", f"{str(wrong)[0].upper()}{str(wrong)[1:]}, like {example}. "
                        "Nothing was saved.")
    if period is None:
        example = format_period(last_ended(today, indicator.frequency), indicator.frequency)
        return _refused("period", f'I can\'t read "{entry.period}" as a period. Give it like '
                        f"{example}, or as the date it starts, such as 2026-10-01.")
    row = pd.DataFrame([{"line": 1, "indicator": indicator.key, "period": period.isoformat(),
                         "value": entry.value, "numerator": "", "denominator": "", "area": "",
                         "note": entry.note or "", "quality": entry.quality or ""}], dtype=object)
    info = {indicator.key: IndicatorInfo(indicator.id, indicator.key, indicator.unit,
                                         indicator.frequency)}
    valid, errors = validate(row, info, key_column="area", today=today)
    if errors:
        return _invalid(errors[0].reason)
    (figure,) = valid
    old = session.scalars(select(Measurement).where(
        Measurement.indicator_id == indicator.id, Measurement.period == period,
        Measurement.area == "")).first()
    shown = format_value(figure.value, indicator.unit)
    named = format_period(period, indicator.frequency)
    if old is not None and same(old, figure):
        return RecordOutcome(_card("Already recorded", f"{indicator.name} for {named} is "
                                   f"already {shown}. Nothing changed."))
    questions = []
    if old is not None:
        questions.append(f"{named[0].upper()}{named[1:]} already has "
                         f"{format_value(old.value, indicator.unit)}"
                         f" (from {old.source or 'an import'}). Replace it with {shown}? The "
                         "old figure is kept in the history.")
    doubt = far_outside(session, [figure], {indicator.id: indicator.unit}, "confirm it")
    if doubt:
        questions.append(f"{doubt[0].reason[0].upper()}{doubt[0].reason[1:]}.")
    if questions and not entry.confirm:
        return _confirm(entry, period, indicator, " ".join(questions))
    was = f" It was {format_value(old.value, indicator.unit)}; that is kept in the history." \
        if old is not None else ""
    apply_measurements(session, [figure], Counts(), SOURCE, recorded_by=person.id)
    flag = f" ({entry.quality})" if entry.quality else ""
    return RecordOutcome(_card("Figure recorded", f"{indicator.name}, {named}: {shown}{flag}."
                               f"{was} Thank you."), stored=True)


def form_for(ctx: HandlerContext, request: Request, key: str,
             period: str | None = None) -> RecordForm | Card:
    """The form's contents for one indicator, or a Card saying why there is no form."""
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        indicator = find(queries.indicators(session, partnership.id), key) \
            if partnership else None
        if partnership is None or indicator is None:
            return _card("That measure no longer exists", "Nothing to record.")
        if not may_record(who(session, partnership.id, request), indicator):
            return _card("Not yours to record", f"Only the owner of {indicator.name} or an "
                         "admin can record its figures.")
        today = ctx.today()
        due = due_period(session, indicator, today)
        if period:
            with contextlib.suppress(ValueError):
                due = date.fromisoformat(period)
        choices, current = [], last_ended(today, indicator.frequency)
        for _ in range(CHOICES):
            choices.append(current)
            current = previous_period(current, indicator.frequency)
        if due not in choices:
            choices.append(due)
        return RecordForm(indicator.key, indicator.name, indicator.unit, tuple(
            (p.isoformat(), format_period(p, indicator.frequency))
            for p in sorted(choices, reverse=True)), due.isoformat())


def due_period(session: Session, indicator: Indicator, today: date) -> date:
    """The period a figure is wanted for: the oldest late one, else the one after the latest
    figure if it has ended, else the last that has ended."""
    latest = session.scalar(select(Measurement.period).where(
        Measurement.indicator_id == indicator.id, Measurement.area == ""
    ).order_by(Measurement.period.desc()).limit(1))
    late = lateness(latest, indicator.frequency, today, indicator.late_after_days)
    if late is not None:
        return late.period
    ended = last_ended(today, indicator.frequency)
    if latest is not None and next_period(latest, indicator.frequency) <= ended:
        return next_period(latest, indicator.frequency)
    return ended


def figure_problem(typed: str) -> str | None:
    """What is wrong with a form's figure before anything is looked up, or None: checked at
    once by every adapter's form, beside the field."""
    if not typed:
        return "Enter the figure."
    if parse_number(typed) is None:
        return f'"{typed[:40]}" is not a number; give it like 84.2'
    return None


def unit_hint(unit: str) -> str:
    """How to give a figure in this unit, for every adapter's form."""
    return {"%": "A percentage, such as 84.2", "pounds": "Pounds, such as 1200",
            "days": "Days, such as 4.5", "rate": "The rate, as the measure is defined",
            }.get(unit, "A number, such as 41")


def may_record(person: Person | None, indicator: Indicator) -> bool:
    return person is not None and (person.role == "admin" or person.id == indicator.owner_id)


def find(indicators: list[Indicator], words: str) -> Indicator | None:
    """The indicator the words name exactly (its id, name or an alias, ignoring case): a
    figure is never stored against a guess."""
    wanted = " ".join(words.split()).casefold()
    for indicator in indicators:
        names = (indicator.key, indicator.name, *indicator.aliases)
        if wanted in (" ".join(n.split()).casefold() for n in names):
            return indicator
    return None


def unknown(words: str, indicators: list[Indicator]) -> str:
    from rapidfuzz import process

    names = {i.key: i for i in indicators}
    labels = {label: i.key for i in indicators for label in (i.key, i.name, *i.aliases)}
    match = process.extractOne(words, list(labels), score_cutoff=70)
    hint = ""
    if match is not None:
        best = names[labels[match[0]]]
        hint = f" Did you mean {best.key} ({best.name})?"
    return f'I don\'t know a measure called "{words}".{hint} Nothing was saved.'


def _confirm(entry: Entry, period: date, indicator: Indicator, question: str) -> RecordOutcome:
    card = Card(title="Please confirm this figure", sections=(Section.of(question),),
                buttons=(Button("ask", "Yes, record it",
                                entry.as_command(period, confirm=True), "primary"),
                         Button("ask", "No, leave it", f"record {CANCEL}")))
    return RecordOutcome(card, question=question)


def _invalid(reason: str) -> RecordOutcome:
    errors: dict[str, str] = {}
    for part in reason.split("; "):
        field_name = part.split(" ", 1)[0].strip('"').lower()
        key = field_name if field_name in ("period", "value", "quality", "note") else "value"
        errors.setdefault(key, part)
    return RecordOutcome(_card("That figure was not recorded",
                               f"{reason[0].upper()}{reason[1:]}. Nothing was saved."),
                         errors=errors)


def _refused(field_name: str, message: str, title: str = "That figure was not recorded"
             ) -> RecordOutcome:
    return RecordOutcome(_card(title, message), errors={field_name: message})


def _card(title: str, text: str) -> Card:
    return Card(title=title, sections=(Section.of(text),))
