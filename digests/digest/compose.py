"""Compose a team's digest for an audience: pure, from PartnershipData and indicator statuses.

Frontline staff get one sentence per outcome, their measures with verdicts, one chart, what is
due and "you said, we did". Managers get the limits, assurance, overdue actions, ideas to
triage, changes awaiting review and late data. Members get the partnership picture: a row per
measure, then only the exceptions, what changed, peer position and the cost of measuring.
Empty sections are left out. Nothing is called a trend unless the SPC rules say so: every verdict
comes from the status, never from comparing two numbers here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from digests.cards import Button, Card, Digest, Fact, Image, Section, bullet_section
from digests.digest.data import IndicatorRecord, PartnershipData
from digests.indicators.lateness import expected_period, is_late
from digests.indicators.status import Status
from digests.words import numbers
from digests.words.grammar import more, shorten

TEMPLATES = Path(__file__).parents[1] / "words" / "templates"
ChartFor = Callable[[Sequence[str]], Image | None]
DUE_WINDOW = timedelta(days=14)
FRONTLINE_WORDS = 199  # "under 200 words": frontline staff read it on a phone between visits
SOME = 6  # list lengths that fit a chat message


@cache
def words() -> Any:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("words.j2").module


def compose(data: PartnershipData, statuses: dict[str, Status], team_key: str, audience: str,
            as_of: date, chart_for: ChartFor | None = None) -> Digest:
    """The digest for one team and audience as of a date (the digest's local date)."""
    w = words()
    member = audience == "member"
    mine = data.indicators if member else [i for i in data.indicators
                                           if team_key in i.team_keys]
    team_name = data.team_names.get(team_key, team_key)
    period = f"week of {_day(as_of - timedelta(days=as_of.weekday()))}"
    cards: list[Card] = []
    cards += _notes(data, team_key)
    if member:
        cards += _member_cards(data, statuses, mine, chart_for)
    else:
        cards += _team_cards(data, statuses, mine, team_key, audience, as_of, chart_for)
    if not cards:
        cards.append(Card(title="No measures are linked to this team yet", sections=(Section.of(
            "Ask the performance lead to add the team to some indicators in the framework "
            "file."),)))
    made = Digest(title=str(w.title(team_name, audience, period)), cards=tuple(cards))
    return _fit(made, FRONTLINE_WORDS) if audience == "frontline" else made


def _team_cards(data: PartnershipData, statuses: dict[str, Status],
                mine: list[IndicatorRecord], team_key: str, audience: str, as_of: date,
                chart_for: ChartFor | None) -> list[Card]:
    w = words()
    manager = audience == "manager"
    cards: list[Card] = []
    if mine:
        image = chart_for([i.spec.key for i in mine]) if chart_for else None
        cards.append(Card(title="How we are doing", sections=_by_outcome(data, statuses, mine,
                                                                       manager), image=image))
    # Every open action of the team that is due soon or overdue, however long ago: frontline
    # staff see what is expected of them too, an overdue one framed without blame.
    due = [a for a in data.actions if team_key in a.team_keys and a.status == "open"
           and a.due is not None and a.due <= as_of + DUE_WINDOW]
    if due:
        overdue = sum(a.due is not None and a.due < as_of for a in due)
        title = "Actions due and overdue" if manager else "Actions due"
        shown = due[:SOME] if manager else due[:4]
        lines = [str(w.action_line(a.action, a.owner, _when(a.due, as_of) if manager
                                   else _expected(a.due, as_of))) for a in shown]
        if len(due) > len(shown):
            lines.append(more(len(due) - len(shown), "action"))
        cards.append(Card(title=title, sections=(
            Section.of(str(w.due_intro(overdue))), bullet_section(lines))))
    done = [a for a in data.actions if team_key in a.team_keys and a.completed_on]
    if done:
        lines = [str(w.action_line(a.action, a.owner, "done")) for a in done[:SOME]]
        cards.append(Card(title="Done since last time. Thank you", sections=(
            bullet_section(lines),)))
    updates = [i for i in data.idea_updates if i.team_key == team_key]
    if updates:
        lines = [str(w.idea_update(i.reference, _short(i.text, 60), _status(i.status),
                                   _first_sentence(i.reason)))
                 for i in updates[:SOME]]
        cards.append(Card(title="You said, we did", sections=(bullet_section(lines),)))
    if manager:
        cards += _manager_extras(data, statuses, mine, team_key, as_of)
    return cards


def _by_outcome(data: PartnershipData, statuses: dict[str, Status],
                mine: list[IndicatorRecord], manager: bool) -> tuple[Section, ...]:
    """The team's measures under the outcome each serves: one sentence per outcome, then its
    measures with their verdicts, so the thread from work to outcome is in plain sight."""
    sections = []
    placed: set[str] = set()
    for outcome in data.outcomes:
        measured = [i for i in mine if i.outcome_key == outcome.key]
        if measured:
            placed |= {i.spec.key for i in measured}
            sections.append(bullet_section(
                (_measure_line(statuses[i.spec.key], manager) for i in measured),
                heading=outcome.plain or outcome.title))
    rest = [i for i in mine if i.spec.key not in placed]
    if rest:
        sections.append(bullet_section(
            (_measure_line(statuses[i.spec.key], manager) for i in rest),
            heading="Other measures"))
    return tuple(sections)


def _manager_extras(data: PartnershipData, statuses: dict[str, Status],
                    mine: list[IndicatorRecord], team_key: str, as_of: date) -> list[Card]:
    w = words()
    cards: list[Card] = []
    ideas = [i for i in data.new_ideas if i.team_key == team_key]
    if ideas:
        cards.append(Card(
            title="New ideas to look at",
            sections=(bullet_section(f"{i.reference}: {_short(i.text)}" for i in ideas[:SOME]),),
            buttons=tuple(Button("idea.review", f"Review {i.reference}", str(i.id))
                          for i in ideas[:5])))
    keys = {i.spec.key for i in mine}
    waiting = [c for c in data.changes if c.verdict is None and set(c.indicator_keys) & keys]
    if waiting:
        names = {i.spec.key: i.spec.name for i in mine}
        lines = [str(w.change_line(c.title, _day(c.started),
                                   ", ".join(names[k] for k in c.indicator_keys if k in names)))
                 for c in waiting[:SOME]]
        cards.append(Card(title="Changes awaiting review", sections=(bullet_section(lines),)))
    late = [i for i in mine if is_late(statuses[i.spec.key].latest_period, i.spec.frequency,
                                       as_of)]
    if late:
        lines = [str(w.late_line(
            i.spec.name, _latest_period(statuses[i.spec.key]),
            numbers.format_period(expected_period(i.spec.frequency, as_of), i.spec.frequency)))
            for i in late]
        cards.append(Card(title="Data that is late", sections=(bullet_section(lines),)))
    return cards


def _member_cards(data: PartnershipData, statuses: dict[str, Status],
                  mine: list[IndicatorRecord], chart_for: ChartFor | None) -> list[Card]:
    w = words()
    cards: list[Card] = []
    facts = tuple(Fact(i.spec.name, str(w.glance_value(
        statuses[i.spec.key].latest_text, statuses[i.spec.key].verdict,
        _assurance(statuses[i.spec.key]), _target(statuses[i.spec.key])))) for i in mine)
    if facts:
        cards.append(Card(title="At a glance", facts=facts))
    exceptions = [i for i in mine if _exception(statuses[i.spec.key])]
    if exceptions:
        lines = [_exception_line(i, statuses[i.spec.key]) for i in exceptions]
        image = chart_for([i.spec.key for i in exceptions[:4]]) if chart_for else None
        cards.append(Card(title="Needs attention", sections=(bullet_section(lines),),
                          image=image))
    if data.changes:
        lines = [f"{c.title} (from {_day(c.started)}): "
                 + (c.verdict or "too soon to judge; under review")
                 for c in data.changes[-SOME:]]
        cards.append(Card(title="What changed and what worked", sections=(
            bullet_section(lines),)))
    peers = [line for i in mine if i.peers
             if (line := _peer_line(i, statuses[i.spec.key])) is not None]
    if peers:
        cards.append(Card(title="How we compare", sections=(bullet_section(peers),)))
    hours = sum((i.cost_hours or 0) * _per_month(i.spec.frequency) for i in mine)
    if hours:
        cards.append(Card(title="Cost of measurement", sections=(Section.of(
            str(w.cost_line(f"{hours:,.0f}", f"{len(mine)} measures"))),)))
    return cards


def _measure_line(status: Status, manager: bool) -> str:
    w = words()
    verdict = status.verdict
    if not manager or status.result is None:
        return str(w.measure_line(status.spec.name, status.latest_brief, verdict))
    summary = status.result.summary
    usual = status.style.range(summary.lpl, summary.upl) \
        if verdict != "too early to tell" else None
    target = status.style.target(status.spec.target) \
        if status.spec.target is not None else None
    return str(w.manager_measure_line(status.spec.name, status.latest_text, verdict, usual,
                                      target, _assurance(status)))


def _fit(digest: Digest, limit: int) -> Digest:
    """Shorten the longest lists, last card first, until the digest is within `limit` words;
    what is left out is counted ("and 2 more"), never silently dropped."""
    cards = list(digest.cards)
    while len(Digest(digest.title, tuple(cards)).plain_text.split()) > limit:
        for index in range(len(cards) - 1, -1, -1):
            shorter = _drop_last_item(cards[index])
            if shorter is not None:
                cards[index] = shorter
                break
        else:
            break
    return Digest(digest.title, tuple(cards))


def _drop_last_item(card: Card) -> Card | None:
    for position in range(len(card.sections) - 1, -1, -1):
        lines = card.sections[position].plain_text.split("\n")
        items = [line for line in lines if line.startswith("• ") and not _ismore(line)]
        if len(items) < 2 or card.image is not None:
            continue
        hidden = len(lines) - len(items) + 1
        previous = next((line for line in lines if line.startswith("• and ")), None)
        if previous is not None:
            hidden = int(previous.split()[2]) + 1
        kept = [line.removeprefix("• ") for line in items[:-1]] + [more(hidden, _noun_of(card))]
        sections = list(card.sections)
        sections[position] = bullet_section(kept, heading=card.sections[position].heading)
        return replace(card, sections=tuple(sections))
    return None


def _ismore(line: str) -> bool:
    words = line.split()
    return len(words) in (4, 5) and words[1] == "and" and words[2].isdigit() and \
        words[3] == "more"


def _assurance(status: Status) -> str | None:
    """The assurance, with what the latest figures say when they disagree with it."""
    return status.words.assurance_said if status.words else None


def _target(status: Status) -> str | None:
    if status.spec.target is None:
        return None
    return status.style.target(status.spec.target)


def _latest_period(status: Status) -> str:
    if status.latest_period is None:
        return "no period yet"
    return numbers.format_period(status.latest_period, status.spec.frequency)


def _exception(status: Status) -> bool:
    words_ = status.words
    return words_ is not None and (
        words_.verdict == "getting worse"
        or words_.assurance == "will not meet the target without a change")


def _exception_line(record: IndicatorRecord, status: Status) -> str:
    said = status.words
    assert said is not None
    parts = [f"{record.spec.name}: {status.latest_text}, {said.verdict}."]
    if said.verdict == "getting worse":
        parts.append(said.reason)
    if said.assurance == "will not meet the target without a change":
        parts.append(f"Target {status.style.target(record.spec.target)}: "
                     f"{said.assurance_said}.")
    if record.owner:
        parts.append(f"Owner: {record.owner}.")
    return " ".join(parts)


def _peer_line(record: IndicatorRecord, status: Status) -> str | None:
    if status.latest_value is None:
        return None
    style = status.style  # the same scale as the measure's own figures in this message
    values = [v for _, v in record.peers]
    ours = status.latest_value
    better_high = record.spec.improvement != "decrease"
    ranked = sorted([*values, ours], reverse=better_high)
    return str(words().peer_line(
        record.spec.name, style.value(ours), style.value(min(values)), style.value(max(values)),
        ranked.index(ours) + 1, len(ranked)))


def _notes(data: PartnershipData, team_key: str) -> list[Card]:
    return [Card(title=f"A word from {n.author or 'your manager'}", sections=(Section.of(n.text),))
            for n in data.notes.get(team_key, [])]


def _per_month(frequency: str) -> float:
    return {"week": 52 / 12, "month": 1.0, "quarter": 1 / 3}[frequency]


def _expected(due: date | None, as_of: date) -> str:
    """For frontline staff: an overdue action is still open, and a new date is being agreed
    (it is not late work to blame anyone for)."""
    if due is not None and due < as_of:
        return "still open: a new date is being agreed"
    return _when(due, as_of)


def _noun_of(card: Card) -> str:
    title = card.title.lower()
    for word, noun in (("action", "action"), ("idea", "idea"), ("you said", "idea"),
                       ("change", "change"), ("data", "measure")):
        if word in title:
            return noun
    return "item"


def _when(due: date | None, as_of: date) -> str:
    if due is None:
        return "no due date"
    day = f"{due.day} {due:%b}" if due.year == as_of.year else _day(due)
    return f"was due {day}" if due < as_of else f"due {day}"


def _status(status: str) -> str:
    return status.replace("_", " ")


def _first_sentence(text: str | None) -> str | None:
    if not text:
        return None
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def _short(text: str, limit: int = 90) -> str:
    """Cut at a whole word, with an ellipsis (never "…worker th…")."""
    return shorten(text, limit)


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
