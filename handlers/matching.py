"""Find what a question is about: an indicator, an outcome, an objective or a team.

Pure: takes the candidates and a question, returns a decision with an honest confidence.
A confident wrong answer is worse than a question back, so the matcher claims a target only
when the question's own words are (nearly) all accounted for by that target and by no other:

- every label (name, alias, title, plain words, national code, id) and the question become
  terms through the shared vocabulary (spelling, stems, typo correction, synonyms);
- each term weighs what it tells apart: one found in many targets ("people", "care") weighs
  little, one found in a single target ("brokerage") much, and a word no target has weighs most,
  so "how are we doing on bed occupancy?" cannot ride on "bed" into another measure;
- a candidate scores by how much of the question's weight it covers, and how much of its
  best label the question covers (the id counts for less than a name);
- high and clearly ahead: the answer; middling: up to three candidates; low: nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from handlers.vocabulary import CONCEPT, Vocabulary, split, stem, vocabulary

TargetKind = Literal["indicator", "outcome", "objective", "team"]
KINDS: tuple[TargetKind, ...] = ("indicator", "outcome", "objective", "team")

# Words that carry no subject: how a question is asked, not what it is about (as stems).
_STOPWORDS = """
a about after again all also am an and any anything are as at be been being but by can
could current currently data did do does doing done each figure for from get getting give go
going got had has have how hows i if in info is it its just know latest let like look looking
lot many me measure metric more most much my now number of on or our ours over please per
percent percentage performance quarter rate really recent result rough roughly say see
should show so some stat statistic still tell than thank that the their them then there these
they thing this those to today total up update us very want was we week well were what whats
when where which who whos why will with would year you your
bad good poor better worse best worst improve improving worsening high low big small
people person persons folk
"""
STOPWORDS = frozenset(stem(w) for w in _STOPWORDS.split())
# Words that say which kind of thing is meant, rather than which one.
_KIND_WORDS: tuple[tuple[str, TargetKind], ...] = (
    ("outcome", "outcome"), ("objective", "objective"), ("strategy", "objective"),
    ("priority", "objective"), ("indicator", "indicator"), ("measure", "indicator"),
    ("kpi", "indicator"))
KIND_WORDS: dict[str, TargetKind] = {stem(word): kind for word, kind in _KIND_WORDS}
# In team names these say what it is, not which team ("Reablement Team"): a question need
# not say them to mean the team, but one that does means a team.
GENERIC = frozenset(stem(w) for w in ("team", "group", "member", "service"))

CONFIDENT = 0.7  # at least this sure, and clearly ahead, to answer
MARGIN = 0.12  # ... ahead of the next target by this much
OFFER = 0.45  # at least this sure to offer a target as a choice
CLOSE = 0.25  # choices are those within this of the best
ID_WEIGHT = 0.6  # an id is a weaker sign than a name: people type names
EVIDENCE = 1.5  # words found in one target alone: this many are proof, however long its name
KIND_BONUS = 0.15  # "the workforce objective": the kind named adds this much


@dataclass(frozen=True)
class Candidate:
    """A target people may ask about and every way of naming it."""

    kind: TargetKind
    key: str
    name: str  # the display name
    labels: tuple[str, ...]  # what it may be called: name, aliases, titles, codes
    ids: tuple[str, ...] = ()  # its ids in the framework file
    context: str = ""  # shown beside it when offered as a choice: its team, or what it is
    group: str = ""  # the outcome it serves, for grouping lists

    @property
    def value(self) -> str:
        """What a button carries to choose it: an exact reference, never guessed at again."""
        return f"{self.kind}:{self.key}"


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float


@dataclass(frozen=True)
class Match:
    """`best` when one target clearly wins; otherwise `choices` (up to three) or nothing.

    `topic` is the question's subject in its own words, `unknown` the terms no target has
    (for "I don't track bed occupancy"), and `empty` says the question named no subject at all
    ("how are we doing?").
    """

    best: Candidate | None
    choices: tuple[Candidate, ...] = ()
    confidence: float = 0.0
    topic: str = ""
    unknown: tuple[str, ...] = ()
    empty: bool = False
    ranked: tuple[Scored, ...] = field(default=(), repr=False)


def topic_of(question: str) -> str:
    """The words of a question that name its subject, as the person wrote them."""
    words = [w.strip("?!.,;:") for w in question.split()]
    kept = [w for w in words if w and not all(stem(t) in STOPWORDS for t in split(w))]
    return " ".join(kept).strip(" .,!-") or question.strip()


class Matcher:
    """The candidates of one partnership, indexed once; `match` answers each question."""

    def __init__(self, candidates: Sequence[Candidate], vocab: Vocabulary | None = None):
        self.candidates = list(candidates)
        self.vocab = vocab or vocabulary()
        raw = [[self._label_terms(label) for label in c.labels] for c in self.candidates]
        ids = [[self._label_terms(i.replace("-", " ")) for i in c.ids] for c in self.candidates]
        # The words inside a synonym phrase count too, so "discharges" alone still finds
        # the measure whose alias is "delayed discharges" (its label reads @delayed-...).
        words = [{w for label in (*c.labels, *c.ids) for w in self.vocab.stems(label)
                  if w not in STOPWORDS} for c in self.candidates]
        self._bags = [{t for label in labels + keys for t in label} | inner
                      for labels, keys, inner in zip(raw, ids, words, strict=True)]
        self.known = frozenset(t for bag in self._bags for t in bag)
        self._labels = raw
        self._ids = ids
        counts: dict[str, int] = {}
        for bag in self._bags:
            for term in bag:
                counts[term] = counts.get(term, 0) + 1
        n = len(self.candidates)
        self._counts = counts
        self._weights = {t: math.log((n + 1) / (df + 0.5)) for t, df in counts.items()}
        self._unknown_weight = math.log((n + 1) / 0.5)
        self._exclusive_weight = math.log((n + 1) / 1.5)  # a term only one target has
        # A side of many things (waits, spending) no target names: as if a quarter had it.
        self._aspect_weight = math.log((n + 1) / (n / 4 + 0.5))

    def _label_terms(self, label: str) -> tuple[str, ...]:
        terms = self.vocab.terms(label)
        return tuple(t for t in terms if t not in STOPWORDS)

    def weight(self, term: str, *, in_label: bool = False) -> float:
        if in_label and term in GENERIC:
            return 0.0  # "Team" in "Reablement Team" need not be said to mean the team
        if term in self.vocab.aspects:  # a side of many things weighs little, known or not
            return min(self._weights.get(term, self._aspect_weight), self._aspect_weight)
        return self._weights.get(term, self._unknown_weight)

    def terms(self, question: str) -> tuple[list[str], set[TargetKind]]:
        """The question's subject terms, and the kinds of target it names ("objective")."""
        raw = self.vocab.terms(question, known=self.known,
                               keep=STOPWORDS | set(KIND_WORDS))
        kinds = {KIND_WORDS[t] for t in raw if t in KIND_WORDS}
        terms = [t for t in raw if t not in KIND_WORDS and t not in STOPWORDS]
        return list(dict.fromkeys(terms)), kinds

    def match(self, question: str) -> Match:
        topic = topic_of(question)
        terms, kinds = self.terms(question)
        if not terms:
            return Match(None, topic="", empty=True)
        unknown = tuple(t for t in terms if t not in self.known and t not in self.vocab.aspects)
        total = sum(self.weight(t) for t in terms)
        ranked = []
        for index, candidate in enumerate(self.candidates):
            score = self._score(index, terms, total)
            if score > 0 and candidate.kind in kinds:
                score = min(1.0, score + KIND_BONUS)
            if score > 0:
                ranked.append(Scored(candidate, score))
        ranked.sort(key=lambda s: (-s.score, KINDS.index(s.candidate.kind), s.candidate.name))
        found = tuple(ranked)
        if not ranked or ranked[0].score < OFFER:
            return Match(None, topic=topic, unknown=unknown, ranked=found)
        top = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if top.score >= CONFIDENT and top.score - runner_up >= MARGIN:
            return Match(top.candidate, confidence=top.score, topic=topic, unknown=unknown,
                         ranked=found)
        close = tuple(s.candidate for s in ranked[:3]
                      if s.score >= OFFER and top.score - s.score < CLOSE)
        return Match(None, close, confidence=top.score, topic=topic, unknown=unknown,
                     ranked=found)

    def _score(self, index: int, terms: list[str], total: float) -> float:
        labels = self._labels[index]
        ids = self._ids[index]
        bag = self._bags[index]
        covered = sum(self.weight(t) for t in terms if t in bag)
        if not covered:
            return 0.0
        wanted = set(terms)
        # A question whose every word is in this target, words no other target has among
        # them, is about it even when its name is long ("strength and balance classes" is 3
        # of its objective's 14 words, but nothing else has them). Shared words count for
        # less the more targets share them.
        exclusive = sum(self.weight(t) / self._counts.get(t, 1) for t in wanted)
        best = min(1.0, exclusive / (EVIDENCE * self._exclusive_weight)) \
            if wanted <= bag else 0.0
        for factor, group in ((1.0, labels), (ID_WEIGHT, ids)):
            for label in group:
                size = sum(self.weight(t, in_label=True) for t in set(label))
                if size:
                    said = sum(self.weight(t, in_label=True) for t in set(label) & wanted)
                    best = max(best, factor * said / size)
        return covered / total * (0.4 + 0.6 * best)


def match(question: str, candidates: list[Candidate]) -> Match:
    """One question against candidates (builds the index; reuse a Matcher for many)."""
    if not candidates:
        return Match(None)
    return Matcher(candidates).match(question)


def is_concept(term: str) -> bool:
    return term.startswith(CONCEPT)
