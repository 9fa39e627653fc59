"""Telling the kinds of question apart before looking for a subject."""

from __future__ import annotations

import pytest

from handlers.intents import read
from handlers.questions import classify


@pytest.mark.parametrize(("text", "kind", "words"), [
    ("thanks", "smalltalk", "thanks"), ("Thank you!", "smalltalk", "thanks"),
    ("cheers", "smalltalk", "thanks"), ("great, thanks", "smalltalk", "thanks"),
    ("hello", "smalltalk", "hello"), ("Hi there", "smalltalk", "hello"),
    ("Good morning 🙂", "smalltalk", "hello"), ("bye", "smalltalk", "bye"),
    ("what can you do?", "help", ""),
    ("what does no real change mean?", "explain", "no-real-change"),
    ("What is the usual range?", "explain", "usual-range"),
    ("what’s “common cause”?", "explain", "no-real-change"),
    ("what does will sometimes meet the target mean", "explain", "sometimes-meeting"),
    ("why is this red?", "why", ""), ("Why is A&E red?", "why", "A&E"),
    ("why are delayed discharges getting worse", "why", "delayed discharges"),
    ("who owns delayed discharges?", "owner", "delayed discharges"),
    ("Who's in charge of temp accommodation", "owner", "temp accommodation"),
    ("who is responsible for A&E?", "owner", "A&E"),
    ("what's late?", "late", ""), ("any late data", "late", ""),
    ("what's overdue?", "overdue", ""), ("any actions past their due date?", "overdue", ""),
    ("2", "pick", "2"), ("#3", "pick", "3"), ("the second one", "pick", "2"),
    ("what is the usual range for A&E?", "ask", "A&E"),
])
def test_kinds(text: str, kind: str, words: str) -> None:
    assert classify(text) == (kind, words)


@pytest.mark.parametrize("text", [
    "how are we doing on delayed discharges?", "TA numbers", "91 day", "how is my team doing",
    "what is the 4 hour target?", "thanks to the weekend team, how is reablement doing?",
    "2 week waits", "hello there, how are falls looking",
])
def test_questions_stay_questions(text: str) -> None:
    assert classify(text) == ("ask", text)


def test_the_one_parser_uses_it() -> None:
    assert read("/perf who owns A&E?").kind == "owner"
    assert read("hello").kind == "smalltalk"  # no longer a synonym for help
    assert read("3").kind == "pick"
    intent = read("/suggest thanks for the new rota")
    assert (intent.kind, intent.text) == ("suggest", "thanks for the new rota")
