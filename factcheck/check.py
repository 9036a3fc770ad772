"""One text checked against its sources: each of its claims is supported, contradicted or unsupported.

    text + sources -> one set, only the text's pairs judged -> labels -> verdicts -> CheckReport

:meth:`factcheck.Verifier.check` runs it. The text's claims are matched and judged against
the sources' claims exactly as :meth:`~factcheck.Verifier.verify` would, but pairs of two
sources are not judged (the sources are the reference, not under test), and only the text's
claims are labelled: a claim some source agrees with is **supported**, one a source conflicts
with is **contradicted** (that wins over support), and one no source states is
**unsupported**: in a generated text, the hallucination candidates. The sources' claims
appear only as evidence. ``CheckReport.to_dict()`` is the stable ``factcheck.check/1`` JSON
form (``docs/check-schema.md``).

Example:
    >>> from factcheck import Verifier
    >>> v = Verifier(embedder="hashing", relation_model=None)
    >>> r = v.check("Trade rose 3% in May. The minister resigned.", ["Trade rose 3% in May, officials said."])
    >>> [(c.text, c.verdict.value) for c in r.claims]
    [('Trade rose 3% in May', 'supported'), ('The minister resigned', 'unsupported')]
    >>> r.failures(max_unsupported=0.2)
    ('unsupported share 0.50 is above --max-unsupported 0.20',)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from .types import Claim, Evidence, Label, LabelledClaim, Report, ReportWarning, SetError, Source

__all__ = ["CHECK_SCHEMA", "CheckReport", "CheckedClaim", "Verdict", "result_from_dict"]

CHECK_SCHEMA = "factcheck.check/1"


class Verdict(StrEnum):
    """What the sources say about a claim of the checked text."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    UNSUPPORTED = "unsupported"


#: The verdict of each label, and the order "worst first" follows.
VERDICT = {Label.AGREEING: Verdict.SUPPORTED, Label.CONFLICTING: Verdict.CONTRADICTED, Label.UNIQUE: Verdict.UNSUPPORTED}
_WORST = {Verdict.CONTRADICTED: 0, Verdict.UNSUPPORTED: 1, Verdict.SUPPORTED: 2}


@dataclass(frozen=True, kw_only=True)
class CheckedClaim(Claim):
    """A claim of the checked text with its verdict, the confidence in it, and the source
    claims behind it: ``evidence`` holds the conflicting claims first, then the supporting
    ones (strongest first); ``nearest``, for an unsupported claim, is the closest source claim
    and why it was not taken as the same fact."""

    verdict: Verdict
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    nearest: Evidence | None = None

    @property
    def reason(self) -> str:
        """One line: why the verdict (the strongest evidence's reason, or why the nearest
        source claim did not count)."""
        if self.evidence:
            return self.evidence[0].reason
        if self.nearest is not None:
            return f"nearest source claim: {self.nearest.reason}"
        return "no source claim comes close"

    def to_dict(self) -> dict[str, Any]:
        d = self.claim_dict()
        del d["source"]  # always the checked text
        d["verdict"] = self.verdict.value
        d["confidence"] = round(self.confidence, 4)
        d["reason"] = self.reason
        d["evidence"] = [e.to_dict() for e in self.evidence]
        d["nearest"] = self.nearest.to_dict() if self.nearest else None
        return d


def _checked(c: LabelledClaim) -> CheckedClaim:
    base = {f.name: getattr(c, f.name) for f in fields(Claim)}
    return CheckedClaim(
        **base, verdict=VERDICT[c.label], confidence=c.confidence, evidence=c.evidence, nearest=c.nearest
    )


