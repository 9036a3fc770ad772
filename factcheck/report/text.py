"""The terminal report: warnings, a summary per source, then one table row per claim.

A conflicting claim's row shows every claim that conflicts with it (so the table holds every
conflicting pair of :meth:`~factcheck.types.Report.pairs`), another claim's row its strongest
evidence, a unique claim's the nearest other claim.

Everything taken from the articles is escaped (rich reads ``[sic]`` as markup).
"""

from __future__ import annotations

import io

from ..types import Evidence, Label, LabelledClaim, Relation, Report
from .phrases import confidence_note, credited

__all__ = ["to_text"]

STYLE = {Label.AGREEING: "green", Label.UNIQUE: "yellow", Label.CONFLICTING: "bold red"}
MARK = {Label.AGREEING: "= agreeing", Label.UNIQUE: "+ unique", Label.CONFLICTING: "! conflicting"}


def to_text(report: Report, *, width: int = 100, color: bool = False) -> str:
    """A readable table (plain text unless ``color``), fitted to ``width`` columns."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system="standard" if color else None, force_terminal=color)
    counts = report.counts()
    summary = Table(title=f"factcheck report{f' {report.id}' if report.id else ''}", show_lines=False)
    summary.add_column("source")
    summary.add_column("published")
    summary.add_column("claims", justify="right")
    for lab in Label:
        summary.add_column(lab.value, justify="right", style=STYLE[lab])
    for s in report.sources:
        n = counts[s.id]
        name = f"{s.title} ({s.id})" if s.title else s.id
        name += f"\n(near copy of {s.copy_of})" if s.copy_of else ""
        summary.add_row(
            escape(name),
            s.published.isoformat() if s.published else "",
            str(s.claims),
            *(str(n[lab.value]) for lab in Label),
        )
    for w in report.warnings:
        console.print(escape(f"warning: {w}"), style="bold yellow" if color else None)
    console.print(summary)
    table = Table(show_lines=True, expand=True)
    table.add_column("claim", ratio=5)
    table.add_column("label", ratio=2)
    table.add_column("evidence", ratio=5)
    for src in report.sources:
        for c in report.for_source(src.id):
            table.add_row(
                escape(f"{c.id}{_who(c)}\n{c.text}"),
                f"{MARK[c.label]}\n{confidence_note(c.label.value, c.confidence)}",
                escape(_evidence(c)),
                style=STYLE[c.label] if color else None,
            )
    console.print(table)
    return buf.getvalue()


def _who(c: LabelledClaim) -> str:
    """Who the claim is credited to, and whether it is a headline."""
    return (f" (per {c.attribution})" if c.attribution else "") + (" (headline)" if c.kind == "headline" else "")


def _said(c: LabelledClaim, ev: Evidence) -> str:
    credit = credited(c.attribution, ev)
    return f"{ev.source}: {ev.text}" + (f" ({credit})" if credit else "") + f"\n[{ev.reason}]"


def _evidence(c: LabelledClaim) -> str:
    """The evidence cell: every conflict of a conflicting claim, else the strongest evidence,
    or for a unique claim why nothing matched."""
    conflicts = [e for e in c.evidence if e.relation is Relation.CONFLICTS]
    if conflicts or c.evidence:
        return "\n".join(_said(c, e) for e in (conflicts or c.evidence[:1]))
    if c.nearest:
        near = c.nearest
        return f"nearest, {near.similarity:.2f}: {_said(c, near)}"
    return ""
