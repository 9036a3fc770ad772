"""A :class:`~factcheck.check.CheckReport` in every format: text, Markdown and HTML
(JSON is :meth:`~factcheck.check.CheckReport.to_json`).

Each opens with the summary (how many claims, the share of each verdict), then the claims
worst first: contradicted, unsupported, supported. The HTML page shows the checked text with
every claim highlighted by verdict (a colour and a marker: ``=`` supported, ``?``
unsupported, ``!`` contradicted) and its evidence in the side panel of :mod:`.html`.

Example:
    >>> from factcheck import Verifier
    >>> r = Verifier(embedder="hashing", relation_model=None).check("Trade fell 3% in May.", ["Trade rose 3% in May."])
    >>> print(check_to_markdown(r).splitlines()[2])
    **1 claim checked against 1 source: 0 supported (0%), 1 contradicted (100%), 0 unsupported (0%)**
"""

from __future__ import annotations

import html
import io
from dataclasses import replace

from ..check import CheckedClaim, CheckReport, Verdict
from ..types import Evidence
from .html import (
    EvidenceRow,
    LabelStyle,
    Mark,
    claim_anchor,
    highlight,
    label_css,
    page,
    reader,
    source_title,
)
from .phrases import CONFIDENCE_MEANS, confidence_note, credited

__all__ = ["check_to_html", "check_to_markdown", "check_to_text"]

MARK = {Verdict.SUPPORTED: "=", Verdict.UNSUPPORTED: "?", Verdict.CONTRADICTED: "!"}
COLORS = {
    Verdict.SUPPORTED: ("#1b7837", "#d9f0d3"),
    Verdict.UNSUPPORTED: ("#b8860b", "#fdf0c2"),
    Verdict.CONTRADICTED: ("#c51b7d", "#fde0ef"),
}
STYLE = {Verdict.SUPPORTED: "green", Verdict.UNSUPPORTED: "yellow", Verdict.CONTRADICTED: "bold red"}
STYLES = {v.value: LabelStyle(css_class=f"v-{v.value}", marker=MARK[v], name=v.value) for v in Verdict}


def _title(report: CheckReport) -> str:
    return f"factcheck check{f': {report.id}' if report.id else ''}"


def _names(report: CheckReport) -> dict[str, str]:
    return {s.id: source_title(s) for s in (report.text, *report.sources)}


def _said(e: Evidence, names: dict[str, str]) -> str:
    return f"{names.get(e.source, e.source)}: {' '.join(e.text.split())}"


def _who(c: CheckedClaim) -> str:
    """Who the claim is credited to, and whether it is a headline."""
    return (f" (per {c.attribution})" if c.attribution else "") + (" (headline)" if c.kind == "headline" else "")


def _claim_md(c: CheckedClaim) -> str:
    return _cell(c.text) + (f" _(per {_cell(c.attribution)})_" if c.attribution else "")


def _source_md(c: CheckedClaim, ev: Evidence, names: dict[str, str]) -> str:
    credit = credited(c.attribution, ev, names.get(ev.source))
    return _cell(_said(ev, names)) + (f" _({_cell(credit)})_" if credit else "")


