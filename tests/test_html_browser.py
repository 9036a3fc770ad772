"""The HTML report in a real browser (Debian's chromium, driven headless by Playwright).

Skips with a message where no browser is installed. Saves a screenshot to
``benchmarks/results/seeds-report.png`` (or $FACTCHECK_ARTIFACTS).
"""

import json
import os
import shutil
from pathlib import Path

import pytest

from factcheck.report import to_html

from .conftest import ROOT

pytestmark = [pytest.mark.model, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="module")
def page(seed_report, tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("no chromium installed (apt-get install chromium) - browser test skipped")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright not installed (pip install playwright)"
    )
    from factcheck.articles import read_article

    from .conftest import SEEDS

    texts = {p.stem: read_article(p).text for p in SEEDS}
    html_path = tmp_path_factory.mktemp("html") / "seeds.html"
    html_path.write_text(to_html(seed_report, texts=texts), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        pg = browser.new_page(viewport={"width": 1200, "height": 900})
        pg.goto(html_path.as_uri())
        yield pg
        out = Path(os.environ.get("FACTCHECK_ARTIFACTS", ROOT / "benchmarks" / "results"))
        out.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(out / "seeds-report.png"), full_page=False)
        browser.close()


def test_highlight_counts_match_the_json(page, seed_report):
    data = json.loads(seed_report.to_json())
    for label in ("agreeing", "unique", "conflicting"):
        want = sum(c["label"] == label for c in data["claims"])
        assert page.locator(f'.claim[data-label="{label}"]').count() == want


def test_clicking_a_claim_opens_its_evidence_and_links_scroll_to_the_counterpart(page, seed_report):
    agreeing = next(c for c in seed_report.claims if c.label.value == "agreeing")
    anchor = "c-" + "".join(ch if ch.isalnum() else "-" for ch in agreeing.id)
    page.click(f"#{anchor}")
    ev = page.locator(f"#ev-{anchor}")
    assert "open" in (ev.get_attribute("class") or "")
    link = ev.locator("a[data-target]").first
    target = link.get_attribute("data-target")
    page.evaluate("window.scrollTo(0, 0)")
    link.click()
    page.wait_for_timeout(800)
    box = page.locator(f"#{target}").bounding_box()
    assert box is not None and -5 <= box["y"] < 900  # scrolled into view
    assert page.evaluate("location.hash") == f"#{target}"
