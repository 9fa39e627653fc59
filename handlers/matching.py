"""Find what a question is about: an indicator, an outcome, an objective or a team.

Pure: takes candidate names, returns a decision. People type "how are we doing on the 91 day
thing?" or "DToC"; we strip the question words, fuzzy-match every name and alias, and only claim
a match when one target clearly wins. Otherwise we offer up to three choices rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process, utils

TargetKind = Literal["indicator", "outcome", "objective", "team"]

_QUESTION_WORDS = re.compile(
    r"\b(how('s| is| are)?|what('s| is| are)?|are|is|we|our|us|doing|going|getting|on|with|"
    r"the|about|tell|me|show|please|performance|of|for|at|latest|figures?|numbers?|looking)\b",
    re.IGNORECASE,
)
CLEAR_MATCH = 86  # a score this high is a match on its own
GOOD_ENOUGH = 72  # below this nothing is offered at all
MARGIN = 6  # the winner must beat the runner-up by this much


@dataclass(frozen=True)
class Candidate:
    kind: TargetKind
    key: str
    name: str  # the display name
    labels: tuple[str, ...]  # everything it may be called: name, aliases, id, codes


@dataclass(frozen=True)
class Match:
    """`best` when one target clearly wins; otherwise `choices` (up to three) or nothing."""

    best: Candidate | None
    choices: tuple[Candidate, ...] = ()


def topic_of(question: str) -> str:
    """The words of a question that name its subject."""
    stripped = _QUESTION_WORDS.sub(" ", question.replace("?", " "))
    stripped = re.sub(r"\s+", " ", stripped).strip(" .,!-")
    return stripped or question.strip()


def match(question: str, candidates: list[Candidate]) -> Match:
    topic = topic_of(question)
    if not topic or not candidates:
        return Match(None)
    labels: list[str] = []
    owners: list[int] = []
    for index, candidate in enumerate(candidates):
        for label in candidate.labels:
            labels.append(label)
            owners.append(index)
    scored: dict[int, float] = {}
    for _label, score, position in process.extract(
        topic, labels, scorer=_score, processor=utils.default_process, limit=None
    ):
        owner = owners[position]
        scored[owner] = max(scored.get(owner, 0.0), float(score))
    ranked = sorted(scored.items(), key=lambda item: (-item[1], candidates[item[0]].name))
    ranked = [(i, s) for i, s in ranked if s >= GOOD_ENOUGH]
    if not ranked:
        return Match(None)
    top_index, top_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if top_score >= CLEAR_MATCH and top_score - runner_up >= MARGIN:
        return Match(candidates[top_index])
    # Not sure: offer the close ones (even a single "did you mean?") rather than guess.
    close = [candidates[i] for i, s in ranked[:3] if top_score - s < 20]
    return Match(None, tuple(close))


def _score(query: str, label: str, **_: object) -> float:
    """Whole-name similarity; a short name said word for word ("DToC") counts for more the
    more of the question it covers, so "reablement success" prefers the alias of that name to
    the team called "reablement"."""
    if not query or not label:
        return 0.0
    if query == label:
        return 100.0
    # Partial matching finds "ta" inside "target": short names must match whole words.
    whole = float(fuzz.ratio(query, label) if len(label) <= 4 else fuzz.WRatio(query, label))
    if len(label) <= 12 and re.search(rf"\b{re.escape(label)}\b", query):
        return max(whole, 60.0 + 40.0 * len(label) / len(query))
    return whole
