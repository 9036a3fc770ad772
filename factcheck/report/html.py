"""A self-contained HTML report: no CDN, no network, works in print and for colour-blind readers.

Each article is shown with its claims highlighted by label (a colour *and* a text marker:
``=`` agreeing, ``+`` unique, ``!`` conflicting). Clicking a claim opens its evidence and
reason, with links that scroll to the matching claim in the other article. At the top: a
stacked bar per source (inline SVG) and every conflict with both sides side by side.

Example:
    >>> from factcheck.types import Report
    >>> "<svg" in to_html(Report(id="x", sources=(), claims=()), texts={})
    False
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

from ..types import Label, LabelledClaim, Report, SetError

__all__ = ["HtmlPages", "to_html"]

MARK = {Label.AGREEING: "=", Label.UNIQUE: "+", Label.CONFLICTING: "!"}
COLOR = {Label.AGREEING: "#1b7837", Label.UNIQUE: "#b8860b", Label.CONFLICTING: "#c51b7d"}
BG = {Label.AGREEING: "#d9f0d3", Label.UNIQUE: "#fdf0c2", Label.CONFLICTING: "#fde0ef"}

_CSS = """
body{font:16px/1.55 Georgia,serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#222}
h1,h2,h3{font-family:system-ui,sans-serif}html{scroll-behavior:smooth}
.legend span,.claim{padding:.05em .2em;border-radius:3px}
.claim{cursor:pointer;border-bottom:2px solid}
.claim sup{font:bold 11px system-ui,sans-serif;margin-right:.15em}
%s
.claim:target,.claim.focus{outline:3px solid #2166ac}
.ev{display:none;font:14px/1.4 system-ui,sans-serif;background:#f6f6f6;border-left:3px solid #999;
margin:.3em 0;padding:.4em .6em}.ev.open{display:block}
.article{border-top:1px solid #ccc;margin-top:2rem}.article p{white-space:pre-wrap}
table.conf{border-collapse:collapse;width:100%%;font:14px system-ui,sans-serif}
table.conf td,table.conf th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}
@media print{.ev{display:block}.claim{border-bottom-style:dotted}}
"""


def _label_css() -> str:
    rows = []
    for lab in Label:
        rows.append(f".l-{lab.value}{{background:{BG[lab]};border-color:{COLOR[lab]}}}")
        rows.append(f".l-{lab.value} sup{{color:{COLOR[lab]}}}")
    return "\n".join(rows)


def _bar(counts: Mapping[str, int], width: int = 300) -> str:
    total = sum(counts.values()) or 1
    x = 0.0
    parts = []
    for lab in Label:
        w = width * counts[lab.value] / total
        if w:
            parts.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="18" fill="{COLOR[lab]}">'
                f"<title>{lab.value}: {counts[lab.value]}</title></rect>"
            )
        x += w
    return f'<svg width="{width}" height="18" role="img" aria-label="label counts">{"".join(parts)}</svg>'


def _anchor(claim_id: str) -> str:
    return "c-" + "".join(ch if ch.isalnum() else "-" for ch in claim_id)


def _evidence(c: LabelledClaim) -> str:
    who = f"<p>According to {html.escape(c.attribution)}.</p>" if c.attribution else ""
    if not c.evidence:
        return f'<div class="ev" id="ev-{_anchor(c.id)}">{who}<p>No other source states this claim.</p></div>'
    items = "".join(
        f'<li>{e.relation.value} <a href="#{_anchor(e.claim)}" data-target="{_anchor(e.claim)}">'
        f"{html.escape(e.source)}: {html.escape(e.text)}</a> <em>({html.escape(e.reason)})</em></li>"
        for e in c.evidence
    )
    return f'<div class="ev" id="ev-{_anchor(c.id)}">{who}<ul>{items}</ul></div>'


def _open(c: LabelledClaim) -> str:
    return (
        f'<span class="claim l-{c.label.value}" id="{_anchor(c.id)}" data-label="{c.label.value}" '
        f'data-ev="ev-{_anchor(c.id)}" tabindex="0" title="{c.label.value} ({c.confidence:.2f})">'
        f"<sup>{MARK[c.label]}</sup>"
    )


def _article(source: str, text: str, claims: list[LabelledClaim]) -> str:
    """The article with every claim wrapped in a span; a claim inside another nests in it.

    Without the article text (batch reports do not carry it), the claims are listed instead.
    """
    if not text:
        ordered = sorted(claims, key=lambda x: (x.start, x.end))
        items = "".join(f"<li>{_open(c)}{html.escape(c.text)}</span></li>" for c in ordered)
        evs = "".join(_evidence(c) for c in ordered)
        return (
            f'<section class="article" id="src-{_anchor(source)}"><h2>{html.escape(source)}</h2>'
            f"<ul>{items}</ul><h3>Evidence</h3>{evs}</section>"
        )
    out: list[str] = []
    stack: list[int] = []  # end offsets of the open spans
    pos = 0
    for c in sorted(claims, key=lambda x: (x.start, -x.end)):
        while stack and stack[-1] <= c.start:  # close spans that end before this claim
            end = stack.pop()
            out.append(html.escape(text[pos:end]) + "</span>")
            pos = end
        start = max(c.start, pos)
        stop = min(c.end, stack[-1]) if stack else c.end  # partial overlaps are clipped to nest
        if start >= stop:
            start, stop = pos, pos  # nothing left to show: an empty, still clickable marker
        out.append(html.escape(text[pos:start]) + _open(c))
        pos = start
        stack.append(stop)
    while stack:
        end = stack.pop()
        out.append(html.escape(text[pos:end]) + "</span>")
        pos = end
    out.append(html.escape(text[pos:]))
    evs = "".join(_evidence(c) for c in sorted(claims, key=lambda x: (x.start, x.end)))
    return (
        f'<section class="article" id="src-{_anchor(source)}"><h2>{html.escape(source)}</h2>'
        f"<p>{''.join(out)}</p><h3>Evidence</h3>{evs}</section>"
    )


_JS = """
document.addEventListener('click', function (e) {
  var claim = e.target.closest('.claim');
  if (claim) { document.getElementById(claim.dataset.ev).classList.toggle('open'); return; }
  var link = e.target.closest('a[data-target]');
  if (link) {
    var t = document.getElementById(link.dataset.target);
    if (t) { e.preventDefault(); t.scrollIntoView(); t.classList.add('focus');
             setTimeout(function () { t.classList.remove('focus'); }, 2000);
             history.replaceState(null, '', '#' + link.dataset.target); }
  }
});
"""


def to_html(report: Report, *, texts: Mapping[str, str]) -> str:
    """The report as one HTML page; ``texts`` maps source ids to the article texts (sources
    without one show their claims as a list)."""
    counts = report.counts()
    rows = "".join(
        f"<tr><td>{html.escape(s.id)}</td><td>{_bar(counts[s.id])}</td>"
        + "".join(f"<td>{counts[s.id][lab.value]}</td>" for lab in Label)
        + "</tr>"
        for s in report.sources
    )
    conflicts = "".join(
        f'<tr><td><a href="#{_anchor(c.id)}">{html.escape(c.source)}</a>: {html.escape(c.text)}</td>'
        f'<td><a href="#{_anchor(c.evidence[0].claim)}">{html.escape(c.evidence[0].source)}</a>: '
        f"{html.escape(c.evidence[0].text)}</td><td>{html.escape(c.evidence[0].reason)}</td></tr>"
        for c in report.by_label(Label.CONFLICTING)
        if c.id < c.evidence[0].claim  # each conflicting pair once
    )
    legend = " ".join(
        f'<span class="l-{lab.value}"><sup>{MARK[lab]}</sup>{lab.value}</span>' for lab in Label
    )
    articles = "".join(
        _article(s.id, texts.get(s.id, ""), list(report.for_source(s.id))) for s in report.sources
    )
    title = f"factcheck report{': ' + html.escape(report.id) if report.id else ''}"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_CSS % _label_css()}</style></head><body><h1>{title}</h1>"
        f'<p class="legend">Legend: {legend}. Click a claim for its evidence.</p>'
        f'<h2>Summary</h2><table class="conf"><tr><th>source</th><th>claims</th>'
        + "".join(f"<th>{lab.value}</th>" for lab in Label)
        + f"</tr>{rows}</table>"
        f'<h2>Conflicts</h2><table class="conf" id="conflicts"><tr><th>claim</th><th>other source</th><th>reason</th></tr>'
        f"{conflicts or '<tr><td colspan=3>None.</td></tr>'}</table>"
        f"{articles}<script>{_JS}</script></body></html>\n"
    )


class HtmlPages:
    """One HTML report per verified set in ``folder``, and an ``index.html`` linking them.

    Batch reports carry no article text, so pages show the summary, the conflicts and each
    claim with its evidence; ``texts`` can be given per set to show the articles too.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.rows: list[str] = []
        folder.mkdir(parents=True, exist_ok=True)

    def add(self, result: object, texts: Mapping[str, str] | None = None) -> None:
        if isinstance(result, Report):
            name = _anchor(result.id or f"set{len(self.rows) + 1}") + ".html"
            (self.folder / name).write_text(to_html(result, texts=texts or {}), encoding="utf-8")
            n = result.counts()
            tot = {lab.value: sum(x[lab.value] for x in n.values()) for lab in Label}
            self.rows.append(
                f'<tr><td><a href="{name}">{html.escape(result.id or name)}</a></td>'
                + "".join(f"<td>{tot[lab.value]}</td>" for lab in Label)
                + "</tr>"
            )
        elif isinstance(result, SetError):
            self.rows.append(
                f"<tr><td>{html.escape(str(result.id))}</td><td colspan=3>error: {html.escape(result.message)}</td></tr>"
            )

    def write_index(self) -> None:
        head = "".join(f"<th>{lab.value}</th>" for lab in Label)
        (self.folder / "index.html").write_text(
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>factcheck batch</title>'
            f"<style>{_CSS % _label_css()}</style></head><body><h1>factcheck batch</h1>"
            f'<table class="conf"><tr><th>set</th>{head}</tr>{"".join(self.rows)}</table></body></html>\n',
            encoding="utf-8",
        )
