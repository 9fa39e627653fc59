"""Importing measurements and benchmarks: whole-file validation, idempotence, history."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from models import queries
from models.imports.importer import ImportReport, import_file
from models.imports.read import DataFileError
from models.tables import Benchmark, Measurement, MeasurementRevision

GOOD = """indicator,period,value,numerator,denominator,note
home-91,2026-08-01,83.5,167,200,
home-91,2026-09-01,84.0,168,200,
home-91,2026-10-01,86.0,172,200,after weekend slots
delayed-discharges,2026-10-26,41,,,
delayed-discharges,2026-11-02,38,,,
"""


# Every period in these files has ended by then: the tests must not depend on the machine's date,
# now that a period which has not ended is refused.
AFTER_THE_DATA = date(2027, 1, 15)


def run(sessions: sessionmaker[Session], path: Path, **options: bool) -> ImportReport:
    with sessions() as session:
        pid = queries.current_partnership(session).id  # type: ignore[union-attr]
        report = import_file(session, path, pid, today=AFTER_THE_DATA, **options)
        if (not report.errors or options.get("skip_invalid")) and not options.get("dry_run"):
            session.commit()
        return report


def count(sessions: sessionmaker[Session], model: type) -> int:
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_twice_changes_nothing_the_second_time(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write(tmp_path, GOOD)
    first = run(loaded, path)
    assert (first.inserted, first.updated, first.unchanged, first.rejected) == (5, 0, 0, 0)
    second = run(loaded, path)
    assert (second.inserted, second.updated, second.unchanged, second.rejected) == (0, 0, 5, 0)
    assert second.summary() == "0 inserted, 0 updated, 5 unchanged, 0 rejected"
    assert count(loaded, Measurement) == 5


def test_three_bad_rows_are_named_and_nothing_is_written(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    bad = GOOD + (
        "home-92,2026-11-01,80,,,\n"            # line 7: unknown indicator
        "home-91,2026-11-15,80,,,\n"            # line 8: not the first of the month
        "home-91,2026-12-01,80,210,200,\n"      # line 9: numerator > denominator
    )
    report = run(loaded, write(tmp_path, bad))
    assert [e.line for e in report.errors] == [7, 8, 9]
    assert 'unknown indicator "home-92" (did you mean "home-91"?)' in report.errors[0].reason
    assert "not the first day of a month" in report.errors[1].reason
    assert "numerator 210 is larger than denominator 200" in report.errors[2].reason
    assert count(loaded, Measurement) == 0


@pytest.mark.parametrize(("row", "words"), [
    ("home-91,01/10/2026,80,,,", 'period "01/10/2026" is not a date'),
    ("home-91,2026-10-01,eighty,,,", 'value "eighty" is not a number'),
    ("home-91,2026-10-01,180,,,", "outside 0 to 100"),
    ("delayed-discharges,2026-11-03,40,,,", "not a Monday"),
    ("delayed-discharges,2026-11-02,-4,,,", "negative"),
    ("home-91,2026-10-01,80,160,,", "give both numerator and denominator"),
    ("home-91,2026-10-01,80,160,0,", "denominator must be more than 0"),
    ("home-91,2026-10-01,nan,,,", "is not a number"),
    ("home-91,2026-10-01,inf,,,", "is not a number"),
    (",2026-10-01,80,,,", "indicator is empty"),
])
def test_each_kind_of_bad_row(
    loaded: sessionmaker[Session], tmp_path: Path, row: str, words: str
) -> None:
    report = run(loaded, write(tmp_path, "indicator,period,value,numerator,denominator,note\n"
                               + row + "\n"))
    assert len(report.errors) == 1 and report.errors[0].line == 2
    assert words in report.errors[0].reason


def test_duplicate_rows_point_to_the_first(loaded: sessionmaker[Session], tmp_path: Path) -> None:
    text = "indicator,period,value\nhome-91,2026-10-01,80\nhome-91,2026-10-01,81\n"
    report = run(loaded, write(tmp_path, text))
    assert [(e.line, e.reason) for e in report.errors] == [
        (3, "duplicate row: same indicator, period and area as line 2")]


def test_changed_value_is_an_update_with_history(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    run(loaded, write(tmp_path, GOOD))
    revised = GOOD.replace("86.0,172,200,after weekend slots", "86.5,173,200,revised")
    report = run(loaded, write(tmp_path, revised, "revised.csv"))
    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 4)
    with loaded() as session:
        revision = session.scalars(select(MeasurementRevision)).one()
        assert (revision.value, revision.note, revision.source) == (
            86.0, "after weekend slots", "data.csv")
        assert revision.replaced_by_source == "revised.csv"
        assert revision.measurement.value == 86.5


def test_skip_invalid_imports_the_rest_and_writes_rejects(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    path = write(tmp_path, GOOD + "home-91,2026-11-15,80,,,\n")
    report = run(loaded, path, skip_invalid=True)
    assert (report.inserted, report.rejected) == (5, 1)
    assert report.rejects_file == tmp_path / "data.rejects.csv"
    rejects = report.rejects_file.read_text().splitlines()
    assert rejects[0] == "indicator,period,value,numerator,denominator,area,note,line,reason"
    assert rejects[1].startswith("home-91,2026-11-15,80,,,,,7,")


def test_dry_run_writes_nothing(loaded: sessionmaker[Session], tmp_path: Path) -> None:
    report = run(loaded, write(tmp_path, GOOD), dry_run=True)
    assert report.inserted == 5 and not report.written
    assert count(loaded, Measurement) == 0


def test_xlsx_works_like_csv(loaded: sessionmaker[Session], tmp_path: Path) -> None:
    import datetime as dt

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Indicator", "Period", "Value", "Numerator", "Denominator"])
    sheet.append(["home-91", dt.datetime(2026, 9, 1), 84.0, 168, 200])
    sheet.append(["home-91", "2026-10-01", 86, 172, 200])
    sheet.append(["delayed-discharges", dt.date(2026, 11, 3), 40, None, None])
    path = tmp_path / "data.xlsx"
    book.save(path)
    report = run(loaded, path)
    assert [(e.line, "not a Monday" in e.reason) for e in report.errors] == [(4, True)]
    sheet.delete_rows(4)
    book.save(path)
    assert run(loaded, path).inserted == 2
    assert run(loaded, path).unchanged == 2


def test_malformed_files_are_refused_whole(loaded: sessionmaker[Session], tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="missing column"):
        run(loaded, write(tmp_path, "indicator,when,value\nhome-91,2026-10-01,80\n"))
    with pytest.raises(DataFileError, match="line 3: more cells"):
        run(loaded, write(tmp_path, "indicator,period,value\nhome-91,2026-09-01,80\n"
                                    "home-91,2026-10-01,80,5\n"))
    with pytest.raises(DataFileError, match=r"use a \.csv or \.xlsx"):
        run(loaded, write(tmp_path, "x", "data.json"))
    with pytest.raises(DataFileError, match="not a readable Excel"):
        run(loaded, write(tmp_path, "not a zip", "data.xlsx"))
    assert count(loaded, Measurement) == 0


def test_benchmarks(loaded: sessionmaker[Session], tmp_path: Path) -> None:
    text = ("indicator,period,peer,value,denominator\n"
            "home-91,2026-09-01,Northvale,82.1,340\nhome-91,2026-09-01,Eastmere,88.0,\n")
    path = write(tmp_path, text)
    assert run(loaded, path, benchmarks=True).inserted == 2
    assert run(loaded, path, benchmarks=True).unchanged == 2
    bad = run(loaded, write(tmp_path, "indicator,period,peer,value\nhome-91,2026-09-01,,80\n",
                            "b.csv"), benchmarks=True)
    assert "peer is empty" in bad.errors[0].reason
    assert count(loaded, Benchmark) == 2


def test_excel_csv_with_bom_and_grouped_numbers(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffindicator,period,value\r\ndelayed-discharges,2026-11-02,\"1,204\"\r\n"
                     .encode("utf-8"))
    assert run(loaded, path).inserted == 1
    with loaded() as session:
        assert session.scalars(select(Measurement.value)).one() == 1204


HEADER = "indicator,period,value,numerator,denominator,area,note\n"


NOT_TABLES = [
    (bytes(range(256)) * 40, "NUL byte, so it is not a text file"),
    (b"indicator,period,value\nhome-91,2026-10-01,8\x000\n", "line 2: the file holds a NUL"),
    (bytes(b ^ 0x5A for b in range(1, 256) if b ^ 0x5A) * 40, "does not look like text"),
    (b'indicator,period,value\nhome-91,2026-10-01,"80\nhome-91,2026-11-01,81\n',
     "line 2: not valid CSV (unexpected end of data); check the quotes"),
    (b'indicator,period,value\nhome-91,2026-10-01,"80"x\n', "line 2: not valid CSV"),
    (b"indicator,period,value\n" + b"x" * 50_000_000 + b"\n",
     "line 2: the line is 50,000,000 characters long; the limit is 1,000,000"),
    (b'indicator,period,value\nhome-91,2026-10-01,"' + b"9" * 200_000 + b'"\n',
     "line 2: not valid CSV (field larger than field limit (131072))"),
    ("indicator,period,value\nhome-91,2026-10-01,80\n".encode("utf-16"), "saved as UTF-16"),
    (b"PK\x03\x04" + b"\x14" * 100, "this is an Excel workbook"),
    (b"indicator,period,value,value\nhome-91,2026-10-01,80,81\n",
     'line 1: column "value" appears more than once'),
    (("indicator,period,value," + ",".join(f"c{i}" for i in range(10_000)) + "\n").encode(),
     'unknown column(s) "c0", "c1", "c2", "c3", "c4", "c5" and 9,994 more'),
    (b"indicator,period,value,\x1b[2Jcolour\n", 'unknown column(s) "\\x1b[2jcolour"'),
]


def test_files_that_are_not_tables_get_a_clear_message(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    path = tmp_path / "data.csv"
    for content, words in NOT_TABLES:
        path.write_bytes(content)
        with pytest.raises(DataFileError) as caught:
            run(loaded, path)
        message = str(caught.value)
        assert message.startswith("data.csv: ") and words in message, message
        assert message.isprintable() and len(message) < 400
    assert count(loaded, Measurement) == 0


def test_a_broken_sheet_inside_a_workbook_gets_a_clear_message(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    import zipfile

    book = Workbook()
    book.active.append(["indicator", "period", "value"])  # type: ignore[union-attr]
    good = tmp_path / "good.xlsx"
    book.save(good)
    broken = tmp_path / "data.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            target.writestr(entry, data)
    with pytest.raises(DataFileError, match=r"data\.xlsx: not a readable Excel workbook"):
        run(loaded, broken)


def test_long_text_cells_are_bad_rows_not_a_traceback(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    """A long area used to give a 28-frame traceback from the database."""
    rows = (f"home-91,2026-10-01,80,,,{'a' * 101},\n"
            f"home-91,2026-11-01,80,,,,{'n' * 2001}\n"
            f"home-91,2026-12-01,80,,,{'a' * 100},{'n' * 2000}\n")
    report = run(loaded, write(tmp_path, HEADER + rows))
    assert [(e.line, e.reason) for e in report.errors] == [
        (2, "area is 101 characters; the limit is 100"),
        (3, "note is 2,001 characters; the limit is 2,000")]
    assert count(loaded, Measurement) == 0
    bench = run(loaded, write(tmp_path, "indicator,period,peer,value\n"
                              f"home-91,2026-10-01,{'p' * 201},80\n", "b.csv"), benchmarks=True)
    assert [e.reason for e in bench.errors] == ["peer is 201 characters; the limit is 200"]


def test_hidden_characters_are_removed_from_text_cells(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    rows = ('home-91,2026-10-01,80,,,North\x1b[31m\u202e,"after\x07 the\r\nweekend\x1b]0;x\x07"\n'
            "home-91\x1b[2J,2026-11-01,80,,,,\n")
    report = run(loaded, write(tmp_path, HEADER + rows), skip_invalid=True)
    assert [(e.line, e.reason) for e in report.errors] == [
        (4, 'indicator "home-91\\x1b[2J" holds a character that cannot be seen or printed '
            "(U+001B); retype it")]
    with loaded() as session:
        stored = session.scalars(select(Measurement)).one()
        assert (stored.area, stored.note) == ("North", "after the\nweekend")


def test_rejects_file_cannot_run_formulas_in_a_spreadsheet(
    loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    rows = ('"=HYPERLINK(""http://evil.example"",""x"")",2026-10-01,80,,,,\n'
            "home-91,+2026-10-01,80,,,,\n"
            "home-91,2026-10-01,-4,,,,@SUM(A1)\n"
            "home-91,2026-10-01,=1+1,,,\x1b=cmd,\n")
    report = run(loaded, write(tmp_path, HEADER + rows), skip_invalid=True)
    assert report.rejects_file is not None
    with report.rejects_file.open(newline="", encoding="utf-8") as handle:
        cells = list(csv.reader(handle))[1:]
    assert [row[0] for row in cells] == [
        "'=HYPERLINK(\"http://evil.example\",\"x\")", "home-91", "home-91", "home-91"]
    assert cells[1][1] == "'+2026-10-01"
    assert (cells[2][2], cells[2][6]) == ("'-4", "'@SUM(A1)")
    assert (cells[3][2], cells[3][5]) == ("'=1+1", "'=cmd")
    starts = ("=", "+", "-", "@", "\t", "\r")
    assert not any(cell.startswith(starts) for row in cells for cell in row)
