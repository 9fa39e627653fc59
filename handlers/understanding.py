"""What a question is about, decided from the partnership's own names before any answer is drawn.

`candidates` turns the framework (indicators, outcomes, objectives, teams) into what the matcher
reads, each with the team it belongs to so a choice can say "Cost per reablement episode
(Reablement Team)"; `understand` decides: an exact reference from a button, "my team", or the
matcher's verdict. `decide_label` says the decision in a word, for the evaluation benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from handlers import matching
from handlers.intents import read
from handlers.matching import Candidate, Match, Matcher
from models import queries
from models.tables import Indicator, Person, Team

EXACT_PREFIXES = ("indicator:", "outcome:", "objective:", "team:")
MY_TEAM = ("my team", "our team", "my teams", "our teams", "my service", "our service")


@dataclass(frozen=True)
class Understood:
    """`target` to answer about; else `choices` to offer; else nothing was found (`match`
    says why: no subject at all, or words nothing here is called)."""

    target: Candidate | None = None
    choices: tuple[Candidate, ...] = ()
    match: Match | None = None
    mine: bool = False  # the choices are the asker's own teams ("my team")
    no_team: bool = False  # "my team", from someone with no team in the framework file

    @property
    def empty(self) -> bool:
        """The question named no subject ("how are we doing?")."""
        return self.match is not None and self.match.empty


def candidates(session: Session, partnership_id: int,
               indicators: list[Indicator] | None = None) -> list[Candidate]:
    """Every target of the partnership, with all its names."""
    indicators = indicators if indicators is not None else queries.indicators(
        session, partnership_id)
    teams = queries.teams(session, partnership_id)
    size = {t.id: sum(t.id in {x.id for x in i.teams} for i in indicators) for t in teams}
    found: list[Candidate] = []
    for i in indicators:
        outcome = i.top_outcome
        labels = (i.name, *i.aliases, *((i.national_code,) if i.national_code else ()))
        found.append(Candidate("indicator", i.key, i.name, labels, (i.key,),
                               context=_team_of(i.teams, size),
                               group=outcome.key if outcome else ""))
    for o in queries.outcomes(session, partnership_id):
        labels = (o.title, *((o.plain,) if o.plain else ()))
        found.append(Candidate("outcome", o.key, o.title, labels, (o.key,), context="outcome",
                               group=o.key))
    for b in queries.objectives(session, partnership_id):
        teams_of = [t for i in indicators if i.objective_id == b.id for t in i.teams]
        found.append(Candidate("objective", b.key, b.title, (b.title,), (b.key,),
                               context=_team_of(teams_of, size) or "objective",
                               group=b.outcome.key))
    for t in teams:
        found.append(Candidate("team", t.key, t.name, (t.name,), (t.key,),
                               context=t.partner.name if t.partner else "team"))
    return found


def _team_of(teams: list[Team], size: dict[int, int]) -> str:
    """The most specific team a target belongs to: the one with the fewest measures, so A&E
    shows the urgent care group rather than the leadership team that sees everything."""
    if not teams:
        return ""
    return min(teams, key=lambda t: (size.get(t.id, 0), t.key)).name


def understand(session: Session, partnership_id: int, person: Person | None,
               text: str, found: list[Candidate] | None = None,
               kinds: tuple[str, ...] = matching.KINDS) -> Understood:
    """Decide what `text` asks about. `kinds` limits the targets (a thread is an outcome)."""
    everything = found if found is not None else candidates(session, partnership_id)
    pool = [c for c in everything if c.kind in kinds]
    exact = _exact(text, pool)
    if exact is not None:
        return Understood(target=exact)
    if "team" in kinds and any(phrase in text.casefold() for phrase in MY_TEAM):
        return _my_team(person, pool)
    result = Matcher(pool).match(text)
    return Understood(target=result.best, choices=result.choices, match=result)


def _exact(text: str, pool: list[Candidate]) -> Candidate | None:
    """Buttons send "indicator:home-91": no guessing for a choice already made. A bare id
    ("home-91", "/perf thread home") is exact too."""
    wanted = text.strip()
    if wanted.startswith(EXACT_PREFIXES):
        kind, _, key = wanted.partition(":")
        return next((c for c in pool if c.kind == kind and c.key == key.strip()), None)
    same = [c for c in pool if c.key == wanted.casefold()]
    return same[0] if len(same) == 1 else None


def _my_team(person: Person | None, pool: list[Candidate]) -> Understood:
    """"How is my team doing?": the one team, or a choice between one's teams."""
    if person is None or not person.teams:
        return Understood(no_team=True)
    mine = [c for c in pool if c.kind == "team" and c.key in {t.key for t in person.teams}]
    if len(mine) == 1:
        return Understood(target=mine[0])
    return Understood(choices=tuple(mine), mine=True)


# ---- the decision in one word, for bench/bench_understanding.py and its test -------------


def decide_label(ctx: object, text: str, asker: str | None) -> str:
    """What the bot would do with `text` from `asker`, as the evaluation set labels it:
    "indicator:home-91", "choices:team:a|team:b", "none", "overview", "smalltalk", ..."""
    sessions = ctx.sessions  # type: ignore[attr-defined]
    intent = read(text)
    with sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None, "the benchmark loads the demo partnership first"
        person = queries.person_by_key(session, partnership.id, asker) if asker else None
        if intent.kind == "explain":
            return f"explain:{intent.text}"
        if intent.kind == "pick":
            return "none"  # nothing was offered: a number alone is not a question
        if intent.kind in ("smalltalk", "help", "late", "overdue"):
            return intent.kind
        if intent.kind in ("owner", "why"):
            if not intent.text:
                return intent.kind
            inner = _label(understand(session, partnership.id, person, intent.text))
            return f"{intent.kind}:{inner}"
        if intent.kind != "ask":
            return intent.kind
        return _label(understand(session, partnership.id, person, intent.text))


def _label(found: Understood) -> str:
    if found.target is not None:
        return found.target.value
    if found.choices:
        return "choices:" + "|".join(c.value for c in found.choices)
    return "overview" if found.empty else "none"
