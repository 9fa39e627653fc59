"""The words of English public services, so a question can be read the way a colleague would.

Pure. A text becomes a list of *terms*: words folded to lower case, spelled one way ("4hr" is
"4 hour"), lightly stemmed ("discharges" and "discharged" are "discharg"), corrected when they
are one slip away from a word the partnership uses ("dischrages"), and with every phrase of a
synonym group replaced by that group's concept ("DToC", "bed blocking" and "delayed discharges"
are all `@delayed-discharges`). The groups are data (`synonyms.toml`, shipped with the package),
so the performance lead can read and extend them without reading code.

The stemmer is ours, not Porter's: it only folds plurals and the -ing/-ed/-ly endings, which is
what matching names needs. A full stemmer also merges words that must stay apart (Porter's own
textbook case makes "organization" and "organ" one stem), and a wrong merge here is a confident
wrong answer.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from rapidfuzz.distance import OSA, Indel

_TOKEN = re.compile(r"[a-z0-9]+(?:[&+][a-z0-9]+)*")
_DIGITS_THEN_WORD = re.compile(r"(\d+)([a-z]+)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_VOWELS = frozenset("aeiouy")
CONCEPT = "@"  # terms that start with this are synonym groups, not words


@dataclass(frozen=True)
class Group:
    """One idea and the phrases that mean it."""

    concept: str  # the term, e.g. "@delayed-discharges"
    name: str  # how the bot says it back
    phrases: tuple[tuple[str, ...], ...]  # stemmed
    aspect: bool = False  # a side of many things (waits, spending), not a subject


@dataclass(frozen=True, eq=False)
class Vocabulary:
    spelling: dict[str, str]
    groups: tuple[Group, ...]
    phrases: dict[tuple[str, ...], str]  # stemmed phrase -> concept

    def name_of(self, term: str) -> str:
        """A term as words for people: a concept's name, or the word itself."""
        for group in self.groups:
            if group.concept == term:
                return group.name
        return term

    @cached_property
    def aspects(self) -> frozenset[str]:
        """The concepts that are a side of many things rather than a subject."""
        return frozenset(g.concept for g in self.groups if g.aspect)

    @cached_property
    def words(self) -> frozenset[str]:
        """Every stem that appears in some phrase: known words, for typo correction."""
        return frozenset(word for phrase in self.phrases for word in phrase)

    def stems(self, text: str) -> list[str]:
        """The text's words, spelled one way and stemmed, before synonyms."""
        return [stem(word) for word in split(text, self.spelling)]

    def terms(self, text: str, known: Collection[str] = (),
              keep: Collection[str] = ()) -> list[str]:
        """The text's terms. Words not in `known` (nor in a synonym) are corrected to the one
        known word they are a slip away from, if there is one; words in `keep` never are."""
        stems = self.stems(text)
        if known:
            vocabulary = set(known) | self.words
            stems = [s if s in keep else correct(s, vocabulary) for s in stems]
        return replace_phrases(stems, self.phrases)


@cache
def vocabulary() -> Vocabulary:
    """The shipped vocabulary (read once)."""
    text = resources.files(__package__).joinpath("synonyms.toml").read_text(encoding="utf-8")
    return parse(text)


def parse(text: str) -> Vocabulary:
    data = tomllib.loads(text)
    spelling = {str(k): str(v) for k, v in data.get("spelling", {}).items()}
    groups = []
    for raw in data.get("group", []):
        name = str(raw["name"])
        concept = CONCEPT + re.sub(r"[^a-z0-9]+", "-", name.lower().split("(")[0]).strip("-")
        phrases = tuple(dict.fromkeys(
            tuple(stem(w) for w in split(str(p), spelling)) for p in raw["words"]))
        groups.append(Group(concept, name, tuple(p for p in phrases if p),
                            bool(raw.get("aspect", False))))
    index: dict[tuple[str, ...], str] = {}
    for group in groups:
        for phrase in group.phrases:
            index.setdefault(phrase, group.concept)  # the first group to claim a phrase keeps it
    return Vocabulary(spelling, tuple(groups), index)


def split(text: str, spelling: dict[str, str] | None = None) -> list[str]:
    """Lower-case words: "What's the 4hr A&E figure?" is whats, the, 4, hour, a&e, figure."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = folded.replace("\u2019", "").replace("'", "")
    folded = _THOUSANDS.sub("", folded)
    words: list[str] = []
    for token in _TOKEN.findall(folded):
        found = _DIGITS_THEN_WORD.fullmatch(token)
        if found and found.group(2) == "s":  # "65s", "1990s"
            token = found.group(1)
        elif found and (spelling or {}).get(found.group(2), found.group(2)) in _UNIT_WORDS:
            words.append(found.group(1))
            token = found.group(2)
        spelt = (spelling or {}).get(token, token)
        words.extend(spelt.split())
    return words


_UNIT_WORDS = frozenset({"hour", "day", "days", "week", "weeks", "month", "months", "year"})


def stem(word: str) -> str:
    """Fold plurals and -ing, -ed, -ly endings: waits/waiting/waited -> wait."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 3 and \
                _VOWELS & set(word[: -len(ending)]):
            word = word[: -len(ending)]
            if word.endswith("i") and ending == "ed":  # satisfied -> satisfy
                word = word[:-1] + "y"
            elif len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # stopped -> stop (but not "fall", "miss")
            elif len(word) <= 3 and word[-1] not in _VOWELS:
                word += "e"  # caring -> care, not "car"
            break
    else:
        if word.endswith("ily") and len(word) >= 6:
            word = word[:-3] + "y"  # easily -> easy
        elif word.endswith("ly") and len(word) >= 6:
            word = word[:-2]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]  # discharge/discharged/discharging -> discharg
    return word


def correct(word: str, known: Collection[str]) -> str:
    """The one known word `word` is a slip away from (a letter wrong, missing, added or two
    swapped; for long words, a little more), else `word` unchanged. Words under five letters
    and numbers are never corrected: "ta" or "65" taken for something else would be worse
    than nothing.
    """
    if word in known or len(word) < 5 or not word.isalpha():
        return word
    best: list[str] = []
    best_distance = 3
    for candidate in known:
        # People rarely get the first letter wrong; requiring it keeps "fines" from "find".
        if abs(len(candidate) - len(word)) > 2 or not candidate.isalpha() \
                or candidate[0] != word[0]:
            continue
        distance = OSA.distance(word, candidate, score_cutoff=2)
        if distance > 1 and not (len(word) >= 6 and len(candidate) >= 6
                                 and Indel.normalized_similarity(word, candidate) >= 0.85):
            continue
        if distance < best_distance:
            best, best_distance = [candidate], distance
        elif distance == best_distance:
            best.append(candidate)
    return best[0] if len(best) == 1 else word


def replace_phrases(stems: list[str], phrases: dict[tuple[str, ...], str]) -> list[str]:
    """Each synonym phrase becomes its concept, the longest phrase first at each word."""
    longest = max((len(p) for p in phrases), default=1)
    out: list[str] = []
    at = 0
    while at < len(stems):
        for size in range(min(longest, len(stems) - at), 0, -1):
            concept = phrases.get(tuple(stems[at : at + size]))
            if concept is not None:
                out.append(concept)
                at += size
                break
        else:
            out.append(stems[at])
            at += 1
    return out


def names(terms: Iterable[str], vocab: Vocabulary | None = None) -> list[str]:
    """Terms as words for people, each once, in order."""
    found = vocab or vocabulary()
    return list(dict.fromkeys(found.name_of(t) for t in terms))
