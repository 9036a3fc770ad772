"""A Markdown report fit for a pull-request comment.

A pair of claims that conflict (or agree) is one row (:meth:`~factcheck.types.Report.pairs`,
which every format lists): the claim that comes first in the report stands on the left, and
the reason is told from its side. Each claim shows who its source credits it to. Sections with
nothing in them are left out.

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

from collections.abc import Mapping, Sequence

from ..copies import Copy, copy_origins
from ..types import Evidence, Label, LabelledClaim, Relation, Report
from .phrases import CONFIDENCE_MEANS

__all__ = ["to_markdown"]


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _claim(text: str, attribution: str | None) -> str:
    """A claim cell: the claim and, when its source credits it to someone, who."""
    return _cell(text) + (f" _(per {_cell(attribution)})_" if attribution else "")


def _pair_table(
    pairs: Sequence[tuple[LabelledClaim, Evidence]], relation: str, *, why: bool, origin: Mapping[str, str]
) -> list[str]:
    """One table row per pair: both claims with their sources (and who each source credits
    its claim to), and the reason, from the left claim's side, when ``why``; a source that is a
    near copy of the other is marked so (``origin``: each copy's original)."""
    head = f"| source | claim | {relation} | claim |" + (" why |" if why else "")
    rows = [head, "|---" * (5 if why else 4) + "|"]
    for c, ev in pairs:
        copy = " (near copy)" if origin.get(c.source, c.source) == origin.get(ev.source, ev.source) else ""
        row = (
            f"| {_cell(c.source)} | {_claim(c.text, c.attribution)} | {_cell(ev.source + copy)} "
            f"| {_claim(ev.text, ev.attribution)} |"
        )
        rows.append(row + (f" _{_cell(ev.reason)}_ |" if why else ""))
    return rows


def to_markdown(report: Report) -> str:
    """Summary table, then the conflicting pairs, the unique claims and the agreeing pairs."""
    lines = [f"# factcheck report{f': {report.id}' if report.id else ''}", ""]
    for w in report.warnings:
        lines += [f"> **Warning** [{w.code}]: {_cell(w.message)}", ""]
    lines += ["| source | claims | agreeing | unique | conflicting |", "|---|---:|---:|---:|---:|"]
    counts = report.counts()
    origin = copy_origins([Copy(source=s.id, of=s.copy_of, similarity=1.0) for s in report.sources if s.copy_of])
    for s in report.sources:
        n = counts[s.id]
        name = s.id + (f" (near copy of {s.copy_of})" if s.copy_of else "")
        lines.append(f"| {_cell(name)} | {s.claims} | {n['agreeing']} | {n['unique']} | {n['conflicting']} |")
    conflicts = report.pairs(Relation.CONFLICTS)
    if conflicts:
        lines += ["", f"## Conflicts ({len(conflicts)})", "", *_pair_table(conflicts, "conflicts with", why=True, origin=origin)]
    uniques = report.by_label(Label.UNIQUE)
    if uniques:
        lines += ["", f"## Unique claims ({len(uniques)})", ""]
        lines += [f"| source | claim | confidence {CONFIDENCE_MEANS['unique']} | nearest other claim |", "|---|---|---:|---|"]
        for u in uniques:
            near = f"{_claim(u.nearest.text, u.nearest.attribution)} ({u.nearest.similarity:.2f})" if u.nearest else ""
            lines.append(f"| {_cell(u.source)} | {_claim(u.text, u.attribution)} | {u.confidence:.2f} | {near} |")
    agrees = report.pairs(Relation.AGREES)
    if agrees:
        lines += ["", f"<details><summary>Agreeing pairs ({len(agrees)})</summary>", ""]
        lines += [*_pair_table(agrees, "agrees with", why=False, origin=origin), "", "</details>"]
    lines.append("")
    return "\n".join(lines)
