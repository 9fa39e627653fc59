"""Doubtful data is caught at the door (issue 12): each case refused with its message, and
quality flags kept with the figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import queries
from models.imports.importer import ImportReport, import_file
from models.imports.read import DataFileError
from models.tables import Measurement, MeasurementRevision

TODAY = date(2026, 11, 27)
HEADER = "indicator,period,value,numerator,denominator\n"
# Ten months of home-91 in the low-to-mid 80s: the "everything seen before".
HISTORY = HEADER + "".join(
    f"home-91,2026-{month:02d}-01,{value},{round(value * 2)},200\n"
    for month, value in zip(range(1, 11), (81.5, 83.0, 82.5, 84.0, 83.5, 82.0, 85.0, 84.5,
                                           83.0, 86.0), strict=True))


def run(sessions: sessionmaker[Session], path: Path, **options: object) -> ImportReport:
    with sessions() as session:
        pid = queries.current_partnership(session).id  # type: ignore[union-attr]
        report = import_file(session, path, pid, today=TODAY, **options)  # type: ignore[arg-type]
        if report.written and (not report.errors or options.get("skip_invalid")):
            session.commit()
        return report


def write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def values(sessions: sessionmaker[Session]) -> dict[date, float]:
    with sessions() as session:
        return dict(session.execute(select(Measurement.period, Measurement.value)).all())


@pytest.mark.parametrize(("row", "words"), [
    ("home-91,2027-01-01,80,160,200", "period 2027-01-01 is in the future"),
    ("home-91,2026-11-01,80,160,200",
     "period 2026-11-01 has not ended yet (the month ends on 30 Nov 2026); its figure can be "
     "given from 1 Dec 2026"),
    ("delayed-discharges,2026-11-23,40,,",
     "period 2026-11-23 has not ended yet (the week ends on 29 Nov 2026)"),
])
def test_a_period_that_has_not_ended_is_refused(
    loaded: sessionmaker[Session], tmp_path: Path, row: str, words: str
) -> None:
    report = run(loaded, write(tmp_path, HEADER + "home-91,2026-10-01,80,160,200\n" + row + "\n"))
    assert [e.line for e in report.errors] == [3]
    assert words in report.errors[0].reason
    assert values(loaded) == {}


def test_the_last_ended_period_is_accepted(loaded: sessionmaker[Session], tmp_path: Path) -> None:
    report = run(loaded, write(tmp_path, HEADER + "home-91,2026-10-01,80,160,200\n"
                               "delayed-discharges,2026-11-16,40,,\n"))
    assert report.errors == [] and report.inserted == 2


def test_an_excel_percentage_beside_its_counts_asks_did_you_mean(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    report = run(loaded, write(tmp_path, HEADER + "home-91,2026-10-01,0.27,54,200\n"))
    (error,) = report.errors
    assert error.line == 2
    assert "value 0.27 does not match 54/200, which is 27%: did you mean 27%?" in error.reason
    assert values(loaded) == {}


def test_a_value_that_disagrees_with_its_counts_is_refused(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    report = run(loaded, write(tmp_path, HEADER + "home-91,2026-10-01,72,54,200\n"
                               "home-91,2026-09-01,27.4,55,201\n"))  # 27.36% rounded: fine
    assert [(e.line, e.reason) for e in report.errors] == [
        (2, "value 72 does not match 54/200, which is 27%; check the value, the numerator and "
            "the denominator")]


def test_a_value_far_outside_everything_seen_needs_confirm(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    assert run(loaded, write(tmp_path, HISTORY)).inserted == 10
    typo = write(tmp_path, "indicator,period,value\nhome-91,2026-10-01,8.6\n", "typo.csv")
    refused = run(loaded, typo)
    (error,) = refused.errors
    assert error.doubtful and refused.doubtful == 1
    assert error.reason == ("value 8.6 is far outside everything seen before for this indicator "
                            "(81.5% to 85% in 9 earlier figures); if it is right, import again "
                            "with --confirm")
    assert values(loaded)[date(2026, 10, 1)] == 86.0
    confirmed = run(loaded, typo, confirm=True)
    assert (confirmed.errors, confirmed.updated) == ([], 1)
    assert values(loaded)[date(2026, 10, 1)] == 8.6


def test_a_percentage_given_as_its_fraction_asks_did_you_mean(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    """No counts to check it against, but 0.84 among figures of 81.5% to 86% is 84% in a cell
    formatted as a percentage: held back with the likely fix."""
    assert run(loaded, write(tmp_path, HISTORY)).inserted == 10
    cell = write(tmp_path, "indicator,period,value\nhome-91,2026-10-01,0.84\n", "cell.csv")
    (error,) = run(loaded, cell).errors
    assert error.doubtful
    assert error.reason == ("value 0.84 is far outside everything seen before for this "
                            "indicator (81.5% to 85% in 9 earlier figures): did you mean 84%? "
                            "(a cell formatted as a percentage holds 0.84 for 84%; give the "
                            "percentage itself); if it is right, import again with --confirm")
    assert values(loaded)[date(2026, 10, 1)] == 86.0


def test_within_the_range_seen_needs_no_confirm(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    run(loaded, write(tmp_path, HISTORY))
    # A real change, even a record, is not "far outside": beyond the range by less than its width.
    report = run(loaded, write(tmp_path, "indicator,period,value\nhome-91,2026-10-01,89.5\n",
                               "new.csv"))
    assert report.errors == [] and report.updated == 1


def test_one_bad_row_among_a_first_load_is_caught(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    """No history yet: the other rows of the same file are what has been seen."""
    text = HISTORY.replace("home-91,2026-05-01,83.5,167,200", "home-91,2026-05-01,8.35,,")
    report = run(loaded, write(tmp_path, text))
    assert [e.line for e in report.errors] == [6]
    assert "far outside everything seen before" in report.errors[0].reason


def test_a_peers_file_without_benchmarks_says_to_add_it(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write(tmp_path, "indicator,period,peer,value\nhome-91,2026-10-01,Eastshire,84\n")
    with pytest.raises(DataFileError, match="import it with --benchmarks"):
        run(loaded, path)
    assert run(loaded, path, benchmarks=True).inserted == 1


def test_a_measurements_file_with_benchmarks_says_to_leave_it_out(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    with pytest.raises(DataFileError, match="leave out --benchmarks"):
        run(loaded, write(tmp_path, HISTORY), benchmarks=True)


def test_a_semicolon_separated_file_is_recognised(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write(tmp_path, "indicator;period;value;numerator;denominator;note\n"
                           "home-91;2026-09-01;83,5;167;200;\n"
                           "delayed-discharges;2026-11-16;1.204;;;weekend, then Monday\n")
    report = run(loaded, path)
    assert report.errors == [] and report.inserted == 2
    assert values(loaded) == {date(2026, 9, 1): 83.5, date(2026, 11, 16): 1204.0}
    assert any("semicolon-separated" in note for note in report.notes)


def test_only_the_first_sheet_read_is_said(loaded: sessionmaker[Session], tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Reablement"
    first.append(["indicator", "period", "value"])
    first.append(["home-91", date(2026, 10, 1), 84])
    book.create_sheet("Discharges").append(["indicator", "period", "value"])
    book.create_sheet("Notes")
    path = tmp_path / "book.xlsx"
    book.save(path)
    report = run(loaded, path)
    assert report.inserted == 1
    assert report.notes == [
        'book.xlsx: only the first sheet, "Reablement", was read; the workbook also has '
        '"Discharges", "Notes". Put every row on the first sheet, or save each sheet as its own '
        "file"]


def test_dry_run_says_would_insert(loaded: sessionmaker[Session], tmp_path: Path) -> None:
    report = run(loaded, write(tmp_path, HISTORY), dry_run=True)
    assert report.summary() == "would insert 10, would update 0, 0 unchanged, 0 rejected"
    assert values(loaded) == {}


def test_quality_flags_are_kept_and_revised_with_history(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    first = write(tmp_path, "indicator,period,value,quality,note\n"
                            "home-91,2026-10-01,84,Provisional,two teams yet to report\n"
                            "home-91,2026-09-01,83,,\n")
    assert run(loaded, first).inserted == 2
    final = write(tmp_path, "indicator,period,value,quality\nhome-91,2026-10-01,84.5,revised\n",
                  "final.csv")
    assert run(loaded, final).updated == 1
    with loaded() as session:
        october = session.scalars(select(Measurement).where(
            Measurement.period == date(2026, 10, 1))).one()
        (old,) = session.scalars(select(MeasurementRevision)).all()
        september = session.scalars(select(Measurement).where(
            Measurement.period == date(2026, 9, 1))).one()
    assert (october.value, october.quality) == (84.5, "revised")
    assert (old.value, old.quality, old.note) == (84.0, "provisional", "two teams yet to report")
    assert september.quality is None


def test_an_unknown_quality_is_a_bad_row(loaded: sessionmaker[Session], tmp_path: Path) -> None:
    report = run(loaded, write(tmp_path, "indicator,period,value,quality\n"
                                         "home-91,2026-10-01,84,draft\n"))
    assert [e.reason for e in report.errors] == [
        'quality "draft" is not one of provisional, revised, estimated (leave it empty for a '
        "final figure)"]
