"""The one reader of what people type: which conversation it is, its words, and whether an idea
is anonymous.

Every entry point (a slash command, a modal, a direct message, an @mention, a button that carries
a question, the terminal, any chat platform) calls `read` once and acts on the `Intent` it returns.
No adapter parses the grammar again, so "anonymous" cannot mean one thing to the code that
decides whether to ask the platform who someone is and another to the code that stores the idea.

Text is cleaned here too (`clean`): control characters (NUL, terminal escapes), bidirectional
overrides and other invisible format characters are dropped, and every Unicode space becomes a
plain one. The marker is read after Unicode folding (NFKC, case-folding), so "anonymous:"
followed by a non-breaking space (Option-Space on a Mac), "ANON：" with a full-width colon,
"Anonymous -", "—anonymous" (what a Mac makes of "--") and markers with zero-width characters
inside or around them all mean anonymous. When in doubt the reading errs towards anonymous: an
idea that loses its name is a small loss, a name kept against someone's wish is not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from handlers import questions
from handlers.failures import Attempt
from handlers.request import MAX_TEXT

COMMANDS = ("perf", "suggest")
HELP_WORDS = frozenset({"", "help", "?"})
MINE_WORDS = frozenset({"mine", "my actions", "me"})
DIGEST_WORDS = frozenset({"digest", "my digest"})
SAVES = {"suggest": "your idea", "note": "your note", "record": "your figure",
         "change": "your change", "learned": "your learning note", "rebase": "your rebase"}
SHAREABLE = frozenset({"ask", "thread", "owner", "why", "explain", "worked", "national",
                       "compare"})
# First words that name a conversation of the learning and challenge step (issue 13).
LEARNING_WORDS = frozenset({"change", "worked", "review", "learned", "rebase", "national",
                            "compare"})
HOME_WORDS = frozenset({"home"})  # the App Home as cards, where a platform has no home tab

# Line breaks of every kind become "\n"; other control characters go.
_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")  # Cc but \t \n; Cs
# Invisible characters that are letters or marks to Unicode, not format characters: Hangul
# fillers, the braille blank, the combining grapheme joiner, Khmer inherent vowels.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5")
_JOINERS = frozenset("\u200c\u200d")  # shape emoji sequences and Persian or Indic words
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58"
_COLONS = ":,;.\u2236\ua789"  # a full-width colon is ":" once folded
_FLAG = "anonymously|anonymous|anon"
_MARKER = re.compile(
    rf"\s*[(\[]?\s*(?:[{_DASHES}]{{1,2}}(?:{_FLAG}|a)|{_FLAG})\s*[)\]]?"
    rf"(?:\s*[{_COLONS}]|\s*[{_DASHES}](?=\s|$)|(?=\s|$))")
_COMMAND = re.compile(r"\s*/(\S*)")
HEAD = 400  # characters of a message the grammar reads (see _Folded)
_WORD = re.compile(r"\s*(\S+)")
_COMPARE = re.compile(r"\s*how\s+do\s+we\s+compare\b(?:\s+(?:on|with|for|in)\b)?")
_THIS_CHANNEL = re.compile(r"\s*this\s+channel\s+is\s+for\b")


@dataclass(frozen=True)
class Intent:
    """What someone asked for, decided once for every adapter."""

    # help | mine | digest | home | note | thread | record | suggest | ask | unknown_command
    # | too_long | change | worked | review | learned | rebase | national | compare
    # | channel ("this channel is for <team>": the team's words), and the kinds of question
    # `handlers.questions` tells apart: smalltalk | explain | why | owner | late | overdue | pick
    kind: str
    text: str  # the words the conversation acts on: the question, the idea, the note
    said: str  # everything they wrote, cleaned: what we give back if it cannot be saved
    anonymous: bool = False
    command: str | None = None  # the unknown command, for unknown_command

    @property
    def shareable(self) -> bool:
        """Answers about the partnership may be shared; one's own actions, digest or help not."""
        return self.kind in SHAREABLE

    @property
    def attempt(self) -> Attempt:
        """What failing to answer would mean: for an idea or a note, words not saved."""
        return Attempt(saving=SAVES.get(self.kind), words=self.text, anonymous=self.anonymous)


def read(text: str, command: str | None = None, *, anonymous: bool = False) -> Intent:
    """Read one message. `command` is "perf" or "suggest" when a slash command brought it;
    `anonymous` is a choice made outside the words (the modal's checkbox)."""
    plain = _visible_controls_only(text)
    said = clean(plain)
    intent = _read(plain, said, (command or "").lower() or None)
    if anonymous and intent.kind == "suggest":
        intent = replace(intent, anonymous=True)
    if len(said) > MAX_TEXT:
        return replace(intent, kind="too_long")
    return intent


def clean(text: str) -> str:
    """Text fit to store, show and match: NFC, no control or invisible format characters
    (line breaks and tabs kept), every Unicode space a plain space, no space at either end."""
    text = _visible_controls_only(text)
    if text.isascii():  # the usual case: nothing invisible is ASCII once controls are gone
        return text.strip()
    out: list[str] = []
    for n, ch in enumerate(text):
        kept = _kept(ch)
        if kept is None:  # a joiner: kept only where it joins
            if _joins(text[n - 1 : n]) and _joins(text[n + 1 : n + 2]):
                out.append(ch)
        else:
            out.append(kept)
    return "".join(out).strip()


