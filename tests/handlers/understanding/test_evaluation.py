"""The labelled evaluation set: what the bot does with 209 real-sounding questions about the
demo partnership (misspellings, abbreviations, questions it must not answer).

The floors are the issue's: at least 95% top-1 accuracy and no confident wrong answer. The
held-out part was written with the rest, before any tuning, and never tuned on; it must not
answer wrongly with confidence either. `python bench/bench_understanding.py --show-misses`
prints the figures and every miss.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from types import ModuleType

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bench import bench_understanding
from handlers.request import HandlerContext
from handlers.understanding import decide_label
from models.db import transaction
from models.demo import demo_framework_text
from models.framework import load_framework
from tests.conftest import TODAY
from tests.fakes.platforms import CHAT


def bench() -> ModuleType:
    return bench_understanding


@pytest.fixture
def demo_ctx(sessions: sessionmaker[Session]) -> HandlerContext:
    with transaction(sessions) as session:
        load_framework(session, demo_framework_text(TODAY), chat_platforms=CHAT)
    return HandlerContext(sessions=sessions, now=lambda: datetime(2026, 11, 27, 10, tzinfo=UTC),
                          today=lambda: TODAY)


def test_the_set_is_big_varied_and_labelled() -> None:
    questions = bench().load_questions()
    assert len(questions) >= 150
    kinds = Counter(q.expect.split(":")[0] for q in questions)
    assert kinds["none"] >= 30 and kinds["indicator"] >= 80 and kinds["team"] >= 10
    assert sum(q.split == "heldout" for q in questions) >= 50
    assert len({q.asker for q in questions}) >= 10


def test_accuracy_floors(demo_ctx: HandlerContext) -> None:
    module = bench()
    questions = module.load_questions()
    outcomes = module.evaluate(lambda text, asker: decide_label(demo_ctx, text, asker),
                               questions)
    everything = module.score(outcomes)
    held_out = module.score([o for o in outcomes if o.question.split == "heldout"])
    wrong = [(o.question.text, o.question.expect, o.said) for o in outcomes if o.wrong_confident]
    assert wrong == []
    assert everything.accuracy >= 0.95, [
        (o.question.text, o.question.expect, o.said) for o in outcomes if not o.correct]
    assert held_out.wrong_confident == 0 and held_out.accuracy >= 0.85
