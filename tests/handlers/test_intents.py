"""The one reader of what people type: the conversation, the words, and "anonymous" after
Unicode normalisation, whatever invisible or unusual character sits around the marker."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.intents import clean, read
from handlers.request import MAX_TEXT

IDEA = "Text people the day before their first visit"
EVERY_CHAR = [chr(n) for n in range(sys.maxunicode + 1) if not 0xD800 <= n <= 0xDFFF]
# Every Unicode space, line and paragraph separator, and invisible format character.
SPACES = [c for c in EVERY_CHAR if unicodedata.category(c) in ("Zs", "Zl", "Zp")]
INVISIBLE = [c for c in EVERY_CHAR if unicodedata.category(c) == "Cf"] + [
    "\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u034f"]


@pytest.mark.parametrize("space", SPACES, ids=lambda c: f"U+{ord(c):04X}")
def test_any_unicode_space_after_the_marker_means_anonymous(space: str) -> None:
    for marker in ("anonymous:", "anon:", "Anonymous -", "ANON：", "-a", "anonymous"):
        intent = read(f"{marker}{space}{IDEA}", "suggest")
        assert intent.anonymous and intent.text == IDEA, (marker, intent)


@pytest.mark.parametrize("invisible", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_any_invisible_character_around_or_inside_the_marker_means_anonymous(
        invisible: str) -> None:
    for text, command in (
            (f"{invisible}anonymous: {IDEA}", "suggest"), (f"anonymous{invisible}: {IDEA}",
                                                          "suggest"),
            (f"anonymous:{invisible} {IDEA}", "suggest"), (f"anon{invisible}ymous: {IDEA}",
                                                          "suggest"),
            (f"anonymous:{invisible}{IDEA}", "suggest"), (f"anonymous{invisible}{IDEA}",
                                                         "suggest"),
            (f"/suggest{invisible} anonymous: {IDEA}", None),
            (f"sugg{invisible}est anon{invisible}ymous: {IDEA}", "perf")):
        intent = read(text, command)
        assert intent.kind == "suggest" and intent.anonymous, (text, intent)
        assert intent.text == IDEA, (text, intent.text)


@pytest.mark.parametrize("text", [
    f"anonymous:\u00a0{IDEA}",          # Option-Space on a Mac
    f"ANON: {IDEA}", f"Anon - {IDEA}", f"anonymous – {IDEA}", f"anonymously: {IDEA}",
    f"ａｎｏｎｙｍｏｕｓ：{IDEA}",            # full-width letters and colon
    f"anonymous﹕ {IDEA}", f"anonymous∶ {IDEA}",
    f"—anonymous {IDEA}",               # what a Mac makes of "--anonymous"
    f"--anonymous {IDEA}", f"-a {IDEA}", f"(anonymous) {IDEA}", f"[anon] {IDEA}",
    f"anonymous:{IDEA}", f"\u202eanonymous: {IDEA}", f"anonymous\u2028{IDEA}",
])
def test_the_ways_people_type_the_marker(text: str) -> None:
    intent = read(text, "suggest")
    assert intent.anonymous and intent.text == IDEA


@pytest.mark.parametrize("text", [
    "a better rota for the weekends", "- a better rota for the weekends",
    "anonymity matters to staff surveys", "anon-ish feedback forms, please",
    "analysis of the waiting list", "Anonymousness is overrated",
])
def test_words_that_only_start_like_the_marker_keep_the_name(text: str) -> None:
    intent = read(text, "suggest")
    assert not intent.anonymous and intent.text == text


@pytest.mark.parametrize(("text", "command", "kind", "words"), [
    ("", "perf", "help", ""), ("help", "perf", "help", ""), ("/perf mine", None, "mine", ""),
    ("/PERF\u00a0MINE", None, "mine", ""), ("mi\u200bne", None, "mine", ""),
    ("my digest", "perf", "digest", ""), ("note  Thank you all", "perf", "note", "Thank you all"),
    ("thread home", None, "thread", "home"), ("how is reablement doing?", None, "ask",
                                               "how is reablement doing?"),
    ("/weird thing", None, "unknown_command", "/weird thing"),
    ("/perf /suggest Put the rota up", None, "suggest", "Put the rota up"),
    ("suggest\u200danonymous: Put the rota up", None, "suggest", "Put the rota up"),
    ("A&E 4 hours", "perf", "ask", "A&E 4 hours"),
])
def test_which_conversation(text: str, command: str | None, kind: str, words: str) -> None:
    intent = read(text, command)
    assert (intent.kind, intent.text) == (kind, words)


def test_only_answers_about_the_partnership_may_be_shared() -> None:
    assert read("how is reablement doing", "perf").shareable
    assert read("thread home", "perf").shareable
    for personal in ("mine", "digest", "help", "note Thanks", "suggest Put the rota up"):
        assert not read(personal, "perf").shareable, personal


def test_the_modal_checkbox_and_the_marker_both_count() -> None:
    assert read(IDEA, "suggest", anonymous=True).anonymous
    assert read(f"anonymous: {IDEA}", "suggest", anonymous=False).anonymous
    assert not read("how is reablement doing", "perf", anonymous=True).anonymous


def test_too_long_is_still_known_to_be_anonymous() -> None:
    """So the adapter does not ask Slack who wrote an over-long anonymous idea either."""
    intent = read("anonymous:\u00a0" + "x" * MAX_TEXT, "suggest")
    assert intent.kind == "too_long" and intent.anonymous


def test_an_idea_or_a_note_that_fails_would_give_its_words_back() -> None:
    assert read(f"suggest {IDEA}", "perf").attempt.saving == "your idea"
    assert read(f"note {IDEA}", "perf").attempt.words == IDEA
    assert read("how is reablement doing", "perf").attempt.saving is None


def test_clean_drops_controls_and_invisibles_and_keeps_what_people_meant() -> None:
    assert clean("a\x00b\x1b[2Jc\u202ed\u00a0e\u200bf\r\ng") == "ab[2Jcd ef\ng"
    assert clean("👩\u200d⚕️ nurse") == "👩\u200d⚕️ nurse"  # an emoji sequence stays whole
    assert clean("café résumé 🙂") == "café résumé 🙂"
    assert clean("ab\ud800cd") == "abcd"  # a lone surrogate (JSON can carry one)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["suggest", "perf", None]))
def test_reading_never_fails_and_never_lets_a_control_or_invisible_through(
        text: str, command: str | None) -> None:
    intent = read(text, command)
    for words in (intent.text, intent.said):
        for ch in words:
            category = unicodedata.category(ch)
            assert category not in ("Cc", "Cs", "Zl", "Zp") or ch in "\n\t", repr(ch)
            assert category != "Zs" or ch == " ", repr(ch)
            assert category != "Cf" or ch in "\u200c\u200d", repr(ch)
        assert words == words.strip()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SPACES + INVISIBLE), max_size=3),
       st.lists(st.sampled_from(SPACES + INVISIBLE), min_size=1, max_size=3),
       st.sampled_from(["anonymous:", "anon:", "ANONYMOUS", "Anonymous -", "anon：", "-a"]))
def test_whatever_surrounds_the_marker_it_is_anonymous(before: list[str], after: list[str],
                                                       marker: str) -> None:
    text = "".join(before) + marker + "".join(after) + IDEA
    intent = read(text, "suggest")
    assert intent.anonymous and intent.text == IDEA, repr(text)


@pytest.mark.parametrize(("text", "team"), [
    ("this channel is for Reablement Team", "Reablement Team"),
    ("This  Channel is FOR board.", "board."),
    ("/perf this channel is for reablement", "reablement"),
])
def test_this_channel_is_for_names_the_team(text: str, team: str) -> None:
    intent = read(text)
    assert (intent.kind, intent.text) == ("channel", team)


def test_a_question_about_this_channel_is_still_a_question() -> None:
    assert read("is this channel for reablement").kind == "ask"
