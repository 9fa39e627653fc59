"""The board report as one standalone HTML page (A4 when printed), and as a PDF through
headless Chromium's own print.

Like `render.py`: CSS inline, charts as data: URIs, Jinja2 autoescaping every value. The MDC
icons are drawn as small inline SVG discs in the NHS colours with their letter, each beside its
words, so the table reads in greyscale, on paper and to a screen reader.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bot.html.render import environment
from digests.board.report import BoardReport
from digests.cards import Image
from digests.charts.icons import ASSURANCE, VARIATION

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer")


@dataclass(frozen=True)
class IconView:
    colour: str
    mark: str
    words: str


@dataclass(frozen=True)
class ImageView:
    src: str
    alt: str
    title: str


def _icon(table: dict[str, tuple[str, str]], key: str | None, words: str) -> IconView | None:
    if key is None or key not in table:
        return None
    colour, mark = table[key]
    return IconView(colour, mark, words)


def _image(image: Image | None) -> ImageView | None:
    if image is None:
        return None
    data = base64.b64encode(image.png).decode("ascii")
    return ImageView(f"data:image/png;base64,{data}", image.alt, image.title)


def board_html(report: BoardReport, *, generated: str) -> str:
    """The report as a page; `generated` is shown as when it was made (passed in, so the same
    report always gives the same page)."""
    summary = [(group.outcome, [(row, _icon(VARIATION, row.variation, row.variation_words),
                                 _icon(ASSURANCE, row.assurance, row.assurance_words))
                                for row in group.rows]) for group in report.summary]
    return environment().get_template("board_report.html.j2").render(
        report=report, summary=summary, generated=generated,
        as_of=f"{report.as_of.day} {report.as_of:%B %Y}",
        since=f"{report.since.day} {report.since:%B %Y}",
        exceptions_chart=_image(report.exceptions_chart),
        peers=[(item.line, _image(item.chart)) for item in report.peers])


class PdfError(RuntimeError):
    """Chromium is missing or could not print the page; the message says which."""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def print_pdf(html: str, out: Path, *, timeout: float = 120) -> None:
    """Print the page to `out` with headless Chromium (A4, as the page's CSS asks)."""
    browser = chromium()
    if browser is None:
        raise PdfError("chromium is not installed (apt-get install chromium); use --format html")
    with tempfile.TemporaryDirectory(prefix="goldthread-pdf-") as work:
        page = Path(work) / "report.html"
        page.write_text(html, encoding="utf-8")
        try:
            subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={Path(work) / 'profile'}",
                            f"--print-to-pdf={out}", page.as_uri()], capture_output=True,
                           timeout=timeout, check=True)
        except subprocess.TimeoutExpired:
            raise PdfError(f"chromium did not finish printing within {timeout:.0f} s") from None
        except subprocess.CalledProcessError as exc:
            last = (exc.stderr or b"").decode(errors="replace").strip().splitlines()[-1:]
            raise PdfError(f"chromium could not print the page: {' '.join(last)}") from None
    if not out.exists() or out.stat().st_size == 0:
        raise PdfError("chromium wrote no PDF")