@lru_cache(maxsize=8192)
def _kept(ch: str) -> str | None:
    """What `clean` keeps of one character; None for a joiner, which depends on its
    neighbours. (Cached: a long message repeats few distinct characters.)"""
    if ch in _JOINERS:
        return None
    if unicodedata.category(ch) == "Cf" or ch in _BLANK_LETTERS:
        return ""
    return " " if ch not in "\n\t" and ch.isspace() else ch


@lru_cache(maxsize=8192)
def _joins(ch: str) -> bool:
    """A joiner is kept only between two visible non-ASCII characters (an emoji sequence, a
    Persian word), never beside the ASCII of a command or a marker."""
    return bool(ch) and not ch.isascii() and not ch.isspace() and \
        unicodedata.category(ch)[0] not in "CZ"


def _visible_controls_only(text: str) -> str:
    """NFC, line breaks unified, and control characters and lone surrogates dropped."""
    return unicodedata.normalize("NFC", _CONTROLS.sub("", _NEWLINES.sub("\n", text)))


def _read(plain: str, said: str, command: str | None) -> Intent:
    """The first reading that finds a command word wins: invisible characters read as nothing
    ("mi\u200bne" is "mine"), then as spaces ("suggest\u200danonymous:" is an idea)."""
    readings = [_words(plain, said, command, _Folded(plain, invisible_as))
                for invisible_as in ("", " ")]
    return next((r for r in readings if r.kind not in ("ask", "unknown_command")), readings[0])


def _words(plain: str, said: str, command: str | None, folded: _Folded) -> Intent:
    at = 0
    if command is None:
        found = _COMMAND.match(folded.text)
        if found:
            command, at = found.group(1), found.end()
    if command is not None and command not in COMMANDS:
        return Intent("unknown_command", said, said, command=command[:30])
    if command == "suggest":
        return _idea(plain, said, folded.where[at])
    words = " ".join(folded.text[at:].split()) if folded.complete else "…"
    first = folded.text[at:].split(maxsplit=1)[0] if folded.text[at:].split() else ""
    if words in HELP_WORDS:
        return Intent("help", "", said)
    if words in MINE_WORDS:
        return Intent("mine", "", said)
    if words in DIGEST_WORDS:
        return Intent("digest", "", said)
    if words in HOME_WORDS:
        return Intent("home", "", said)
    after_first = _after_word(folded, at)
    if first == "note":
        return Intent("note", clean(plain[after_first:]), said)
    if first == "thread":
        return Intent("thread", clean(plain[after_first:]), said)
    if first == "record":
        return Intent("record", clean(plain[after_first:]), said)
    if first in ("suggest", "/suggest"):
        return _idea(plain, said, after_first)
    if first in LEARNING_WORDS:
        return Intent(first, clean(plain[after_first:]), said)
    this_channel = _THIS_CHANNEL.match(folded.text, at)
    if this_channel:
        return Intent("channel", clean(plain[folded.where[this_channel.end()]:]), said)
    compare = _COMPARE.match(folded.text, at)
    if compare:
        return Intent("compare", clean(plain[folded.where[compare.end()]:]), said)
    question = clean(plain[folded.where[at]:])
    kind, words = questions.classify(question) if folded.complete else ("ask", question)
    return Intent(kind, words, said)


def _idea(plain: str, said: str, start: int) -> Intent:
    """An idea from `start`; anonymous when either reading of the invisible characters (as
    nothing, or as a space) finds the marker. Of two finds, the longer marker wins, so that
    "Anonymous -" followed by a soft hyphen leaves no dash on the idea."""
    ends = []
    for invisible_as in ("", " "):
        folded = _Folded(plain, invisible_as)
        found = _MARKER.match(folded.text, folded.at(start))
        if found:
            ends.append(folded.where[found.end()])
    if ends:
        return Intent("suggest", clean(plain[max(ends):]), said, True)
    return Intent("suggest", clean(plain[start:]), said)


def _after_word(folded: _Folded, at: int) -> int:
    """The position in the original text just after the first word from `at`."""
    found = _WORD.match(folded.text, at)
    return folded.where[found.end()] if found else len(folded.source)


class _Folded:
    """The text as the grammar reads it (NFKC, case-folded, spaces plain, invisible characters
    dropped or read as spaces), with the position in the original of every folded character.

    Only the head is folded: commands and markers come first, and folding 10,000 characters
    character by character would cost the ack path tens of milliseconds.
    """

    def __init__(self, source: str, invisible_as: str, head: int = HEAD) -> None:
        self.source = source
        self.complete = len(source) <= head
        chars: list[str] = []
        where: list[int] = []
        for n, ch in enumerate(source[:head]):
            if (unicodedata.category(ch) == "Cf" or ch in _BLANK_LETTERS
                    or (unicodedata.category(ch) == "Mn" and not _after_letter(source, n))):
                folded = invisible_as
            else:
                folded = unicodedata.normalize("NFKC", ch).casefold()
            for c in folded:
                chars.append(" " if c.isspace() else c)
                where.append(n)
        where.append(min(len(source), head))
        self.text = "".join(chars)
        self.where = where

    def at(self, position: int) -> int:
        """The folded index of an original position."""
        for n, original in enumerate(self.where):
            if original >= position:
                return n
        return len(self.text)


def _after_letter(text: str, n: int) -> bool:
    """A combining mark that accents a letter is part of it; one on its own is invisible."""
    return n > 0 and unicodedata.category(text[n - 1])[0] == "L"
