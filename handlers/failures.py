"""The one error boundary every adapter uses: a reference in the log, plain words for the person.

When the work behind a message fails, the person is told what happened and nothing more: if
something was to be saved, that it was *not* saved, with their own words given back so they
can send them again; if they only asked, that the figures cannot be reached just now. Each
failure gets a short reference, which the person is given and the log files the traceback
under, so the performance lead can find it.

The log never repeats what someone wrote. For an anonymous idea it also leaves out every
exception message (a database can quote a whole failing row back, idea included): only the
kinds of error and the lines of code they passed through are kept next to the reference.
"""

from __future__ import annotations

import logging
import secrets
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from digests.cards import Card, Section

log = logging.getLogger(__name__)

T = TypeVar("T")

APOLOGY = ("Something went wrong on our side (reference {ref}). Please try again; if it keeps "
           "happening, give the reference to your performance lead.")


@dataclass(frozen=True)
class Attempt:
    """What the person was doing, so that a failure can be explained to them."""

    saving: str | None = None  # what would have been saved ("your idea"); None for a question
    words: str = ""  # what they wrote, given back when it could not be saved
    anonymous: bool = False  # then the log keeps no exception message, only kinds and lines


@dataclass(frozen=True)
class Failed:
    """The work failed; `card` says so to the person, with `reference`."""

    reference: str
    card: Card


def attempt(about: Attempt, work: Callable[[], T]) -> T | Failed:
    """Run `work`; if it raises, log it under a new reference and return what to tell them.

    This is the boundary, not a place that hides errors: every failure is logged with its
    traceback (kinds and lines only for anonymous ideas) and the person always hears of it.
    """
    try:
        return work()
    except Exception as error:
        reference = new_reference()
        log_failure(error, reference, "a request", anonymous=about.anonymous)
        return Failed(reference, failure_card(error, about, reference))


def new_reference() -> str:
    return secrets.token_hex(4)


def log_failure(error: BaseException, reference: str, what: str, *,
                anonymous: bool = False) -> None:
    """One error record under `reference`: the traceback, or for anonymous work only the
    kinds of error and the code they passed through."""
    if not anonymous:
        log.error("%s failed (reference %s)", what, reference, exc_info=error)
        return
    log.error("an anonymous %s failed (reference %s): %s\n%s", what.removeprefix("a "),
              reference, " <- ".join(_kinds(error)), "".join(_frames(error)).rstrip())


def failure_card(error: BaseException, about: Attempt, reference: str) -> Card:
    """The person's reply: not saved (and their words back), or not reachable, or a bug."""
    database = isinstance(error, SQLAlchemyError)
    later = (f"Reference {reference}: if this keeps happening, give it to your performance "
             "lead.")
    if about.saving is None:
        if database:
            return Card(title="I can't reach the figures just now", sections=(Section.of(
                "The database is not answering. Please try again in a few minutes."),
                Section.of(later)))
        return Card(title="Something went wrong", sections=(Section.of(
            APOLOGY.format(ref=reference)),))
    if database:
        title = f"Not saved: I could not record {about.saving}"
        why = ("Nothing was saved: the database is not available just now. Please try again "
               "in a few minutes.")
    else:
        title = f"Something went wrong: {about.saving} may not be saved"
        why = f"Something went wrong on our side (reference {reference})."
    sections = [Section.of(why)]
    if about.words:
        sections += [Section.of("Here is what you wrote, so you can send it again:"),
                     Section.of(f"“{about.words}”")]
    return Card(title=title, sections=(*sections, Section.of(later)))


def _kinds(error: BaseException) -> list[str]:
    kinds: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kinds.append(f"{type(current).__module__}.{type(current).__qualname__}")
        current = current.__cause__ or current.__context__
    return kinds


def _frames(error: BaseException) -> list[str]:
    return traceback.format_list(traceback.extract_tb(error.__traceback__))