def check_to_text(report: CheckReport, *, width: int = 100, color: bool = False) -> str:
    """The summary line, then one table row per claim, worst first (plain text unless ``color``)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system="standard" if color else None, force_terminal=color)
    names = _names(report)
    console.print(escape(f"{_title(report)}: {names[report.text.id]} against {', '.join(names[s.id] for s in report.sources)}"))
    for w in report.warnings:
        console.print(escape(f"warning: {w}"), style="bold yellow" if color else None)
    console.print(escape(report.summary()), style="bold" if color else None)
    table = Table(show_lines=True, expand=True)
    table.add_column("claim", ratio=5)
    table.add_column("verdict", ratio=2)
    table.add_column("evidence", ratio=5)
    for c in report.worst():
        ev = c.evidence[0] if c.evidence else c.nearest
        evid = ""
        if ev is not None:
            near = "" if c.evidence else f"nearest, {ev.similarity:.2f}: "
            credit = credited(c.attribution, ev, names.get(ev.source))
            evid = escape(f"{near}{_said(ev, names)}" + (f" ({credit})" if credit else "") + f"\n[{ev.reason}]")
        table.add_row(
            escape(f"{c.id}{_who(c)}\n{c.text}"),
            f"{MARK[c.verdict]} {c.verdict.value}\n{confidence_note(c.verdict.value, c.confidence)}",
            evid,
            style=STYLE[c.verdict] if color else None,
        )
    console.print(table)
    return buf.getvalue()


def _cell(s: str) -> str:
    return " ".join(s.split()).replace("|", "\\|")


def check_to_markdown(report: CheckReport) -> str:
    """For a pull-request comment: the summary, the contradicted and unsupported claims as
    tables, the supported ones folded away. Empty sections are left out."""
    names = _names(report)
    lines = [f"# {_title(report)}", "", f"**{report.summary()}**", ""]
    lines += [f"Checked: {_cell(names[report.text.id])}; sources: {', '.join(_cell(names[s.id]) for s in report.sources)}.", ""]
    for w in report.warnings:
        lines += [f"> **Warning** [{w.code}]: {_cell(w.message)}", ""]
    contradicted = report.by_verdict(Verdict.CONTRADICTED)
    if contradicted:
        lines += [f"## Contradicted ({len(contradicted)})", "", "| claim | source says | why |", "|---|---|---|"]
        lines += [f"| {_claim_md(c)} | {_source_md(c, c.evidence[0], names)} | _{_cell(c.reason)}_ |" for c in contradicted]
        lines.append("")
    unsupported = sorted(report.by_verdict(Verdict.UNSUPPORTED), key=lambda c: -c.confidence)
    if unsupported:
        head = f"| claim | confidence {CONFIDENCE_MEANS['unsupported']} | nearest source claim |"
        lines += [f"## Unsupported ({len(unsupported)})", "", head, "|---|---:|---|"]
        for c in unsupported:
            near = f"{_source_md(c, c.nearest, names)} ({c.nearest.similarity:.2f})" if c.nearest else ""
            lines.append(f"| {_claim_md(c)} | {c.confidence:.2f} | {near} |")
        lines.append("")
    supported = report.by_verdict(Verdict.SUPPORTED)
    if supported:
        lines += [f"<details><summary>Supported ({len(supported)})</summary>", ""]
        lines += ["| claim | source says |", "|---|---|"]
        lines += [f"| {_claim_md(c)} | {_source_md(c, c.evidence[0], names)} |" for c in supported]
        lines += ["", "</details>", ""]
    return "\n".join(lines)


def _mark(c: CheckedClaim, names: dict[str, str], number: int) -> Mark:
    rows = tuple(
        EvidenceRow(
            relation="contradicts" if e.relation.value == "conflicts" else "supports",
            source=names.get(e.source, e.source),
            text=" ".join(e.text.split()),
            reason=e.reason,
            detail=credited(c.attribution, e, names.get(e.source)),
        )
        for e in c.evidence
    )
    if c.nearest is not None:
        n = c.nearest
        rows += (
            EvidenceRow(
                relation="nearest",
                source=names.get(n.source, n.source),
                text=" ".join(n.text.split()),
                reason=n.reason,
                detail="; ".join(x for x in (f"similarity {n.similarity:.2f}", credited(c.attribution, n, names.get(n.source))) if x),
            ),
        )
    return Mark(
        start=c.start,
        end=c.end,
        label=c.verdict.value,
        id=c.id,
        title=f"claim {number}: \u201c{' '.join(c.text.split())}\u201d",
        rows=rows,
        note=f"According to {c.attribution}." if c.attribution else "",
        empty="No source states this claim.",
        hint=f"{c.verdict.value}, {confidence_note(c.verdict.value, c.confidence)}: click or press Enter for the evidence",
    )


def check_to_html(report: CheckReport, *, text: str = "") -> str:
    """One page: the summary, the claims to look at (links into the text), then ``text`` (the
    checked text; without it, its claims one per line) with each claim's evidence beside it."""
    names = _names(report)
    counts, shares = report.counts(), report.shares()
    summary = "".join(
        f'<tr><td><span class="tag v-{v.value}">{MARK[v]} {v.value}</span></td>'
        f"<td>{counts[v.value]}</td><td>{shares[v.value]:.0%}</td></tr>"
        for v in Verdict
    )
    worst = [c for c in report.worst() if c.verdict is not Verdict.SUPPORTED]
    look = "".join(
        f'<li><span class="tag v-{c.verdict.value}">{c.verdict.value}</span> '
        f'<a href="#{claim_anchor(c.id)}" data-target="{claim_anchor(c.id)}">{html.escape(" ".join(c.text.split()))}</a>'
        f" <em>({html.escape(c.reason)})</em></li>"
        for c in worst
    )
    notes = "".join(
        f'<p class="warning" role="alert"><strong>Warning</strong> [{html.escape(w.code)}]: {html.escape(w.message)}</p>'
        for w in report.warnings
    )
    ordered = sorted(report.claims, key=lambda c: (c.start, c.end, c.id))
    marks = [_mark(c, names, k + 1) for k, c in enumerate(ordered)]
    if not text:  # a batch record holds no text: the claims, one per line, at new offsets
        parts, shifted = [], []
        pos = 0
        for m, c in zip(marks, ordered, strict=True):
            parts.append(c.text)
            shifted.append(replace(m, start=pos, end=pos + len(c.text)))
            pos += len(c.text) + 2
        text, marks = "\n\n".join(parts), shifted
    body_text = highlight(text, marks, styles=STYLES) if text else "<p>No claims.</p>"
    sources = ", ".join(html.escape(names[s.id]) for s in report.sources)
    legend = " ".join(f'<span class="v-{v.value}"><sup>{MARK[v]}</sup>{v.value}</span>' for v in Verdict)
    body = (
        f"<h1>{html.escape(_title(report))}</h1>{notes}"
        f"<p><strong>{html.escape(report.summary())}</strong></p>"
        f"<p>Checked: {html.escape(names[report.text.id])}. Sources: {sources}.</p>"
        f'<table class="conf" id="summary"><tr><th>verdict</th><th>claims</th><th>share</th></tr>{summary}</table>'
        + (f'<h2>To look at ({len(worst)})</h2><ul id="worst">{look}</ul>' if worst else "")
        + f'<p class="legend">Legend: {legend}. Click a claim, or Tab to it and press Enter, for its evidence.</p>'
        + reader(f'<section class="article" id="checked"><h2>{html.escape(names[report.text.id])}</h2>{body_text}</section>')
    )
    css = label_css({s.css_class: COLORS[Verdict(v)] for v, s in STYLES.items()})
    return page(_title(report), body, css=css)
