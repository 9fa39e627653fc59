"""The board report: its HTML (ordered by outcome, exceptions with their golden thread, what
worked, peers with funnels, cost), and its PDF printed by headless Chromium, every page rendered
to PNG and checked for text, with the words found on the pages."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from bot.app import AppContext
from bot.cli import main
from bot.html.board import board_html, print_pdf
from digests.board.report import BoardReport, board_report
from models import queries
from tests.bot.html.test_in_chromium import chromium

TODAY = date(2026, 11, 27)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run installs poppler-utils")
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils)")
    return found


def report_of(app: AppContext) -> BoardReport:
    with app.sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        snap = app.maker.snapshot(session, partnership, TODAY)
    return board_report(snap.data, snap.statuses, TODAY, charts_for=lambda keys:
                        app.maker.panels.grid([snap.statuses[k] for k in keys]))


def test_the_report_model(demo_app: AppContext) -> None:
    report = report_of(demo_app)
    with demo_app.sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        outcomes = [o.title for o in queries.outcomes(session, partnership.id)]
        count = len(queries.indicators(session, partnership.id))
    assert [g.outcome for g in report.summary] == outcomes  # ordered by outcome
    assert sum(len(g.rows) for g in report.summary) == count
    home = next(r for g in report.summary for r in g.rows if r.indicator.startswith("Still"))
    assert (home.variation, home.verdict) == ("improvement_high", "improving")
    ae = next(r for g in report.summary for r in g.rows if r.indicator.startswith("A&E"))
    assert (ae.assurance, ae.target) == ("fail", "78%")
    worse = next(e for e in report.exceptions if e.indicator.startswith("Days from referral"))
    assert worse.owner == "Amina Shah" and worse.thread[-1] == worse.indicator
    assert len(worse.thread) >= 3  # outcome, objective(s), the measure
    assert report.worked[0].startswith("Weekend reablement slots (from 2 Feb 2026): it worked")
    assert sum(p.chart is not None for p in report.peers) == 4
    assert report.cost_total == sum(c.hours or 0 for c in report.costs) > 0


def test_html_escapes_and_carries_everything(demo_app: AppContext, tmp_path: Path) -> None:
    html = board_html(report_of(demo_app), generated="27 Nov 2026 09:00")
    for heading in ("Summary, by outcome", "Exceptions: what needs attention",
                    "What changed and what worked", "How we compare with similar areas",
                    "How local outcomes meet national ones", "Working together",
                    "Cost of measurement"):
        assert f">{heading}</h2>" in html
    assert "A&amp;E patients seen within 4 hours" in html and "A&E patients" not in html
    assert html.count("<img ") == 5  # the exceptions chart and four funnels
    assert 'aria-label="Special cause: improving (higher)"' in html


def test_the_pdf_pages_are_readable(demo_app: AppContext, tmp_path: Path) -> None:
    chromium()
    pdf = tmp_path / "report.pdf"
    print_pdf(board_html(report_of(demo_app), generated="27 Nov 2026 09:00"), pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run([tool("pdftoppm"), "-r", "50", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 4 <= len(pages) <= 14
    for page in pages:
        image = Image.open(page).convert("L")
        assert image.width < image.height  # A4 portrait
        dark = sum(count for count, level in image.getcolors(1 << 16) or [] if level < 128)
        assert dark > 0.002 * image.width * image.height, f"{page.name} is blank"
    text = subprocess.run([tool("pdftotext"), "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    for words in ("Summary, by outcome", "Exceptions: what needs attention",
                  "Golden thread:", "it worked", "How we compare with similar areas",
                  "Funnel plot of", "Working together", "Cost of measurement"):
        assert words in text, words
    assert re.search(r"Owner: Amina Shah", text)


def test_report_command_writes_html_and_pdf(demo_app: AppContext, tmp_path: Path) -> None:
    env = {"GOLDTHREAD_DATABASE_URL": demo_app.settings.database_url, "GOLDTHREAD_CONFIG": ""}
    html = tmp_path / "board.html"
    result = CliRunner().invoke(main, ["report", "--audience", "member", "--as-of",
                                       "2026-11-27", "--format", "html", "--out", str(html)],
                                env=env)
    assert result.exit_code == 0, result.output
    assert "report to members" in html.read_text(encoding="utf-8")
    chromium()
    pdf = tmp_path / "board.pdf"
    result = CliRunner().invoke(main, ["report", "--as-of", "2026-11-27", "--format", "pdf",
                                       "--out", str(pdf)], env=env)
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF")
