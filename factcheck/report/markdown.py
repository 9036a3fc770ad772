"""A Markdown report fit for a pull-request comment.

A pair of claims that conflict (or agree) is one row, however many of its claims point at the
other: the claim that comes first in the report stands on the left. Sections with nothing in
them are left out.

Example:
    >>> from factcheck import Verifier
    >>> r = Verifier(embedder="hashing", relation_model=None).verify(
    ...     ["The council approved the budget on Monday.", "The council approved the budget on Tuesday."]
    ... )
    >>> md = to_markdown(r)
    >>> "## Conflicts (1)" in md, "Unique claims" in md
    (True, False)
"""

from __future__ import annotations

from ..types import Evidence, Label, LabelledClaim, Relation, Report

__all__ = ["to_markdown"]


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _pairs(report: Report, relation: Relation) -> list[tuple[LabelledClaim, Evidence]]:
    """Each pair of claims related by ``relation`` once, in report order of its first claim."""
    seen: set[frozenset[str]] = set()
    out = []
    for c in report.claims:
        for ev in c.evidence:
            key = frozenset((c.id, ev.claim))
            if ev.relation is relation and key not in seen:
                seen.add(key)
                out.append((c, ev))
    return out


def to_markdown(report: Report) -> str:
    """Summary table, then the conflicting pairs, the unique claims and the agreeing pairs."""
    lines = [f"# factcheck report{f': {report.id}' if report.id else ''}", ""]
    for w in report.warnings:
        lines += [f"> **Warning** [{w.code}]: {_cell(w.message)}", ""]
    lines += ["| source | claims | agreeing | unique | conflicting |", "|---|---:|---:|---:|---:|"]
    counts = report.counts()
    for s in report.sources:
        n = counts[s.id]
        lines.append(f"| {_cell(s.id)} | {s.claims} | {n['agreeing']} | {n['unique']} | {n['conflicting']} |")
    conflicts = _pairs(report, Relation.CONFLICTS)
    if conflicts:
        lines += ["", f"## Conflicts ({len(conflicts)})", ""]
        lines += ["| source | claim | conflicts with | claim | why |", "|---|---|---|---|---|"]
        for c, ev in conflicts:
            lines.append(
                f"| {_cell(c.source)} | {_cell(c.text)} | {_cell(ev.source)} | {_cell(ev.text)} | _{_cell(ev.reason)}_ |"
            )
    uniques = report.by_label(Label.UNIQUE)
    if uniques:
        lines += ["", f"## Unique claims ({len(uniques)})", ""]
        lines += ["| source | claim | confidence | nearest other claim |", "|---|---|---:|---|"]
        for u in uniques:
            near = f"{_cell(u.nearest.text)} ({u.nearest.similarity:.2f})" if u.nearest else ""
            lines.append(f"| {_cell(u.source)} | {_cell(u.text)} | {u.confidence:.2f} | {near} |")
    agrees = _pairs(report, Relation.AGREES)
    if agrees:
        lines += ["", f"<details><summary>Agreeing pairs ({len(agrees)})</summary>", ""]
        lines += ["| source | claim | agrees with | claim |", "|---|---|---|---|"]
        for c, ev in agrees:
            lines.append(f"| {_cell(c.source)} | {_cell(c.text)} | {_cell(ev.source)} | {_cell(ev.text)} |")
        lines += ["", "</details>"]
    lines.append("")
    return "\n".join(lines)
