"""A Markdown report fit for a pull-request comment."""

from __future__ import annotations

from ..types import Label, Report

__all__ = ["to_markdown"]


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    """Summary table, then conflicts and unique claims with their reasons."""
    lines = [f"# factcheck report{f': {report.id}' if report.id else ''}", ""]
    lines += ["| source | claims | agreeing | unique | conflicting |", "|---|---:|---:|---:|---:|"]
    counts = report.counts()
    for s in report.sources:
        n = counts[s.id]
        lines.append(f"| {_cell(s.id)} | {s.claims} | {n['agreeing']} | {n['unique']} | {n['conflicting']} |")
    conflicts = report.by_label(Label.CONFLICTING)
    lines += ["", f"## Conflicts ({len(conflicts)})", ""]
    for c in conflicts:
        ev = c.evidence[0]
        lines.append(
            f"- **{_cell(c.source)}**: {_cell(c.text)}  \n  vs **{_cell(ev.source)}**: {_cell(ev.text)}  \n  _{_cell(ev.reason)}_"
        )
    if not conflicts:
        lines.append("None.")
    uniques = report.by_label(Label.UNIQUE)
    lines += ["", f"## Unique claims ({len(uniques)})", ""]
    for c in uniques:
        lines.append(f"- **{_cell(c.source)}**: {_cell(c.text)} (confidence {c.confidence:.2f})")
    agrees = report.by_label(Label.AGREEING)
    lines += ["", f"<details><summary>Agreeing claims ({len(agrees)})</summary>", ""]
    for c in agrees:
        ev = c.evidence[0]
        lines.append(f"- **{_cell(c.source)}**: {_cell(c.text)} = **{_cell(ev.source)}**: {_cell(ev.text)}")
    lines += ["", "</details>", ""]
    return "\n".join(lines)
