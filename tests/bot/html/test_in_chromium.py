"""HTML digest previews open in headless Chromium as readable pages (a real browser, real
layout, real images), for each demo team and audience."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from bot.app import AppContext
from bot.html.render import digest_html
from models import queries
from tests.digests.digest.test_compose import TODAY


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def browse(page: Path, tmp_path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", *flags, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True)


@pytest.mark.parametrize(("team", "audience"), [
    ("reablement", "frontline"), ("leadership", "manager"), ("hwb", "member")])
def test_preview_is_a_readable_page(demo_app: AppContext, tmp_path: Path, team: str,
                                    audience: str) -> None:
    with demo_app.sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        digest = demo_app.maker.digest(session, partnership, team, audience, TODAY)
    page = tmp_path / f"{team}.html"
    page.write_text(digest_html(digest, generated="27 Nov 2026"), encoding="utf-8")
    dom = browse(page, tmp_path, "--dump-dom").stdout
    assert f"<h1>{digest.title}</h1>" in dom.replace("&amp;", "&")
    for card in digest.cards:
        assert card.title.replace("&", "&amp;") in dom
    shot = tmp_path / "shot.png"
    browse(page, tmp_path, f"--screenshot={shot}", "--window-size=900,1600")
    image = Image.open(shot).convert("L")
    # a real page: text and a chart, not a blank or error screen
    colours = image.getcolors(maxcolors=1 << 16) or []
    assert len(colours) > 50
    dark = sum(count for count, level in colours if level < 100)
    assert dark > 0.005 * image.width * image.height
