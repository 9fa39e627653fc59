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
from digests.digest import challenge
from digests.digest.data import IndicatorRecord, PartnershipData
from digests.digest.exceptions import exception_reasons, is_exception
from digests.digest.late import late_card, late_sentence
from digests.indicators.status import Status
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
        cards += _member_cards(data, statuses, mine, chart_for, as_of)
    else:
        cards += _team_cards(data, statuses, mine, team_key, audience, as_of, chart_for)
    if not cards:
        cards.append(Card(title="No measures are linked to this team yet", sections=(Section.of(
            "Ask the performance lead to add the team to some indicators in the framework "
            "file."),)))
    made = Digest(title=str(w.title(team_name, audience, period)), cards=tuple(cards))
    return _fit(made, FRONTLINE_WORDS) if audience == "frontline" else made


def shown_keys(data: PartnershipData, team_key: str, audience: str) -> list[str]:
    """The indicators a team's digest for this audience shows (for counting their use)."""
    return [i.spec.key for i in data.indicators
            if audience == "member" or team_key in i.team_keys]


def _team_cards(data: PartnershipData, statuses: dict[str, Status],
                mine: list[IndicatorRecord], team_key: str, audience: str, as_of: date,
                chart_for: ChartFor | None) -> list[Card]:
    w = words()
    manager = audience == "manager"
    cards: list[Card] = []
    if mine:
        image = chart_for([i.spec.key for i in mine]) if chart_for else None
        cards.append(Card(title="How we are doing", sections=_by_outcome(data, statuses, mine,
                                                                       manager, as_of),
                          image=image))
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
                mine: list[IndicatorRecord], manager: bool, as_of: date) -> tuple[Section, ...]:
    """The team's measures under the outcome each serves: one sentence per outcome, then its
    measures with their verdicts, so the thread from work to outcome is in plain sight."""
    sections = []
    placed: set[str] = set()
    for outcome in data.outcomes:
        measured = [i for i in mine if i.outcome_key == outcome.key]
        if measured:
            placed |= {i.spec.key for i in measured}
            sections.append(bullet_section(
                (_measure_line(statuses[i.spec.key], manager, late_sentence(
                    i, statuses[i.spec.key], as_of)) for i in measured),
                heading=outcome.plain or outcome.title))
    rest = [i for i in mine if i.spec.key not in placed]
    if rest:
        sections.append(bullet_section(
            (_measure_line(statuses[i.spec.key], manager, late_sentence(
                i, statuses[i.spec.key], as_of)) for i in rest),
            heading="Other measures"))
    return tuple(sections)


def _manager_extras(data: PartnershipData, statuses: dict[str, Status],
                    mine: list[IndicatorRecord], team_key: str, as_of: date) -> list[Card]:
    cards: list[Card] = []
    ideas = [i for i in data.new_ideas if i.team_key == team_key]
    if ideas:
        cards.append(Card(
            title="New ideas to look at",
            sections=(bullet_section(f"{i.reference}: {_short(i.text)}" for i in ideas[:SOME]),),
            buttons=tuple(Button("idea.review", f"Review {i.reference}", str(i.id))
                          for i in ideas[:5])))
    keys = {i.spec.key for i in mine}
    worked = challenge.what_worked_card([r for r in data.reviews if r.conclusive], keys)
    waiting = challenge.awaiting_review_card(data.reviews, keys)
    cards += [card for card in (worked, waiting) if card is not None]
    late = late_card(mine, statuses, as_of, by_partner=False)
    if late is not None:
        cards.append(late)
    return cards


def _member_cards(data: PartnershipData, statuses: dict[str, Status],
                  mine: list[IndicatorRecord], chart_for: ChartFor | None,
                  as_of: date) -> list[Card]:
    w = words()
    cards: list[Card] = []
    facts = tuple(Fact(i.spec.name, str(w.glance_value(
        statuses[i.spec.key].latest_text, statuses[i.spec.key].verdict,
        _assurance(statuses[i.spec.key]), _target(statuses[i.spec.key])))) for i in mine)
    if facts:
        cards.append(Card(title="At a glance", facts=facts))
    exceptions = [i for i in mine if is_exception(statuses[i.spec.key])]
    if exceptions:
        lines = [_exception_line(i, statuses[i.spec.key]) for i in exceptions]
        image = chart_for([i.spec.key for i in exceptions[:4]]) if chart_for else None
        cards.append(Card(title="Needs attention", sections=(bullet_section(lines),),
                          image=image))
    found = [
        challenge.what_worked_card(data.reviews, title="What changed and what worked"),
        challenge.peer_card(mine, statuses),
        challenge.national_card(mine, statuses),
        challenge.partners_card(data.partner_actions, as_of),
        late_card(mine, statuses, as_of, by_partner=True),
        challenge.cost_card(mine, data.usage),
    ]
    return cards + [card for card in found if card is not None]


def _measure_line(status: Status, manager: bool, late: str | None = None) -> str:
    """One measure with its verdict; a late figure says so, so old data never reads as new."""
    line = _measure_words(status, manager)
    return f"{line} {late}" if late else line


def _measure_words(status: Status, manager: bool) -> str:
    w = words()
    verdict = status.verdict
    summary = status.summary
    if not manager or summary is None:
        return str(w.measure_line(status.spec.name, status.latest_brief, verdict))
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


def _exception_line(record: IndicatorRecord, status: Status) -> str:
    said = status.words
    assert said is not None
    parts = [f"{record.spec.name}: {status.latest_text}, {said.verdict}.",
             *exception_reasons(said, status.style.target(record.spec.target),
                                said.assurance_said)]
    if record.owner:
        parts.append(f"Owner: {record.owner}.")
    return " ".join(parts)


def _notes(data: PartnershipData, team_key: str) -> list[Card]:
    return [Card(title=f"A word from {n.author or 'your manager'}", sections=(Section.of(n.text),))
            for n in data.notes.get(team_key, [])]


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
