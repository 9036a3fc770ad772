"""The data that flows through the pipeline: frozen dataclasses with a versioned JSON form.

``Article`` goes in; ``Claim`` comes out of the claim splitter; ``Report`` comes out of
:meth:`factcheck.Verifier.verify`, holding one ``LabelledClaim`` per claim, each with its
``Evidence``. ``Report.to_dict()`` is the stable ``factcheck.report/1`` JSON form
(documented in ``docs/report-schema.md``): fields may be added, never renamed.

Example:
    >>> from factcheck.types import Article
    >>> Article(id="wire", text="Trade rose 3% in May.").id
    'wire'
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any, Literal

#: What a claim is: a sentence of the body, or (part of) the article's headline.
ClaimKind = Literal["sentence", "headline"]

__all__ = [
    "REPORT_SCHEMA",
    "Article",
    "Claim",
    "ClaimKind",
    "Evidence",
    "Label",
    "LabelledClaim",
    "Relation",
    "Report",
    "ReportWarning",
    "SetError",
    "Source",
]

REPORT_SCHEMA = "factcheck.report/1"


class Label(StrEnum):
    """What the other sources say about a claim."""

    AGREEING = "agreeing"
    UNIQUE = "unique"
    CONFLICTING = "conflicting"


class Relation(StrEnum):
    """How one claim relates to a claim of another source."""

    AGREES = "agrees"
    CONFLICTS = "conflicts"
    UNRELATED = "unrelated"


@dataclass(frozen=True, kw_only=True)
class Article:
    """One report of the event.

    Args:
        id: a name unique within the set (file stem for files).
        text: the article body. ``Claim.start``/``end`` index into this exact string.
        title, url, published: optional metadata, carried into the report.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "text": self.text,
        }


@dataclass(frozen=True, kw_only=True)
class Claim:
    """One atomic claim of an article.

    ``text`` is ``article.text[start:end]``; ``statement`` is the claim as a self-contained
    sentence (shared subject restored, attribution and connectives removed), which is what
    gets embedded and compared. ``attribution`` names who asserted it ("the White House").
    ``items``: when the claim lists three or more things joined by "and", the statement
    narrowed to each one ("the leaders discussed security in the Indo-Pacific"); with
    ``Verifier(match_items=True)`` (the default) they are embedded and matched too, so a source
    naming one item can agree with the list. ``kind`` is ``"headline"`` for the claims of an
    article's title line, ``"sentence"`` otherwise.
    """

    id: str
    source: str
    text: str
    start: int
    end: int
    statement: str
    sentence: int
    attribution: str | None = None
    items: tuple[str, ...] = ()
    kind: ClaimKind = "sentence"

    def claim_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "statement": self.statement,
            "sentence": self.sentence,
            "attribution": self.attribution,
            "items": list(self.items),
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Claim:
        """Read back what :meth:`claim_dict` wrote (``items`` as a tuple again).

        Example:
            >>> c = Claim(id="a:1", source="a", text="Rain fell.", start=0, end=10, statement="Rain fell.",
            ...           sentence=0, items=("rain fell",))
            >>> Claim.from_dict(c.claim_dict()) == c
            True
        """
        return Claim(
            id=data["id"],
            source=data["source"],
            text=data["text"],
            start=data["start"],
            end=data["end"],
            statement=data["statement"],
            sentence=data["sentence"],
            attribution=data["attribution"],
            items=tuple(data["items"]),
            kind=data.get("kind", "sentence"),
        )


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """A claim of another source that agrees or conflicts with the claim it is attached to.

    ``reason`` is told from the side of the claim it is attached to ("number mismatch: this
    5.9, wire_a 6.4"); ``attribution`` is who the other source credits its claim to.
    """

    claim: str
    source: str
    text: str
    relation: Relation
    similarity: float
    reason: str
    probability: float = 1.0
    attribution: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "source": self.source,
            "text": self.text,
            "attribution": self.attribution,
            "relation": self.relation.value,
            "similarity": round(self.similarity, 4),
            "probability": round(self.probability, 4),
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evidence:
        """Read back what :meth:`to_dict` wrote."""
        return cls(
            claim=data["claim"],
            source=data["source"],
            text=data["text"],
            relation=Relation(data["relation"]),
            similarity=data["similarity"],
            reason=data["reason"],
            probability=data.get("probability", 1.0),
            attribution=data.get("attribution"),
        )


