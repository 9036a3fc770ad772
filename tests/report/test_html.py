"""The HTML report without a browser: titles, escaping, whitespace, headings, batch pages and
the reusable highlight/reader machinery (the browser checks are in test_html_browser.py)."""

import io
import json
import random
import re
from dataclasses import replace

from factcheck.report import to_html
from factcheck.report.html import (
    EvidenceRow,
    LabelStyle,
    Mark,
    claim_anchor,
    collapse_whitespace,
    highlight,
    label_css,
    page,
    reader,
)
from factcheck.report.pages import HtmlPages

A = "The council approved the budget on Monday.\n\n\n\n   The mayor opened a bridge   in the north of the city."
B = "The council approved the budget on Tuesday. Heavy rain flooded the old market square overnight."


def _plain(html_text):
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def test_sources_are_headed_by_their_title_else_their_id(tiny_verifier):
    r = tiny_verifier.verify([A, B])
    titled = replace(r, sources=(replace(r.sources[0], title="Council  passes <budget>"), r.sources[1]))
    out = to_html(titled, texts={"a1": A, "a2": B})
    assert "<h2>Council passes &lt;budget&gt;</h2>" in out
    assert "<h2>a2</h2>" in out  # no title: the id
    assert "<h2>a1</h2>" not in out
    # the other article's evidence names the source by its title too
    assert "Council passes &lt;budget&gt;: The council approved the budget on Monday</a>" in out


def test_no_empty_headings_and_no_evidence_heading_per_article(tiny_verifier):
    r = tiny_verifier.verify([A, B])
    out = to_html(r, texts={"a1": A, "a2": B})
    assert not re.search(r"<h(\d)[^>]*>\s*</h\1>", out)
    assert "<h3>Evidence</h3>" not in out
    assert out.count('<aside class="panel" id="panel"') == 1  # one panel for the page


def test_runs_of_whitespace_collapse_and_spans_still_cover_their_claims(tiny_verifier):
    r = tiny_verifier.verify([A, B])
    out = to_html(r, texts={"a1": A, "a2": B})
    doc = re.search(r'<div class="doc">(.*?)</div>', out, re.S).group(1)
    assert "\n\n\n" not in doc and "   " not in doc
    assert "Monday</span>.\n\n<span" in doc  # a blank line stays one blank line
    for c in r.for_source("a1"):
        m = re.search(rf'<span class="claim [^"]*" id="{claim_anchor(c.id)}"[^>]*>(.*?)</span>', doc, re.S)
        assert m and _plain(m.group(1)).lstrip("=+!") == " ".join(c.text.split())


def test_collapse_whitespace_maps_every_span():
    rng = random.Random(7)
    for _ in range(200):
        text = "".join(rng.choice(["ab", "c", " ", "\n", "\t ", "\n\n\n", "  "]) for _ in range(30))
        shown, pos_map = collapse_whitespace(text)
        assert len(pos_map) == len(text) + 1 and pos_map == sorted(pos_map)
        assert pos_map[-1] == len(shown) and not re.search(r"\n\n\n|  |^\s|\s$", shown)
        words = [m.span() for m in re.finditer(r"\S+", text)]
        for i, (s, _) in enumerate(words):
            for _, e in words[i:]:
                want = re.sub(
                    r"\s+",
                    lambda m: "\n\n" if m.group().count("\n") > 1 else ("\n" if "\n" in m.group() else " "),
                    text[s:e],
                )
                assert shown[pos_map[s] : pos_map[e]] == want


def test_everything_user_supplied_is_escaped(tiny_verifier):
    evil = 'Rain <script>alert(1)</script> & "fell" on Monday.'
    r = tiny_verifier.verify([{"id": 'x"><img src=y>', "text": evil, "title": "<b>T</b>"}, B])
    out = to_html(r, texts={r.sources[0].id: evil, "a2": B})
    assert "<script>alert" not in out and "<img src=y>" not in out and "<b>T</b>" not in out
    assert out.count("<script>") == 1  # the page's own
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_claim_anchors_are_distinct_css_identifiers():
    ids = ["a:1", "a-1", "a_1", "a 1", "a:-1", "a-:1", "ü:1", "a1"]
    anchors = [claim_anchor(i) for i in ids]
    assert len(set(anchors)) == len(ids)
    assert all(re.fullmatch(r"c-[A-Za-z0-9_-]+", a) for a in anchors)


def test_output_is_deterministic(tiny_verifier):
    r = tiny_verifier.verify([A, B])
    assert to_html(r, texts={"a1": A, "a2": B}) == to_html(r, texts={"a1": A, "a2": B})


