"""docs/spc.md quotes the precise definition of every phrase the bot uses about data."""

from __future__ import annotations

import pytest

from digests.words.definitions import TERMS, Term
from tests.paths import ROOT


def _flat(text: str) -> str:
    return " ".join(text.replace("**", "").split())


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.key)
def test_every_phrase_is_defined_in_the_docs(term: Term) -> None:
    docs = _flat((ROOT / "docs" / "spc.md").read_text(encoding="utf-8"))
    assert _flat(f"{term.phrase}: {term.meaning}") in docs