@dataclass(frozen=True, kw_only=True)
class LabelledClaim(Claim):
    """A claim with its label, the confidence in that label and the evidence for it.

    ``nearest``: for a unique claim, the closest claim of another source (relation
    ``unrelated``, its cosine, and why it was not taken as the same fact), so a reader sees
    why nothing matched; ``None`` for the other labels and when no other source has claims.
    """

    label: Label
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    nearest: Evidence | None = None

    @classmethod
    def of(
        cls,
        claim: Claim,
        *,
        label: Label,
        confidence: float,
        evidence: tuple[Evidence, ...] = (),
        nearest: Evidence | None = None,
    ) -> LabelledClaim:
        """``claim`` with a label: every field of the claim carried over."""
        base = {f.name: getattr(claim, f.name) for f in fields(Claim)}
        return cls(**base, label=label, confidence=confidence, evidence=evidence, nearest=nearest)

    def to_dict(self) -> dict[str, Any]:
        d = self.claim_dict()
        d["label"] = self.label.value
        d["confidence"] = round(self.confidence, 4)
        d["evidence"] = [e.to_dict() for e in self.evidence]
        d["nearest"] = self.nearest.to_dict() if self.nearest else None
        return d


@dataclass(frozen=True, kw_only=True)
class Source:
    """An article as the report shows it: metadata and claim count, not the text.

    ``copy_of``: when the article is a near copy of an earlier one of the set (the same text,
    or republished wire copy: :mod:`factcheck.copies`), that article's id; the two count as one
    source for agreement. In the JSON form only when set.
    """

    id: str
    title: str | None
    url: str | None
    published: dt.date | None
    claims: int
    copy_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "claims": self.claims,
        }
        if self.copy_of is not None:
            d["copy_of"] = self.copy_of
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        """Read back what :meth:`to_dict` wrote."""
        day = data.get("published")
        return cls(
            id=data["id"],
            title=data.get("title"),
            url=data.get("url"),
            published=dt.date.fromisoformat(day) if day else None,
            claims=data["claims"],
            copy_of=data.get("copy_of"),
        )


@dataclass(frozen=True, kw_only=True)
class ReportWarning:
    """Something about the input a reader must know: ``code`` from the catalogue
    (:data:`factcheck.errors.MESSAGES`, ``W1xx``), the article it is about, the message."""

    code: str
    source: str | None
    message: str

    @classmethod
    def coded(cls, code: str, *, source: str | None, **fields: Any) -> ReportWarning:
        """A warning from its catalogue code, as :meth:`FactcheckError.coded <factcheck.errors.FactcheckError.coded>` builds errors."""
        from .errors import MESSAGES

        return cls(code=code, source=source, message=MESSAGES[code].format(**fields))

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "source": self.source, "message": self.message}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReportWarning:
        return cls(code=data["code"], source=data.get("source"), message=data["message"])


