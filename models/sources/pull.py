"""Pull an indicator's SQL source: read it, validate the rows exactly as a file's, upsert them
with history (`source = "sql"`), and keep a record of the run.

A failure (no URL, a refused query, no connection, a timeout, bad rows) writes nothing and is
recorded with a signature that stays the same while the same thing goes wrong. Whether the
owner should hear of it is decided from the last run they were told about: a new failure, a
different failure, or a recovery is news; the same failure again tomorrow is not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.base import utcnow
from models.imports.importer import ImportReport, import_frame
from models.sources.reader import TIMEOUT_SECONDS, Rows, SourceError, read_source
from models.tables import Indicator, SourceRun

REQUIRED = ("period", "value")
OPTIONAL = ("numerator", "denominator", "area", "note", "quality")
SOURCE = "sql"
SHOWN_ERRORS = 3

Lookup = Callable[[str], str | None]
Reader = Callable[[str, str], Rows]


@dataclass(frozen=True)
class Tell:
    """What the owner should hear about this run: a failure, or that it works again."""

    recovered: bool
    dedupe_key: str  # one message per (indicator, last thing told, this failure)


@dataclass
class PullResult:
    indicator_key: str
    run: SourceRun
    report: ImportReport | None = None
    tell: Tell | None = None

    @property
    def ok(self) -> bool:
        return self.run.ok


def pull(session: Session, indicator: Indicator, lookup: Lookup, *, today: date,
         confirm: bool = False, timeout: float = TIMEOUT_SECONDS,
         now: datetime | None = None) -> PullResult:
    """Pull one indicator's source into the session (the caller commits). Never raises for
    the source's own failures: they are in `run`."""
    run = SourceRun(indicator_id=indicator.id, at=now or utcnow(), ok=False)
    report = None
    try:
        report = _pull(session, indicator, lookup, today=today, confirm=confirm,
                       timeout=timeout)
        run.ok = True
        run.inserted, run.updated, run.unchanged = (report.inserted, report.updated,
                                                    report.unchanged)
    except SourceError as failure:
        run.kind, run.error = failure.kind, failure.message
        basis = failure.basis if isinstance(failure, RowsRefused) else failure.message
        run.signature = signature(failure.kind, basis)
        run.rejected = failure.rejected if isinstance(failure, RowsRefused) else 0
    tell = to_tell(session, indicator.id, run)
    session.add(run)
    session.flush()
    return PullResult(indicator.key, run, report, tell)


class RowsRefused(SourceError):
    """Bad rows. Its signature is what is wrong with them, not how many rows there are or
    where, so that a source that grows by a row a month is still the same failure."""

    def __init__(self, message: str, reasons: list[str]) -> None:
        super().__init__("rows", message)
        self.rejected = len(reasons)
        self.basis = "\n".join(sorted(set(reasons)))


def _pull(session: Session, indicator: Indicator, lookup: Lookup, *, today: date,
          confirm: bool, timeout: float) -> ImportReport:
    if not indicator.source_url_env or not indicator.source_query:
        raise SourceError("setting", "this indicator has no SQL source in the framework file")
    url = lookup(indicator.source_url_env)
    if not url or not url.strip():
        raise SourceError("setting", f"the environment variable {indicator.source_url_env} "
                                     "is not set; set it to the database URL")
    found = read_source(url.strip(), indicator.source_query, timeout=timeout)
    frame = rows_frame(indicator.key, found)
    hint = f"pull again with `goldthread pull --indicator {indicator.key} --confirm`"
    report = import_frame(session, frame, indicator.partnership_id, source=SOURCE,
                          today=today, confirm=confirm, confirm_hint=hint)
    if report.errors:
        shown = "; ".join(f"row {e.line}: {e.reason}" for e in report.errors[:SHOWN_ERRORS])
        more = len(report.errors) - SHOWN_ERRORS
        raise RowsRefused(f"{len(report.errors)} of {len(frame)} rows are bad, so nothing was "
                          f"imported: {shown}" + (f"; and {more} more" if more > 0 else ""),
                          [e.reason for e in report.errors])
    return report


def rows_frame(indicator_key: str, found: Rows) -> pd.DataFrame:
    """The query's rows as the importer reads a file: text cells, a `line` (the row number)."""
    missing = [c for c in REQUIRED if c not in found.columns]
    if missing:
        raise SourceError("rows", f"the query returns no {' or '.join(missing)} column; name "
                                  "the columns period and value (SELECT ... AS period, "
                                  "... AS value)")
    unknown = [c for c in found.columns if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise SourceError("rows", f"the query returns column(s) {', '.join(unknown[:6])}, "
                                  f"which goldthread does not use; return only "
                                  f"{', '.join(REQUIRED + OPTIONAL)}")
    records = [dict(zip(found.columns, row, strict=True)) for row in found.rows]
    frame = pd.DataFrame({
        "line": list(range(1, len(records) + 1)),
        "indicator": [indicator_key] * len(records),
        **{c: [_text(r.get(c)) for r in records] for c in REQUIRED + OPTIONAL},
    }, dtype=object)
    return frame


def _text(value: Any) -> str:
    """A cell as a file would hold it, so that validation reads both alike."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


def signature(kind: str, message: str) -> str:
    """The same failure gives the same signature: its kind and its words."""
    return hashlib.sha256(f"{kind}\n{message}".encode()).hexdigest()[:32]


def to_tell(session: Session, indicator_id: int, run: SourceRun) -> Tell | None:
    """News for the owner, compared with the last run they were told about."""
    last = session.scalars(select(SourceRun).where(
        SourceRun.indicator_id == indicator_id, SourceRun.told.is_(True)
    ).order_by(SourceRun.id.desc()).limit(1)).first()
    key = f"source:{indicator_id}:{last.id if last else 0}:{run.signature or 'ok'}"
    if run.ok:
        return Tell(True, key) if last is not None and not last.ok else None
    if last is None or last.ok or last.signature != run.signature:
        return Tell(False, key)
    return None


def environment(env: Mapping[str, str]) -> Lookup:
    """Look a source's URL up in the environment, or in the file named by NAME_FILE."""
    def lookup(name: str) -> str | None:
        if env.get(name):
            return env[name]
        file_name = env.get(f"{name}_FILE")
        if not file_name:
            return None
        try:
            with open(file_name, encoding="utf-8") as handle:
                return handle.read().strip()
        except (OSError, UnicodeDecodeError):
            return None

    return lookup
