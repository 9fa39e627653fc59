"""Write validated rows: insert what is new, revise what changed (keeping the old value), and
leave what is the same alone. Shared by file imports, SQL sources and figures entered in chat,
so that every way a figure arrives keeps the same history."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from models.base import utcnow
from models.imports.validate import ValidRow
from models.tables import Benchmark, Measurement, MeasurementRevision

Progress = Callable[[int, int], None]
_CHUNK = 500
Stored = TypeVar("Stored", Measurement, Benchmark)


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


def apply_measurements(
    session: Session, rows: list[ValidRow], counts: Counts, source: str,
    progress: Progress | None = None, *, recorded_by: int | None = None,
) -> None:
    """Upsert measurements; a changed one keeps its old value, source and quality as a
    revision. `recorded_by` is the person who typed the figures in chat."""
    now = utcnow()
    for chunk, existing in _in_chunks(session, rows, Measurement, "area", progress):
        new = []
        for row in chunk:
            found = existing.get((row.indicator_id, row.period, row.key))
            if found is None:
                new.append({
                    "indicator_id": row.indicator_id, "period": row.period, "area": row.key,
                    "value": row.value, "numerator": row.numerator,
                    "denominator": row.denominator, "note": row.note, "source": source,
                    "quality": row.quality, "recorded_by_id": recorded_by,
                    "created_at": now, "updated_at": now,
                })
            elif same(found, row):
                counts.unchanged += 1
            else:
                found.revisions.append(MeasurementRevision(
                    value=found.value, numerator=found.numerator,
                    denominator=found.denominator, note=found.note, source=found.source,
                    quality=found.quality, recorded_by_id=found.recorded_by_id,
                    replaced_at=now, replaced_by_source=source))
                found.value, found.numerator = row.value, row.numerator
                found.denominator, found.note = row.denominator, row.note
                found.quality, found.recorded_by_id = row.quality, recorded_by
                found.source, found.updated_at = source, now
                counts.updated += 1
        if new:
            session.execute(insert(Measurement), new)
            counts.inserted += len(new)
        session.flush()


def same(found: Measurement, row: ValidRow) -> bool:
    return (found.value, found.numerator, found.denominator, found.note, found.quality) == (
        row.value, row.numerator, row.denominator, row.note, row.quality)


def apply_benchmarks(
    session: Session, rows: list[ValidRow], counts: Counts, source: str,
    progress: Progress | None = None, *, recorded_by: int | None = None,
) -> None:
    now = utcnow()
    for chunk, existing in _in_chunks(session, rows, Benchmark, "peer", progress):
        for row in chunk:
            found = existing.get((row.indicator_id, row.period, row.key))
            if found is None:
                session.add(Benchmark(
                    indicator_id=row.indicator_id, period=row.period, peer=row.key,
                    value=row.value, denominator=row.denominator, updated_at=now))
                counts.inserted += 1
            elif (found.value, found.denominator) == (row.value, row.denominator):
                counts.unchanged += 1
            else:
                found.value, found.denominator, found.updated_at = row.value, row.denominator, now
                counts.updated += 1
        session.flush()


def _in_chunks(
    session: Session, rows: list[ValidRow], model: type[Stored], key: str,
    progress: Progress | None,
) -> Iterator[tuple[list[ValidRow], dict[tuple[int, date, str], Stored]]]:
    """The rows a chunk at a time, each with the stored rows it may update, keyed as the rows
    are (`key` is the model's column for `ValidRow.key`); progress is told after each chunk."""
    column = getattr(model, key)
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start:start + _CHUNK]
        keys = [(r.indicator_id, r.period, r.key) for r in chunk]
        existing = {
            (s.indicator_id, s.period, getattr(s, key)): s
            for s in session.scalars(select(model).where(
                tuple_(model.indicator_id, model.period, column).in_(keys)))
        }
        yield chunk, existing
        if progress:
            progress(min(start + _CHUNK, len(rows)), len(rows))