@dataclass(frozen=True, kw_only=True)
class Report:
    """The result of cross-checking one set of articles.

    ``full_counts``: set by :meth:`only`, the label counts of every claim, hidden ones too,
    which :meth:`counts` (and so every format's summary) gives; ``None``: the claims are all
    there.

    Example:
        >>> report = Report(id="x", sources=(), claims=())
        >>> report.to_dict()["schema"]
        'factcheck.report/1'
    """

    id: str | None
    sources: tuple[Source, ...]
    claims: tuple[LabelledClaim, ...]
    options: dict[str, Any] = field(default_factory=dict, compare=False)
    warnings: tuple[ReportWarning, ...] = ()
    full_counts: dict[str, dict[str, int]] | None = field(default=None, compare=False, repr=False)

    def by_label(self, label: Label | str) -> tuple[LabelledClaim, ...]:
        """The claims with one label, in report order."""
        want = Label(label)
        return tuple(c for c in self.claims if c.label is want)

    def only(self, labels: Iterable[Label | str]) -> Report:
        """The report with the claims of ``labels`` only; sources keep their full claim counts
        and :meth:`counts` still counts every claim (the summary describes the whole report).

        Example:
            >>> Report(id=None, sources=(), claims=()).only(["conflicting"]).claims
            ()
        """
        keep = {Label(x) for x in labels}
        return replace(
            self, claims=tuple(c for c in self.claims if c.label in keep), full_counts=self.counts()
        )

    def pairs(self, relation: Relation | str = Relation.CONFLICTS) -> tuple[tuple[LabelledClaim, Evidence], ...]:
        """Each pair of claims related by ``relation`` once (``a``-``b`` and ``b``-``a`` are one
        pair), as the claim that comes first in the report and its evidence for the other; in
        report order. Every report format lists these (the conflicts by default).

        Example:
            >>> Report(id=None, sources=(), claims=()).pairs()
            ()
        """
        want = Relation(relation)
        seen: set[frozenset[str]] = set()
        out = []
        for c in self.claims:
            for ev in c.evidence:
                key = frozenset((c.id, ev.claim))
                if ev.relation is want and key not in seen:
                    seen.add(key)
                    out.append((c, ev))
        return tuple(out)

    def for_source(self, source: str) -> tuple[LabelledClaim, ...]:
        """The claims of one source, in text order."""
        return tuple(c for c in self.claims if c.source == source)

    def counts(self) -> dict[str, dict[str, int]]:
        """``{source: {label: n}}`` with every label present, counting every claim of the
        report (those :meth:`only` hid too)."""
        if self.full_counts is not None:
            return {s: dict(n) for s, n in self.full_counts.items()}
        out: dict[str, dict[str, int]] = {}
        for s in self.sources:
            c = Counter(x.label.value for x in self.for_source(s.id))
            out[s.id] = {lab.value: c.get(lab.value, 0) for lab in Label}
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": REPORT_SCHEMA,
            "id": self.id,
            "sources": [s.to_dict() for s in self.sources],
            "claims": [c.to_dict() for c in self.claims],
            "warnings": [w.to_dict() for w in self.warnings],
            "options": dict(sorted(self.options.items())),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as ``factcheck.report/1`` JSON (deterministic: same input, same bytes)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Read back what :meth:`to_dict` wrote."""
        schema = data.get("schema")
        if schema != REPORT_SCHEMA:
            raise ValueError(f"Not a {REPORT_SCHEMA} report: schema is {schema!r}.")
        sources = tuple(Source.from_dict(s) for s in data["sources"])
        claims = tuple(
            LabelledClaim(
                id=c["id"],
                source=c["source"],
                text=c["text"],
                start=c["start"],
                end=c["end"],
                statement=c.get("statement", c["text"]),
                sentence=c.get("sentence", 0),
                attribution=c.get("attribution"),
                items=tuple(c.get("items", ())),
                kind=c.get("kind", "sentence"),
                label=Label(c["label"]),
                confidence=c["confidence"],
                evidence=tuple(Evidence.from_dict(e) for e in c["evidence"]),
                nearest=Evidence.from_dict(c["nearest"]) if c.get("nearest") else None,
            )
            for c in data["claims"]
        )
        warnings = tuple(ReportWarning.from_dict(w) for w in data.get("warnings", ()))
        return cls(
            id=data.get("id"), sources=sources, claims=claims, options=data.get("options", {}), warnings=warnings
        )


@dataclass(frozen=True, kw_only=True)
class SetError:
    """An article set that could not be verified (batch mode keeps going)."""

    id: str | None
    type: str
    message: str

    @classmethod
    def from_error(cls, exc: Exception) -> SetError:
        """The record for a set that raised ``exc``; its id is the error's ``set_id``."""
        return cls(id=getattr(exc, "set_id", None), type=type(exc).__name__, message=str(exc))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "error": {"type": self.type, "message": self.message}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SetError:
        """Read back what :meth:`to_dict` wrote."""
        return cls(id=data["id"], type=data["error"]["type"], message=data["error"]["message"])
