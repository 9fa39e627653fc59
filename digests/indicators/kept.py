"""Statuses kept between processes: analysed once per change of data, settings or code.

`goldthread ask` is a new process each time. Analysing one series takes milliseconds, but the
analysis needs numpy and pandas, and importing them is most of the command's start-up. So a
Status is kept on a shelf (the database) as JSON, without its points, under a fingerprint of
everything it was made from: the indicator's measurements (`measured`: the count, latest
period and latest change of its rows), its settings (`IndicatorSpec`) and the source of the
code that analyses and words it. Change any of them and the fingerprint changes, so a kept
status is never stale; it is only ever a faster way to the same answer. A kept status that
cannot be read (an older layout, a damaged row) is analysed again, never trusted.

Pure apart from the shelf it is given: no database here.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from digests.indicators.status import IndicatorSpec, Status, assess
from digests.lru import Lru
from digests.spc.summary import SpcSummary
from digests.words import numbers
from digests.words.narrative import Narrative

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

LAYOUT = 1  # bump when the JSON below changes shape
KEEP_IN_MEMORY = 512
DIGESTS = Path(__file__).resolve().parents[1]
# The code whose output a kept status is: the engine, the words, the status and its periods.
ANALYSIS_CODE = ("spc", "words", "indicators/status.py", "indicators/periods.py")


class StatusShelf(Protocol):
    """Where statuses are kept beyond this process (the database), one per indicator."""

    def get(self, indicator_id: int, fingerprint: str) -> str | None: ...

    def put(self, indicator_id: int, fingerprint: str, body: str) -> None: ...


@functools.cache
def analysis_code() -> str:
    """A digest of the analysis code's source, so an upgrade never answers from old words."""
    digest = hashlib.sha256()
    for name in ANALYSIS_CODE:
        path = DIGESTS / name
        files = sorted(p for p in path.rglob("*") if p.suffix in (".py", ".j2", ".txt")) \
            if path.is_dir() else [path]
        for file in files:
            digest.update(str(file.relative_to(DIGESTS)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def fingerprint(spec: IndicatorSpec, measured: tuple[object, ...]) -> str:
    """What a kept status was made from, as 64 hex digits."""
    made_from = repr((LAYOUT, analysis_code(), spec, tuple(str(m) for m in measured)))
    return hashlib.sha256(made_from.encode()).hexdigest()


def to_json(status: Status) -> str:
    """The Status without its points (and without its spec, which the reader has)."""
    style = status.style
    return json.dumps({
        "latest_value": status.latest_value,
        "latest_period": _iso(status.latest_period),
        "previous_value": status.previous_value,
        "previous_period": _iso(status.previous_period),
        "latest_quality": status.latest_quality,
        "provisional": [d.isoformat() for d in status.provisional],
        "words": asdict(status.words) if status.words is not None else None,
        "summary": asdict(status.summary) if status.summary is not None else None,
        "figures": [style.unit, style.scale, style.decimals],
        "plotted": status.points_digest,
    }, sort_keys=True)


def from_json(spec: IndicatorSpec, body: str) -> Status | None:
    """The kept Status, or None when the body cannot be read as one: not JSON, other keys, or
    a value of the wrong kind (a text where a figure belongs would fail later, mid-answer)."""
    try:
        kept = json.loads(body)
        if not isinstance(kept, dict) or set(kept) != _KEYS:
            raise KeyError(f"kept keys differ: {sorted(set(kept) ^ _KEYS)}")
        for key, kind in _KINDS.items():
            _check(kept[key], kind, key)
        summary = kept["summary"]
        words = kept["words"]
        unit, scale, decimals = _figures(kept["figures"])
        return Status(
            spec=spec,
            latest_value=kept["latest_value"],
            latest_period=_day(kept["latest_period"]),
            previous_value=kept["previous_value"],
            result=None,
            words=_build(Narrative, words) if words is not None else None,
            latest_quality=kept["latest_quality"],
            provisional=tuple(date.fromisoformat(d) for d in kept["provisional"]),
            previous_period=_day(kept["previous_period"]),
            summary=_build(SpcSummary, summary) if summary is not None else None,
            figures=numbers.Style(unit, scale, decimals),
            plotted=kept["plotted"],
        )
    except (ValueError, KeyError, TypeError):
        log.warning("a kept status could not be read; analysing again")
        return None


class KeptStatuses:
    """In memory first, then the shelf, and only then analysed (and kept)."""

    def __init__(self, shelf: StatusShelf | None = None, keep: int = KEEP_IN_MEMORY) -> None:
        self._statuses: Lru[str, Status] = Lru(keep)
        self._shelf = shelf

    def status(self, indicator_id: int, spec: IndicatorSpec, measured: tuple[object, ...],
               series: Callable[[], pd.DataFrame]) -> Status:
        """The indicator's status; `series` (its measurements) is read only to analyse."""
        key = fingerprint(spec, measured)

        def make() -> Status:
            body = self._shelf.get(indicator_id, key) if self._shelf is not None else None
            kept = from_json(spec, body) if body is not None else None
            return kept if kept is not None else self._analysed(indicator_id, key, spec, series)

        return self._statuses.get_or_make(key, make)

    def analysed(self, indicator_id: int, spec: IndicatorSpec, measured: tuple[object, ...],
                 series: Callable[[], pd.DataFrame]) -> Status:
        """The status with its points (for drawing its chart), analysing a kept one again."""
        key = fingerprint(spec, measured)
        found = self._statuses.get(key)
        if found is not None and found.result is not None:
            return found
        fresh = self._analysed(indicator_id, key, spec, series)
        self._statuses.pop(key)
        return self._statuses.put(key, fresh)

    def _analysed(self, indicator_id: int, key: str, spec: IndicatorSpec,
                  series: Callable[[], pd.DataFrame]) -> Status:
        status = assess(spec, series())
        if self._shelf is not None:
            self._shelf.put(indicator_id, key, to_json(status))
        return status


_KINDS = {
    "latest_value": "float | None", "latest_period": "str | None",
    "previous_value": "float | None", "previous_period": "str | None",
    "latest_quality": "str | None", "provisional": "tuple[str, ...]",
    "words": "dict | None", "summary": "dict | None", "figures": "list",
    "plotted": "str | None",
}
_KEYS = frozenset(_KINDS)


def _check(value: object, kind: str, name: str) -> None:
    """Refuse a value that is not of the kind its annotation names (JSON's view of it)."""
    if kind.endswith(" | None"):
        if value is None:
            return
        kind = kind.removesuffix(" | None")
    ok = {
        "str": lambda v: isinstance(v, str),
        "float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "tuple[str, ...]": lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
        "dict": lambda v: isinstance(v, dict),
        "list": lambda v: isinstance(v, list),
    }.get(kind)
    if ok is None:
        raise TypeError(f"{name}: no check for {kind!r}")
    if not ok(value):
        raise TypeError(f"{name}: {type(value).__name__} is not {kind}")


def _figures(figures: list[Any]) -> tuple[str, str, int]:
    unit, scale, decimals = figures
    for value, kind, name in ((unit, "str", "unit"), (scale, "str", "scale"),
                              (decimals, "int", "decimals")):
        _check(value, kind, name)
    return unit, scale, decimals


def _build(kind: Any, values: dict[str, Any]) -> Any:
    """A dataclass from exactly its fields, each of the kind its annotation names: a missing,
    unknown or mistyped one means another layout (or a damaged row)."""
    names = {f.name: f.type for f in fields(kind)}
    if set(values) != set(names):
        raise KeyError(f"{kind.__name__} fields differ: {sorted(set(values) ^ set(names))}")
    for name, annotation in names.items():
        _check(values[name], str(annotation), name)
    return kind(**{name: tuple(v) if isinstance(v, list) else v for name, v in values.items()})


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text is not None else None