def test_claims_are_focusable_buttons_that_name_the_panel(tiny_verifier):
    r = tiny_verifier.verify([A, B])
    out = to_html(r, texts={"a1": A, "a2": B})
    spans = re.findall(r'<span class="claim [^>]*>', out)
    assert len(spans) == len(r.claims)
    for s in spans:
        assert 'tabindex="0"' in s and 'role="button"' in s and 'aria-controls="panel"' in s
        assert 'aria-expanded="false"' in s and re.search(r'aria-label="(agreeing|unique|conflicting): ', s)
    assert 'role="region" aria-labelledby="panel-title"' in out and 'aria-live="polite"' in out
    c = r.for_source("a1")[0]
    block = re.search(rf'<div class="ev" id="ev-{claim_anchor(c.id)}"[^>]*>(.*?)</div>', out, re.S).group(1)
    assert f"claim 1 of a1: \u201c{c.text}\u201d" in _plain(block)  # what the panel's title says


def _sets_file(tmp_path):
    lines = [
        json.dumps(
            {"id": "s0", "articles": [{"id": "a1", "text": A, "title": "Wire"}, {"id": "a2", "text": B}]}
        ),
        "not json",
    ]
    p = tmp_path / "in.jsonl"
    p.write_text("\n".join(lines) + "\n")
    return p


def test_batch_pages_show_the_article_text_with_claims_highlighted(tmp_path, tiny_verifier):
    from factcheck.articles import iter_sets
    from factcheck.batch import run_batch

    src = _sets_file(tmp_path)
    tracked, untracked = HtmlPages(tmp_path / "tracked"), HtmlPages(tmp_path / "bare")

    def both(result):
        tracked.add(result)
        untracked.add(result)

    with src.open() as fh:
        run_batch(
            tracked.track(iter_sets(fh, path=str(src))), io.StringIO(), verifier=tiny_verifier, on_result=both
        )
    tracked.write_index()
    exact = (tmp_path / "tracked" / "c-s0.html").read_text()
    assert (
        "<h2>Wire</h2>" in exact
        and "<li>" not in exact.split('<div class="reader">')[1].split('class="ev-store"')[0]
    )
    doc = re.findall(r'<div class="doc">(.*?)</div>', exact, re.S)
    shown = re.sub(r"<sup[^>]*>.</sup>", "", doc[0])  # the label markers
    assert (
        _plain(shown)
        == "The council approved the budget on Monday.\n\nThe mayor opened a bridge in the north of the city."
    )
    assert exact.count('class="claim l-') == 4 and "weekday mismatch" in exact
    assert tracked._texts == {}  # nothing kept once a set's page is written
    # without the texts the page rebuilds the article from its claims, never a list of claims
    bare = (tmp_path / "bare" / "c-s0.html").read_text()
    assert bare.count('class="claim l-') == 4 and "as its claims carry it" in bare
    text = _plain(re.findall(r'<div class="doc">(.*?)</div>', bare, re.S)[0])
    assert "approved the budget on Monday \u2026 " in text and "The mayor opened a bridge" in text
    index = (tmp_path / "tracked" / "index.html").read_text()
    assert 'href="c-s0.html"' in index and "error:" in index


CHECK = {
    "supported": LabelStyle(css_class="l-supported", marker="\u2713", name="supported"),
    "contradicted": LabelStyle(css_class="l-contradicted", marker="\u2717", name="contradicted"),
    "unsupported": LabelStyle(css_class="l-unsupported", marker="?", name="unsupported"),
}


def test_the_machinery_renders_any_labels_for_a_check_page():
    text = "Rain fell on Monday. Prices rose 3%. The mayor resigned."
    marks = [
        Mark(start=0, end=20, label="supported", id="t:1", title="Rain fell on Monday.",
             rows=(EvidenceRow(relation="supports", source="Wire <1>", text="Rain fell Monday.", reason="same fact"),)),
        Mark(start=21, end=36, label="contradicted", id="t:2", title="Prices rose 3%.",
             rows=(EvidenceRow(relation="contradicts", source="Blog", text="Prices fell.", target="t:1"),)),
        Mark(start=37, end=99, label="unsupported", id="t:3", title="The mayor resigned.", empty="No source says so."),
        Mark(start=6, end=10, label="supported", id="t:4", title="fell"),  # nested in the first
    ]  # fmt: skip
    body = highlight(text, marks, styles=CHECK)
    assert body.count('class="claim l-') == 4 and body.count("<span") == body.count("</span>")
    assert '<span class="claim l-contradicted" id="c-t-3a-2"' in body
    assert 'href="#c-t-3a-1" data-target="c-t-3a-1"' in body and "Wire &lt;1&gt;" in body
    assert "No source says so." in body and "The mayor resigned.</span>" in body  # end clipped to the text
    doc = page(
        "check: t", "<h1>check</h1>" + reader(body), css=label_css({"l-supported": ("#1b7837", "#d9f0d3")})
    )
    assert doc.startswith("<!DOCTYPE html>") and ".l-supported{background:#d9f0d3" in doc
    assert 'id="panel"' in doc and "http" not in doc
