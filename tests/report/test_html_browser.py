"""The HTML report in a real browser (Debian's chromium, driven headless by Playwright).

Skips with a message where no browser is installed. Saves a screenshot (a claim's evidence
open in the side panel) to ``benchmarks/results/seeds-report.png`` (or $FACTCHECK_ARTIFACTS).
"""

import json
import os
import shutil
from pathlib import Path

import pytest

from factcheck.report import to_html
from factcheck.report.html import claim_anchor

from ..conftest import ROOT

pytestmark = [pytest.mark.model, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]  # fmt: skip
W, H = 1200, 900


@pytest.fixture(scope="module")
def page(seed_report, tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("no chromium installed (apt-get install chromium) - browser test skipped")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright not installed (pip install playwright)"
    )
    from factcheck.articles import read_article

    from ..conftest import SEEDS

    texts = {p.stem: read_article(p).text for p in SEEDS}
    html_path = tmp_path_factory.mktemp("html") / "seeds.html"
    html_path.write_text(to_html(seed_report, texts=texts), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        pg = browser.new_page(viewport={"width": W, "height": H})
        pg.goto(html_path.as_uri())
        yield pg
        out = Path(os.environ.get("FACTCHECK_ARTIFACTS", ROOT / "benchmarks" / "results"))
        out.mkdir(parents=True, exist_ok=True)
        pg.set_viewport_size({"width": W, "height": H})
        conflicting = next(
            (c for c in seed_report.claims if c.label.value == "conflicting"), seed_report.claims[0]
        )
        pg.click(f"#{claim_anchor(conflicting.id)}")
        pg.screenshot(path=str(out / "seeds-report.png"), full_page=False)
        browser.close()


def _closed(page):
    """Leave the page as loaded: no panel open, at the top."""
    if page.evaluate("!!document.getElementById('panel').dataset.claim"):
        page.keyboard.press("Escape")
    page.evaluate("window.scrollTo(0, 0)")


def _panel(page):
    return page.evaluate(
        """() => { const p = document.getElementById('panel'); const r = p.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, claim: p.dataset.claim || null,
                open: p.classList.contains('open'), title: document.getElementById('panel-title').textContent,
                body: document.getElementById('panel-body').textContent,
                labelledby: p.getAttribute('aria-labelledby'), role: p.getAttribute('role'),
                focus: document.activeElement.id}; }"""
    )


def _in_view(box, width=W, height=H):
    return box["top"] >= 0 and box["bottom"] <= height and box["left"] >= 0 and box["right"] <= width


def test_highlight_counts_match_the_json(page, seed_report):
    data = json.loads(seed_report.to_json())
    for label in ("agreeing", "unique", "conflicting"):
        want = sum(c["label"] == label for c in data["claims"])
        assert page.locator(f'.claim[data-label="{label}"]').count() == want


def test_clicking_a_claim_opens_its_evidence_and_links_scroll_to_the_counterpart(page, seed_report):
    _closed(page)
    agreeing = next(c for c in seed_report.claims if c.label.value == "agreeing")
    anchor = claim_anchor(agreeing.id)
    page.click(f"#{anchor}")
    panel = _panel(page)
    assert panel["open"] and panel["claim"] == anchor
    assert page.get_attribute(f"#{anchor}", "aria-expanded") == "true"
    link = page.locator("#panel-body a[data-target]").first
    target = link.get_attribute("data-target")
    assert target == claim_anchor(agreeing.evidence[0].claim)
    page.evaluate("window.scrollTo(0, 0)")
    link.click()
    page.wait_for_timeout(800)
    box = page.locator(f"#{target}").bounding_box()
    assert box is not None and -5 <= box["y"] < H  # scrolled into view
    assert page.evaluate("location.hash") == f"#{target}"
    assert _panel(page)["claim"] == target  # and the counterpart's evidence is shown
    _closed(page)


def test_the_panel_of_a_claim_far_down_is_in_view_and_names_it(page, seed_report):
    _closed(page)
    last = max(seed_report.claims, key=lambda c: page.locator(f"#{claim_anchor(c.id)}").bounding_box()["y"])
    anchor = claim_anchor(last.id)
    assert page.locator(f"#{anchor}").bounding_box()["y"] > 3 * H  # far down the page
    page.click(f"#{anchor}")
    claim_box = page.locator(f"#{anchor}").bounding_box()
    assert 0 <= claim_box["y"] < H
    panel = _panel(page)
    assert _in_view(panel), panel  # beside the claim, not 1,700 px below it
    assert panel["right"] > claim_box["x"] + claim_box["width"] or panel["top"] > claim_box["y"]
    assert panel["claim"] == anchor and panel["role"] == "region" and panel["labelledby"] == "panel-title"
    words = " ".join(last.text.split())
    assert words in panel["title"] and last.label.value in panel["title"]  # it names the claim
    assert panel["body"].strip()  # and shows its evidence (or says there is none)
    page.mouse.wheel(0, -600)  # the panel follows the scroll
    page.wait_for_timeout(400)
    assert _in_view(_panel(page))
    _closed(page)


def test_keyboard_enter_opens_space_too_escape_closes_and_returns_focus(page, seed_report):
    _closed(page)
    first, second = (claim_anchor(c.id) for c in seed_report.claims[:2])
    page.focus(f"#{first}")
    assert page.evaluate("document.activeElement.id") == first
    assert not _panel(page)["open"]
    page.keyboard.press("Enter")
    panel = _panel(page)
    assert panel["open"] and panel["claim"] == first and panel["focus"] == "panel"
    assert page.get_attribute(f"#{first}", "aria-expanded") == "true"
    page.keyboard.press("Escape")
    panel = _panel(page)
    assert not panel["open"] and panel["claim"] is None
    assert panel["focus"] == first  # focus back on the claim
    assert page.get_attribute(f"#{first}", "aria-expanded") == "false"
    page.focus(f"#{second}")
    page.keyboard.press(" ")
    assert _panel(page)["claim"] == second
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == second
    _closed(page)


def test_on_a_narrow_screen_the_panel_sits_at_the_bottom_in_view(page, seed_report):
    _closed(page)
    page.set_viewport_size({"width": 600, "height": 800})
    try:
        anchor = claim_anchor(seed_report.claims[-1].id)
        assert not page.locator("#panel").is_visible()  # nothing open: no panel over the text
        page.click(f"#{anchor}")
        panel = _panel(page)
        assert panel["claim"] == anchor and _in_view(panel, 600, 800) and panel["bottom"] > 700
        claim_box = page.locator(f"#{anchor}").bounding_box()
        # the claim is not hidden under the panel
        assert claim_box["y"] >= 0 and claim_box["y"] + claim_box["height"] <= panel["top"]
        _closed(page)
    finally:
        page.set_viewport_size({"width": W, "height": H})


def test_no_empty_headings_and_no_runs_of_blank_lines(page):
    empty = page.evaluate(
        "Array.from(document.querySelectorAll('h1,h2,h3,h4')).filter(h => !h.textContent.trim()).length"
    )
    assert empty == 0
    docs = page.evaluate("Array.from(document.querySelectorAll('.doc')).map(d => d.textContent)")
    assert docs and all("\n\n\n" not in d and "  " not in d and d == d.strip() for d in docs)


def test_the_check_page_highlights_the_text_and_shows_each_claims_evidence(page, real_verifier, tmp_path):
    """`factcheck check` HTML: the checked seed with every claim marked by verdict; the worst
    list links into the text; Enter on an unsupported claim shows its nearest source claim."""
    from factcheck.articles import read_article
    from factcheck.report import check_to_html

    from ..conftest import SEEDS

    draft, wire = SEEDS[1], SEEDS[0]
    report = real_verifier.check(draft, [wire])
    path = tmp_path / "check.html"
    path.write_text(check_to_html(report, text=read_article(draft).text), encoding="utf-8")
    pg = page.context.browser.new_page(viewport={"width": W, "height": H})  # the module's browser
    try:
        pg.goto(path.as_uri())
        marked = pg.evaluate(
            "() => Array.from(document.querySelectorAll('.claim')).map(e => e.dataset.label)"
        )
        assert sorted(marked) == sorted(c.verdict.value for c in report.claims)
        worst = pg.locator("#worst a[data-target]")
        assert worst.count() == len(report.claims) - report.counts()["supported"]
        unsupported = next(c for c in report.worst() if c.verdict.value == "unsupported")
        anchor = claim_anchor(unsupported.id)
        pg.focus(f"#{anchor}")
        pg.keyboard.press("Enter")
        panel = _panel(pg)
        assert panel["open"] and panel["claim"] == anchor and _in_view(panel)
        assert "unsupported" in panel["title"] and "nearest" in panel["body"].lower()
        pg.keyboard.press("Escape")
        supported = report.by_verdict("supported")[0]
        pg.click(f"#{claim_anchor(supported.id)}")
        assert "supports" in _panel(pg)["body"].lower()
        pg.evaluate("window.scrollTo(0, 0)")
        worst.first.click()
        pg.wait_for_timeout(600)
        target = worst.first.get_attribute("data-target")
        box = pg.locator(f"#{target}").bounding_box()
        assert box is not None and -5 <= box["y"] < H and _panel(pg)["claim"] == target
    finally:
        pg.close()
