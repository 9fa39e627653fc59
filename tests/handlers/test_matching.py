"""Finding what a question is about, without a database."""

from __future__ import annotations

from handlers.matching import Candidate, match, topic_of

CANDIDATES = [
    Candidate("indicator", "home-91", "Still at home 91 days after reablement",
              ("Still at home 91 days after reablement", "home-91", "reablement success",
               "91 day", "ASCOF 2B")),
    Candidate("indicator", "delayed-discharges", "Delayed discharges",
              ("Delayed discharges", "delayed-discharges", "DToC")),
    Candidate("indicator", "ae-4h", "A&E patients seen within 4 hours",
              ("A&E patients seen within 4 hours", "ae-4h", "4 hour")),
    Candidate("indicator", "carers", "Carers satisfied with support",
              ("Carers satisfied with support", "carers")),
    Candidate("indicator", "carer-breaks", "Carers given a break",
              ("Carers given a break", "carer-breaks")),
    Candidate("outcome", "home", "Older people live independently at home for longer",
              ("Older people live independently at home for longer", "home")),
    Candidate("team", "reablement", "Reablement Team", ("Reablement Team", "reablement")),
]


def test_question_words_are_stripped() -> None:
    assert topic_of("How are we doing on delayed discharges?") == "delayed discharges"
    assert topic_of("what about the 4 hour figures") == "4 hour"


def test_clear_matches() -> None:
    assert match("how are we doing on delayed discharges?", CANDIDATES).best == CANDIDATES[1]
    assert match("DToC", CANDIDATES).best == CANDIDATES[1]
    assert match("how's the 91 day measure", CANDIDATES).best == CANDIDATES[0]
    assert match("how are we doing on A&E 4 hour waits", CANDIDATES).best == CANDIDATES[2]
    assert match("dealyed dischrages", CANDIDATES).best == CANDIDATES[1]  # typos


def test_an_exact_id_wins_over_a_near_name() -> None:
    assert match("carers", CANDIDATES).best == CANDIDATES[3]
    assert match("how are the carers", CANDIDATES).best == CANDIDATES[3]


def test_ambiguous_offers_the_close_ones_and_answers_none() -> None:
    vague = match("carer", CANDIDATES)
    assert vague.best is None
    assert [c.key for c in vague.choices] == ["carers", "carer-breaks"]
    both = match("carers break", CANDIDATES)
    assert both.best is None
    assert [c.key for c in both.choices] == ["carer-breaks", "carers"]


def test_unknown_matches_nothing() -> None:
    found = match("how are we doing on potholes?", CANDIDATES)
    assert found.best is None and found.choices == ()
    assert match("", CANDIDATES).best is None
    assert match("🙂🙂🙂", CANDIDATES).best is None
