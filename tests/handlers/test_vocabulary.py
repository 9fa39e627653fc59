"""The words of public services: spelling, stems, slips of the keyboard and synonyms."""

from __future__ import annotations

from handlers.vocabulary import correct, parse, split, stem, vocabulary


def test_split_spells_one_way() -> None:
    assert split("What's the 4hr A&E figure?", vocabulary().spelling) == [
        "whats", "the", "4", "hour", "a&e", "figure"]
    assert split("over-65s per 1,000") == ["over", "65", "per", "1000"]


def test_stems_fold_plurals_and_endings_only() -> None:
    for words, same in (("wait waits waiting waited", "wait"),
                        ("discharge discharges discharged discharging", "discharg"),
                        ("carer carers", "carer"), ("fall falls", "fall"),
                        ("care caring cared", "care"), ("satisfied satisfy", "satisfy"),
                        ("easily easy", "easy"), ("referral referrals", "referral")):
        assert {stem(w) for w in words.split()} == {same}, words
    # Different words stay different: a wrong merge is a confident wrong answer.
    assert len({stem(w) for w in ("organisation", "organ", "general", "generous")}) == 4


def test_correct_only_a_slip_from_one_known_word() -> None:
    known = {"discharg", "accommodation", "temporary", "agency", "find", "fine"}
    assert correct("dischrag", known) == "discharg"
    assert correct("accomodation", known) == "accommodation"
    assert correct("tempory", known) == "temporary"
    assert correct("agnecy", known) == "agency"
    assert correct("fine", {"find"}) == "fine"  # words under five letters are never changed
    assert correct("xagency", known) == "xagency"  # the first letter is kept


def test_synonym_groups_become_one_concept() -> None:
    vocab = vocabulary()
    forms = ["DToC", "delayed transfers of care", "bed blocking", "delayed discharges",
             "no criteria to reside", "NCTR"]
    assert {tuple(vocab.terms(f)) for f in forms} == {("@delayed-discharges",)}
    assert vocab.terms("A&E") == vocab.terms("emergency department") == vocab.terms("ED")
    assert vocab.name_of("@youth-offending") == "youth offending"


def test_the_synonym_list_is_shipped_data_anyone_can_extend() -> None:
    vocab = parse('[[group]]\nname = "potholes"\nwords = ["pothole", "road defects"]\n')
    assert vocab.terms("road defects") == vocab.terms("potholes") == ["@potholes"]
    names = {g.name for g in vocabulary().groups}
    for wanted in ("A&E (the emergency department)", "waiting times", "delayed discharges",
                   "anti-social behaviour", "youth offending", "looked-after children",
                   "disabled facilities grants"):
        assert wanted in names
