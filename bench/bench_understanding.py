"""How well the bot understands questions about the demo partnership.

Reads the labelled evaluation set (`tests/handlers/understanding/questions.csv`: who asks, the
question, what a colleague who knows the partnership would do with it) and prints top-1
accuracy and the number of wrong-confident answers, for the tuning part and the held-out part.

    python -m bench.bench_understanding [--show-misses]

What counts:
- an expected target (`indicator:home-91`, `team:reablement`, ...): correct when the bot answers
  about exactly that target; *wrong-confident* when it answers about anything else.
- `choices:A|B`: correct when the bot asks back and offers at least A and B; wrong-confident
  when it answers instead.
- `none` (something the partnership does not track, or a bare number with nothing to choose):
  correct when the bot says what it does track; wrong-confident when it answers about a target.
- other kinds (`smalltalk`, `explain:usual-range`, `owner:indicator:ae-4hr`, `overdue`, ...):
  correct when the bot does exactly that; wrong-confident when it answers about a target instead.

A question back (choices) where an answer was expected is not correct, but not wrong-confident
either: an honest question is better than a confident mistake.

The script runs on the code it finds (the current matcher); it also runs unchanged on the code of
the commit before issue 11 (the old matcher), whose figures are kept in README's
"Asking questions" section.
"""

from __future__ import annotations

import argparse
import csv
import inspect
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

QUESTIONS = ROOT / "tests" / "handlers" / "understanding" / "questions.csv"
TODAY = date(2026, 11, 27)
TARGET_KINDS = ("indicator", "outcome", "objective", "team")

Decide = Callable[[str, str | None], str]


@dataclass(frozen=True)
class Question:
    split: str
    asker: str | None
    text: str
    expect: str


@dataclass(frozen=True)
class Outcome:
    question: Question
    said: str
    correct: bool
    wrong_confident: bool


@dataclass(frozen=True)
class Score:
    total: int
    correct: int
    wrong_confident: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Question(row["split"], row["asker"] or None, row["question"], row["expect"])
                for row in csv.DictReader(handle)]


def is_target(label: str) -> bool:
    return label.split(":", 1)[0] in TARGET_KINDS


def judge(question: Question, said: str) -> Outcome:
    expect = question.expect
    if expect.startswith("choices:"):
        wanted = set(expect.removeprefix("choices:").split("|"))
        offered = set(said.removeprefix("choices:").split("|")) if said.startswith(
            "choices:") else set()
        return Outcome(question, said, wanted <= offered, is_target(said))
    if said == expect:
        return Outcome(question, said, True, False)
    # Any other answer about a target is a confident mistake; so is naming the owner of, or
    # explaining, the wrong target.
    kind, _, inner = said.partition(":")
    confident = is_target(said) or (kind in ("owner", "why") and is_target(inner))
    return Outcome(question, said, False, confident)


def score(outcomes: list[Outcome]) -> Score:
    return Score(len(outcomes), sum(o.correct for o in outcomes),
                 sum(o.wrong_confident for o in outcomes))


def evaluate(decide: Decide, questions: list[Question]) -> list[Outcome]:
    return [judge(q, decide(q.text, q.asker)) for q in questions]


# ---- deciders: what the code in this tree does with a question ------------------------------


def demo_context(folder: Path) -> object:
    """A handler context over the demo partnership's framework (no data is needed to match)."""
    from datetime import UTC, datetime

    from handlers.request import HandlerContext
    from models.db import make_engine, session_factory, transaction, upgrade
    from models.demo import demo_framework_text
    from models.framework import load_framework

    engine = make_engine(f"sqlite:///{folder / 'understanding.db'}")
    upgrade(engine)
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        if "chat_platforms" in inspect.signature(load_framework).parameters:
            from bot.platforms import known_platforms

            load_framework(session, demo_framework_text(TODAY), chat_platforms=known_platforms())
        else:  # the code before issue 9 knew its platforms itself
            load_framework(session, demo_framework_text(TODAY))
    return HandlerContext(sessions=sessions, now=lambda: datetime(2026, 11, 27, 10, tzinfo=UTC),
                          today=lambda: TODAY)


def decider(ctx: object) -> Decide:
    """The current code's decision, or the old matcher's when the tree predates issue 11."""
    try:
        from handlers.understanding import decide_label
    except ImportError:
        return _old_decider(ctx)

    def decide(text: str, asker: str | None) -> str:
        return str(decide_label(ctx, text, asker))  # type: ignore[arg-type]

    return decide


def _old_decider(ctx: object) -> Decide:
    """What `handlers.ask.ask` decided before issue 11, step for step, without drawing."""
    from handlers import ask, matching  # type: ignore[attr-defined]
    from handlers.intents import read
    from models import queries

    def decide(text: str, asker: str | None) -> str:
        intent = read(text)
        if intent.kind != "ask":
            return intent.kind
        question = intent.text.strip()
        lowered = question.lower()
        with ctx.sessions() as session:  # type: ignore[attr-defined]
            partnership = queries.current_partnership(session)
            if "overdue" in lowered or "late action" in lowered:
                return "overdue"
            if "my team" in lowered and asker:
                person = queries.person_by_key(session, partnership.id, asker)
                if person is not None and person.teams:
                    return f"team:{person.teams[0].key}"
            indicators = queries.indicators(session, partnership.id)
            candidates = ask._candidates(session, partnership.id, indicators)
            found = ask._exact(question, candidates) or matching.match(question, candidates)
        if found.best is not None:
            return f"{found.best.kind}:{found.best.key}"
        if found.choices:
            return "choices:" + "|".join(f"{c.kind}:{c.key}" for c in found.choices)
        return "none"

    return decide


def report(outcomes: list[Outcome], show_misses: bool) -> None:
    for split in ("tune", "heldout", "all"):
        part = [o for o in outcomes if split in ("all", o.question.split)]
        got = score(part)
        print(f"{split:8} {got.total:4} questions  top-1 accuracy {got.accuracy:6.1%}  "
              f"wrong-confident {got.wrong_confident}")
    if show_misses:
        for o in outcomes:
            if not o.correct:
                mark = "WRONG" if o.wrong_confident else "miss "
                print(f"  {mark} [{o.question.split}] {o.question.asker}: {o.question.text!r} "
                      f"expected {o.question.expect}, got {o.said}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-misses", action="store_true", help="List every miss.")
    args = parser.parse_args()
    questions = load_questions()
    with tempfile.TemporaryDirectory() as folder:
        ctx = demo_context(Path(folder))
        outcomes = evaluate(decider(ctx), questions)
    report(outcomes, args.show_misses)


if __name__ == "__main__":
    main()