@dataclass(frozen=True, kw_only=True)
class CheckReport:
    """The result of checking one text against its sources.

    ``text`` is the checked text as a source (its id, title, claim count); ``claims`` are its
    claims in text order; :meth:`summary` is what a person reads first, :meth:`worst` the
    claims to look at, :meth:`failures` a CI gate's answer.
    """

    id: str | None
    text: Source
    sources: tuple[Source, ...]
    claims: tuple[CheckedClaim, ...]
    options: dict[str, Any] = field(default_factory=dict, compare=False)
    warnings: tuple[ReportWarning, ...] = ()

    @classmethod
    def from_report(cls, report: Report, text: str) -> CheckReport:
        """The check of source ``text`` read off a report of the text and its sources."""
        src = {s.id: s for s in report.sources}
        return cls(
            id=report.id,
            text=src[text],
            sources=tuple(s for s in report.sources if s.id != text),
            claims=tuple(_checked(c) for c in report.for_source(text)),
            options=report.options,
            warnings=report.warnings,
        )

    def by_verdict(self, verdict: Verdict | str) -> tuple[CheckedClaim, ...]:
        """The claims with one verdict, in text order."""
        want = Verdict(verdict)
        return tuple(c for c in self.claims if c.verdict is want)

    def counts(self) -> dict[str, int]:
        """``{verdict: n}`` with every verdict present."""
        return {v.value: len(self.by_verdict(v)) for v in Verdict}

    def shares(self) -> dict[str, float]:
        """``{verdict: share of the claims}`` (all 0.0 when the text gave no claim)."""
        n = len(self.claims)
        return {v: (k / n if n else 0.0) for v, k in self.counts().items()}

    def worst(self) -> tuple[CheckedClaim, ...]:
        """The claims worst first: contradicted, then unsupported, then supported; the more
        confident first within each."""
        order = sorted(
            range(len(self.claims)),
            key=lambda k: (_WORST[self.claims[k].verdict], -self.claims[k].confidence, k),
        )
        return tuple(self.claims[k] for k in order)

    def summary(self) -> str:
        """One line a person reads first.

        Example:
            >>> CheckReport(id=None, text=Source(id="t", title=None, url=None, published=None, claims=0),
            ...             sources=(), claims=()).summary()
            '0 claims checked against 0 sources: no claim to check'
        """
        n, k = len(self.claims), len(self.sources)
        head = f"{n} claim{'s' * (n != 1)} checked against {k} source{'s' * (k != 1)}"
        if not n:
            return f"{head}: no claim to check"
        counts, shares = self.counts(), self.shares()
        parts = [f"{counts[v.value]} {v.value} ({shares[v.value]:.0%})" for v in Verdict]
        return f"{head}: " + ", ".join(parts)

    def failures(
        self, *, fail_on: Verdict | str | Iterable[Verdict | str] = (), max_unsupported: float | None = None
    ) -> tuple[str, ...]:
        """Why a gate with these settings fails this check (empty: it passes).

        ``fail_on``: verdicts no claim may have (e.g. ``["contradicted"]``, or one verdict as
        a string: ``"contradicted"``);
        ``max_unsupported``: the largest share of unsupported claims allowed. With either set,
        a text that gave no claim fails too (nothing was checked).
        """
        bad = [Verdict(v) for v in ([fail_on] if isinstance(fail_on, str) else fail_on)]
        out = []
        if (bad or max_unsupported is not None) and not self.claims:
            out.append("the text gave no claim to check")
        for v in bad:
            if n := len(self.by_verdict(v)):
                out.append(f"{n} claim{'s' * (n != 1)} {v.value} (--fail-on {v.value})")
        share = self.shares()[Verdict.UNSUPPORTED.value]
        if max_unsupported is not None and self.claims and share > max_unsupported:
            out.append(f"unsupported share {share:.2f} is above --max-unsupported {max_unsupported:.2f}")
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        shares = self.shares()
        return {
            "schema": CHECK_SCHEMA,
            "id": self.id,
            "summary": {
                "claims": len(self.claims),
                **self.counts(),
                "share": {v: round(x, 4) for v, x in shares.items()},
            },
            "text": self.text.to_dict(),
            "sources": [s.to_dict() for s in self.sources],
            "claims": [c.to_dict() for c in self.claims],
            "warnings": [w.to_dict() for w in self.warnings],
            "options": dict(sorted(self.options.items())),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The check as ``factcheck.check/1`` JSON (deterministic: same input, same bytes)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckReport:
        """Read back what :meth:`to_dict` wrote."""
        schema = data.get("schema")
        if schema != CHECK_SCHEMA:
            raise ValueError(f"Not a {CHECK_SCHEMA} report: schema is {schema!r}.")
        text = Source.from_dict(data["text"])
        claims = tuple(
            CheckedClaim(
                id=c["id"],
                source=text.id,
                text=c["text"],
                start=c["start"],
                end=c["end"],
                statement=c.get("statement", c["text"]),
                sentence=c.get("sentence", 0),
                attribution=c.get("attribution"),
                items=tuple(c.get("items", ())),
                kind=c.get("kind", "sentence"),
                verdict=Verdict(c["verdict"]),
                confidence=c["confidence"],
                evidence=tuple(Evidence.from_dict(e) for e in c["evidence"]),
                nearest=Evidence.from_dict(c["nearest"]) if c.get("nearest") else None,
            )
            for c in data["claims"]
        )
        return cls(
            id=data.get("id"),
            text=text,
            sources=tuple(Source.from_dict(s) for s in data["sources"]),
            claims=claims,
            options=dict(data.get("options", {})),
            warnings=tuple(ReportWarning.from_dict(w) for w in data.get("warnings", ())),
        )


def result_from_dict(data: dict[str, Any]) -> Report | CheckReport | SetError:
    """A line of batch output read back: a :class:`~factcheck.types.Report`, a
    :class:`CheckReport` (schema ``factcheck.check/1``), or a :class:`~factcheck.types.SetError`.

    Example:
        >>> result_from_dict(SetError(id="s1", type="InputError", message="[E102] ...").to_dict()).id
        's1'
    """
    if "error" in data:
        return SetError.from_dict(data)
    return CheckReport.from_dict(data) if data.get("schema") == CHECK_SCHEMA else Report.from_dict(data)
