"""The HTML reports in a real headless browser: Chromium driven by Playwright.

Each seed case's page (and a tier-ladder page) is opened from a file: it must load without a
console message of level error or warning and without an uncaught exception, fetch nothing but
itself, show every indicator row, colour the statuses, draw a bar per criterion, decode the
Vietnamese text as written, print to PDF, and give a full-page screenshot (PNG).

The browser is Debian's ``chromium`` (``apt-get install chromium``), or the executable named by
``NTM_CHROMIUM``. Without it the tests are skipped — unless ``NTM_REQUIRE_BROWSER=1`` (what
``.ci/run`` sets), which turns a missing browser into a failure. Screenshots go to
``NTM_SCREENSHOTS`` when set (a folder), otherwise to pytest's temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import EXAMPLES, seed_result

import ntmcriteria as ntm
from ntmcriteria.core.status import Status
from ntmcriteria.evaluation.results import SetResult
from ntmcriteria.report import assessment_to_html, to_html
from ntmcriteria.report.html import CHART_WIDTH

#: the seed cases opened in the browser (the others are the same sets on the same units)
CASES = ["doc-binh-kieu-kieu-mau", "ky-chau-hatinh-xa-ntm", "nam-thuong-thon-thong-minh",
         "tay-ho-kieu-mau"]  # fmt: skip
#: the status colours of the stylesheet, as the browser computes them
COLOURS = {
    "achieved": "rgb(198, 239, 206)",
    "not_achieved": "rgb(255, 199, 206)",
    "no_data": "rgb(255, 235, 156)",
    "not_encoded": "rgb(255, 235, 156)",
    "undetermined": "rgb(255, 235, 156)",
    "not_applicable": "rgb(231, 230, 230)",
}
#: as root, Chromium needs --no-sandbox; the others keep it off this machine's closed network
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    named = os.environ.get("NTM_CHROMIUM")
    if named:
        return named if Path(named).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("NTM_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NTM_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[dev]')")
    executable = _chromium()
    if executable is None:
        _unavailable(
            "no Chromium found (apt-get install chromium, or set NTM_CHROMIUM to its path)"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("NTM_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _all_results(result: SetResult) -> list[SetResult]:
    return [result] + [r for village in result.villages for r in _all_results(village)]


def _open(browser: Any, page_html: str, path: Path) -> tuple[Any, list[str], list[str]]:
    """Open the page from ``path``; return it with its console problems and its requests."""
    path.write_text(page_html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    requests: list[str] = []

    def console(message: Any) -> None:
        if message.type in ("error", "warning"):
            problems.append(f"{message.type}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.goto(path.as_uri(), wait_until="load")
    return page, problems, requests


def _check_page(page: Any, results: list[SetResult], problems: list[str], requests: list[str],
                own_url: str) -> None:  # fmt: skip
    assert problems == []
    assert requests == [own_url]  # self-contained: no script, font, style or image fetched
    assert page.evaluate("document.characterSet") == "UTF-8"
    rows = page.locator("tr.indicator")
    expected = [i.id for r in results for i in r.indicators.values()]
    assert rows.count() == len(expected)
    assert [rows.nth(k).get_attribute("data-id") for k in range(rows.count())] == expected
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('tr.indicator')]
                 .filter(r => { const b = r.getBoundingClientRect();
                                return b.width === 0 || b.height === 0
                                       || getComputedStyle(r).visibility !== 'visible'; })
                 .map(r => r.dataset.id)"""
    )
    assert hidden == []  # every row is laid out and visible
    for result in results:  # the status cell of each row, coloured by its status
        section = page.locator(
            f'section.unit[data-set="{result.set_id}"][data-unit="{result.unit.name}"]'
        )
        assert section.count() == 1
        for indicator in result.indicators.values():
            cell = section.locator(f'tr.indicator[data-id="{indicator.id}"] td').nth(4)
            assert cell.inner_text() == indicator.status.label.vi
            colour = cell.evaluate("td => getComputedStyle(td).backgroundColor")
            assert colour == COLOURS[indicator.status.value], indicator.id
        assert section.locator("svg.chart g.bar").count() == len(result.criteria)
        heading = section.locator("h1, h2, h3, h4, h5").first.inner_text()
        assert heading == unicodedata.normalize("NFC", result.set_title.vi)  # diacritics intact


@pytest.mark.parametrize("name", CASES)
def test_report_page_in_chromium(browser: Any, screenshots: Path, tmp_path: Path,
                                 name: str) -> None:  # fmt: skip
    result = seed_result(name)
    path = tmp_path / f"{name}.html"
    page, problems, requests = _open(browser, to_html(result, "vi"), path)
    try:
        _check_page(page, _all_results(result), problems, requests, path.as_uri())
        bars = page.locator("svg.chart").first.locator("g.bar")
        for k, criterion in enumerate(result.criteria):  # segments as the counts give them
            counts = criterion.counts
            drawn = {
                name: float(bars.nth(k).locator(f"rect.{name}").get_attribute("width") or "nan")
                for name in ("achieved", "not_achieved", "open")
                if bars.nth(k).locator(f"rect.{name}").count()
            }
            expected = {
                "achieved": counts.achieved,
                "not_achieved": counts[Status.NOT_ACHIEVED],
                "open": counts.open,
            }
            assert drawn == pytest.approx(
                {n: c / counts.applicable * CHART_WIDTH for n, c in expected.items() if c},
                abs=0.06,
            ), criterion.id
        shot = page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
        assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 10_000
        _check_print(page)
        assert problems == []
    finally:
        page.close()


#: A4 in PDF points, and the width the page's @page margins leave (210 - 30 - 15 mm) in CSS px
A4_POINTS = (595.28, 841.89)
A4_TEXT_WIDTH_PX = round(165 / 25.4 * 96)


def _check_print(page: Any) -> None:
    """Printed as the page asks (its @page rule), every page is A4 and no table is clipped."""
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes, "no page in the PDF"
    for width, height in boxes:
        assert (float(width), float(height)) == pytest.approx(A4_POINTS, abs=1.0)
    page.set_viewport_size({"width": A4_TEXT_WIDTH_PX, "height": 1100})
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('table')]
            .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)
            .map(t => t.className || t.tagName)"""
    )
    assert clipped == [], f"tables wider than an A4 page: {clipped}"


def test_tier_ladder_page_in_chromium(browser: Any, screenshots: Path, tmp_path: Path) -> None:
    [unit] = ntm.read_observations(EXAMPLES / "doc-binh-kieu-2024.yaml")
    ladder = ntm.assess(unit)
    path = tmp_path / "ladder.html"
    page, problems, requests = _open(browser, assessment_to_html(ladder, "vi"), path)
    try:
        results = [r for step in ladder.steps for r in _all_results(step.result)]
        _check_page(page, results, problems, requests, path.as_uri())
        tiers = page.locator("tr.tier")
        assert [tiers.nth(k).get_attribute("data-set") for k in range(tiers.count())] == [
            step.set_id for step in ladder.steps
        ]
        assert "K2. Thu nhập bình quân đầu người" in page.locator("table.ladder").inner_text()
        shot = page.screenshot(path=str(screenshots / "ladder.png"), full_page=True)
        assert shot[:8] == b"\x89PNG\r\n\x1a\n"
        _check_print(page)
    finally:
        page.close()
