"""`goldthread records export` round-trips: every row of the period is in the export (CSV and
JSON alike) and nothing outside it, and no anonymous idea carries an identity. `records purge`
empties old payloads and keeps the facts."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from models import queries
from models.base import utcnow
from models.db import transaction
from models.records import COLUMNS, TABLES
from models.tables import (
    Accountability,
    AccountabilityUpdate,
    Change,
    ChangeEvaluation,
    ChartImage,
    Delivery,
    Indicator,
    Suggestion,
    SuggestionStatusChange,
)

FORMULA = "=HYPERLINK(\"https://evil.example\",\"click\") weekend pharmacy"


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def run(args: list[str], url: str, config: Path | None = None) -> Result:
    return CliRunner().invoke(main, args, env={"GOLDTHREAD_DATABASE_URL": url,
                                               "GOLDTHREAD_CONFIG": str(config or "")})


def seed(sessions: sessionmaker[Session]) -> None:
    """Rows inside November 2026 and outside it, of every kind the export covers."""
    with transaction(sessions) as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        pid = partnership.id
        ben = queries.person_by_key(session, pid, "ben")
        amina = queries.person_by_key(session, pid, "amina")
        assert ben is not None and amina is not None

        def idea(text: str, created: datetime, *, person: int | None = None,
                 anonymous: bool = False, contact: str | None = None,
                 later: list[tuple[str, datetime]] = ()) -> None:  # type: ignore[assignment]
            made = Suggestion(partnership_id=pid, text=text, created_at=created,
                              anonymous=anonymous, person_id=person,
                              contact_platform="slack" if contact else None,
                              contact_id=contact, status=later[-1][0] if later else "new")
            made.history.append(SuggestionStatusChange(status="new", at=created))
            for status, when in later:
                made.history.append(SuggestionStatusChange(status=status, at=when,
                                                           reason="Looked at it",
                                                           by_person_id=amina.id))
            session.add(made)

        idea("Weekend starts for reablement", at("2026-11-10"), person=ben.id,
             later=[("accepted", at("2026-11-12"))])
        idea("Late opening for housing options", at("2026-11-11", 0), anonymous=True,
             later=[("under_review", at("2026-11-13"))])
        idea(FORMULA, at("2026-11-14"), contact="U0STRANGER")
        idea("Old and untouched", at("2026-09-01"), person=ben.id,
             later=[("not_now", at("2026-09-02"))])
        idea("Old but decided this month", at("2026-09-03"), person=ben.id,
             later=[("under_review", at("2026-09-04")), ("done", at("2026-11-20"))])
        action = session.scalars(select(Accountability).where(
            Accountability.key == "extra-slots")).one()
        for when in ("2026-10-30", "2026-11-02", "2026-11-30"):
            session.add(AccountabilityUpdate(accountability_id=action.id, person_id=amina.id,
                                             field="progress", new=f"Update {when}",
                                             at=at(when, 23)))
        for n, (kind, status, sent) in enumerate([
                ("digest", "sent", "2026-11-09"), ("digest", "sent", "2026-10-26"),
                ("dm", "sent", "2026-11-09"), ("digest", "pending", None),
                ("digest", "sent", "2026-12-01")]):
            session.add(Delivery(dedupe_key=f"k{n}", platform="slack", target="C0BOARD",
                                 kind=kind, status=status, period="2026-W46",
                                 payload={"text": f"Digest {n}"},
                                 sent_at=at(sent) if sent else None))
        home = session.scalars(select(Indicator).where(Indicator.key == "home-91")).one()
        for key, created, judged, started in (
                ("new-one", "2026-11-03", "2026-11-04", date(2026, 1, 1)),
                ("old-one", "2026-06-01", "2026-11-05", date(2026, 1, 1)),
                ("older", "2026-05-01", "2026-05-02", date(2026, 1, 1)),
                ("started-this-month", "2026-12-02", "2026-12-03", date(2026, 11, 16)),
                ("started-after", "2026-12-02", "2026-12-03", date(2026, 12, 1))):
            change = Change(partnership_id=pid, key=key, title=key, started=started,
                            expected="increase", created_at=at(created), indicators=[home])
            change.evaluations.append(ChangeEvaluation(
                indicator_id=home.id, evaluated_at=at(judged), verdict="worked",
                points_before=24, points_after=9, effect=-1.5))
            session.add(change)


def read(out: Path, name: str) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    rows = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    with (out / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return rows, list(csv.DictReader(handle))


def test_export_round_trips_and_keeps_anonymous_ideas_anonymous(
        loaded: sessionmaker[Session], database_url: str, tmp_path: Path) -> None:
    seed(loaded)
    out = tmp_path / "foi"
    result = run(["records", "export", "--from", "2026-11-01", "--to", "2026-11-30", "--out",
                  str(out)], database_url)
    assert result.exit_code == 0, result.output
    # The period is November in London: 00:00 GMT on the 1st to 00:00 GMT on 1 December.
    start, end = at("2026-11-01", 0), at("2026-12-01", 0)

    def inside(moment: datetime | None) -> bool:
        return moment is not None and start <= moment < end

    with loaded() as session:
        ideas = list(session.scalars(select(Suggestion)))
        wanted = {
            "digests": {d.id for d in session.scalars(select(Delivery)) if d.kind == "digest"
                        and d.status == "sent" and inside(d.sent_at)},
            "ideas": {i.id for i in ideas if inside(i.created_at)
                      or any(inside(h.at) for h in i.history)},
            "accountability_changes": {u.id for u in session.scalars(
                select(AccountabilityUpdate)) if inside(u.at)},
            "evaluations": {e.id for e in session.scalars(select(ChangeEvaluation))
                            if inside(e.evaluated_at)},
        }
        wanted["idea_status_history"] = {h.id for i in ideas if i.id in wanted["ideas"]
                                         for h in i.history}
        wanted["changes"] = {c.id for c in session.scalars(select(Change))
                             if inside(c.created_at) or date(2026, 11, 1) <= c.started
                             <= date(2026, 11, 30)
                             or any(inside(e.evaluated_at) for e in c.evaluations)}
    assert len(wanted["digests"]) == 1 and len(wanted["ideas"]) == 4
    assert len(wanted["accountability_changes"]) == 2 and len(wanted["changes"]) == 3
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name, ids in wanted.items():
        rows, table = read(out, name)
        assert {r["id"] for r in rows} == ids, name
        assert [int(r["id"]) for r in table] == [r["id"] for r in rows], name
        assert manifest["counts"][name] == len(ids)
        assert all(tuple(r) == COLUMNS[name] for r in rows), name
        for row, line in zip(rows, table, strict=True):  # CSV says what JSON says
            for key, value in row.items():
                text = "" if value is None else str(value)
                assert line[key] in (text, f"'{text}"), (name, key)
    ideas_out, table = read(out, "ideas")
    hidden = next(r for r in ideas_out if r["anonymous"])
    assert (hidden["author"], hidden["author_key"], hidden["created_at"]) == (None, None, None)
    assert hidden["created_on"] == "2026-11-11"
    history, _ = read(out, "idea_status_history")
    arrived = next(h for h in history if h["idea"] == hidden["reference"]
                   and h["status"] == "new")
    assert arrived["at"] == "2026-11-11"  # the day, never the time
    every_file = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    assert "U0STRANGER" not in every_file  # no chat id is ever exported
    # a formula in an idea is exact in JSON and inert in the CSV
    formula = next(r for r in table if "HYPERLINK" in r["text"])
    assert formula["text"] == "'" + FORMULA
    assert any(r["text"] == FORMULA for r in ideas_out)


def test_an_empty_period_still_writes_each_files_header(
        loaded: sessionmaker[Session], database_url: str, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    result = run(["records", "export", "--from", "2020-01-01", "--to", "2020-01-31", "--out",
                  str(out)], database_url)
    assert result.exit_code == 0, result.output
    for name in TABLES:
        with (out / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
            assert list(csv.reader(handle)) == [list(COLUMNS[name])], name
        assert json.loads((out / f"{name}.json").read_text(encoding="utf-8")) == []


def test_purge_empties_old_payloads_and_keeps_the_facts(
        loaded: sessionmaker[Session], database_url: str, tmp_path: Path) -> None:
    now = utcnow()
    with transaction(loaded) as session:
        for sha, days in (("a" * 64, 400), ("b" * 64, 400), ("c" * 64, 5)):
            session.add(ChartImage(sha256=sha, cache_key=sha[:5], png=b"png", alt="a chart",
                                   created_at=now - timedelta(days=days)))
        for key, status, days, image in (("old", "sent", 400, "a" * 64),
                                         ("recent", "sent", 10, "b" * 64),
                                         ("stuck", "pending", 400, None)):
            payload: dict[str, Any] = {"text": f"The {key} digest"}
            if image:
                payload["image"] = {"sha256": image}
            session.add(Delivery(dedupe_key=key, platform="slack", target="C0BOARD",
                                 kind="digest", status=status, payload=payload,
                                 created_at=now - timedelta(days=days),
                                 sent_at=now - timedelta(days=days) if status == "sent"
                                 else None))
    nothing = run(["records", "purge"], database_url)
    assert nothing.exit_code == 2 and "records.retention_days" in nothing.output
    config = tmp_path / "config.toml"
    config.write_text("[records]\nretention_days = 365\n", encoding="utf-8")
    dry = run(["records", "purge", "--dry-run"], database_url, config)
    assert "Would purge 1 delivery payload(s) and 1 chart image(s)" in dry.output, dry.output
    done = run(["records", "purge"], database_url, config)
    assert "Purged 1 delivery payload(s) and 1 chart image(s)" in done.output, done.output
    with loaded() as session:
        rows = {d.dedupe_key: d for d in session.scalars(select(Delivery))}
        images = set(session.scalars(select(ChartImage.sha256)))
    assert rows["old"].payload == {} and rows["old"].purged_at is not None
    assert rows["old"].sent_at is not None and rows["old"].target == "C0BOARD"  # the facts
    assert rows["recent"].payload["text"] == "The recent digest"
    assert rows["stuck"].payload["text"] == "The stuck digest"  # not sent yet: kept
    assert images == {"b" * 64, "c" * 64}
