"""From pair relations to one label per claim, with confidence and evidence.

A claim is **conflicting** when any claim of another source conflicts with it, **agreeing**
when one agrees (and none conflicts), **unique** otherwise. Relations are decided once per
unordered pair, so if A's claim conflicts with B's, B's claim conflicts with A's.

A near copy of an article (``origin``, from :mod:`factcheck.copies`) is not another source for
agreement: a claim only its copy agrees with is unique, with the copy's claim still listed as
evidence (after the independent ones; its reason says it is a copy). A copy's conflict counts.

Each claim's evidence tells a conflict's reason from that claim's side: the claim with 5.9
reads ``number mismatch: this 5.9, wire_a 6.4``, its counterpart ``number mismatch: this 6.4,
wire_c 5.9`` (:func:`told`).

Confidence: for conflicting and agreeing claims, the strongest evidence's probability; for a
unique claim, the smallest probability that one of its candidate pairs is unrelated (with no
candidate, one minus the chance ``p_same`` that its nearest other-source claim states the same
fact).

Example:
    >>> from factcheck.relations import PairJudgement
    >>> from factcheck.types import Claim, Relation
    >>> c = [Claim(id=f"{s}:1", source=s, text="x", start=0, end=1, statement="x", sentence=0) for s in "ab"]
    >>> j = PairJudgement(Relation.AGREES, 0.8, "same fact", "paraphrase", similarity=0.9)
    >>> out = label_claims(c, [(0, 1, j)], best_similarity=[0.9, 0.9], p_same=lambda s: 0.5)
    >>> [x.label.value for x in out]
    ['agreeing', 'agreeing']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial

from .relations import PairJudgement
from .relations.rules import difference_of
from .types import Claim, Evidence, Label, LabelledClaim, Relation

__all__ = ["label_claims", "told"]

_ORDER = {Relation.CONFLICTS: 0, Relation.AGREES: 1}


def label_claims(
    claims: Sequence[Claim],
    judged: Sequence[tuple[int, int, PairJudgement]],
    *,
    best_similarity: Sequence[float],
    p_same: Callable[[float], float],
    max_evidence: int = 5,
    best_match: Sequence[int] = (),
    origin: Mapping[str, str] | None = None,
) -> list[LabelledClaim]:
    """Label every claim from the judgements of its candidate pairs (``(i, j, judgement)``).

    ``best_match``: each claim's nearest claim of another source (-1: none); a unique claim
    shows it as :attr:`~factcheck.types.LabelledClaim.nearest`, with the judge's reason when
    the pair was judged. ``origin``: the article each near copy repeats
    (:func:`~factcheck.copies.copy_origins`); a copy and its original are one source for
    agreement, and ``best_match`` should then name the nearest claim of an independent source.
    """
    origin = origin or {}
    evidence: list[list[Evidence]] = [[] for _ in claims]
    p_unrelated: list[float | None] = [None] * len(claims)
    unrelated_reason: dict[tuple[int, int], str] = {}
    for i, j, jd in judged:
        rel, prob, sim = jd.relation, jd.probability, jd.similarity
        note = ""
        if _one_source(claims[i].source, claims[j].source, origin) and rel is not Relation.CONFLICTS:
            if rel is Relation.UNRELATED:
                continue  # a copy's unrelated claim says nothing about the others
            note = f"; {COPY_NOTE}"  # a copy's agreement: evidence, but not agreement
        if rel is Relation.UNRELATED:
            for x in (i, j):
                seen = p_unrelated[x]
                p_unrelated[x] = prob if seen is None else min(seen, prob)
            unrelated_reason[(i, j)] = unrelated_reason[(j, i)] = jd.reason
            continue
        for x, y in ((i, j), (j, i)):
            other = claims[y]
            evidence[x].append(
                Evidence(
                    claim=other.id,
                    source=other.source,
                    text=other.text,
                    relation=rel,
                    similarity=sim,
                    reason=told(jd, claims[i], claims[j], side=x == j) + note,
                    probability=prob,
                    attribution=other.attribution,
                )
            )
    out: list[LabelledClaim] = []
    for k, c in enumerate(claims):
        ev = sorted(evidence[k], key=partial(_rank, source=c.source, origin=origin))
        conflicts = [e for e in ev if e.relation is Relation.CONFLICTS]
        agrees = [e for e in ev if e.relation is Relation.AGREES and not _one_source(c.source, e.source, origin)]
        if conflicts:
            label, conf = Label.CONFLICTING, conflicts[0].probability
        elif agrees:
            label, conf = Label.AGREEING, agrees[0].probability
        else:
            pu = p_unrelated[k]
            label, conf = Label.UNIQUE, pu if pu is not None else 1.0 - p_same(best_similarity[k])
        near = best_match[k] if k < len(best_match) else -1
        nearest = None
        if label is Label.UNIQUE and near >= 0:
            other = claims[near]
            why = unrelated_reason.get((k, near), "too far apart to be compared")
            nearest = Evidence(
                claim=other.id,
                source=other.source,
                text=other.text,
                relation=Relation.UNRELATED,
                similarity=best_similarity[k],
                reason=why,
                probability=1.0 - p_same(best_similarity[k]),
                attribution=other.attribution,
            )
        out.append(
            LabelledClaim.of(
                c,
                label=label,
                confidence=round(min(1.0, max(0.0, conf)), 4),
                evidence=tuple(ev[:max_evidence]),
                nearest=nearest,
            )
        )
    return out


#: What a copy's agreeing claim says in its reason.
COPY_NOTE = "one article is a near copy of the other, so not counted as agreement"


def _rank(e: Evidence, *, source: str, origin: Mapping[str, str]) -> tuple[int, bool, float, float, str]:
    """Evidence order: conflicts, then agreements of independent sources, then a copy's; the
    most probable first."""
    copied = e.relation is Relation.AGREES and _one_source(source, e.source, origin)
    return (_ORDER[e.relation], copied, -e.probability, -e.similarity, e.claim)


def _one_source(a: str, b: str, origin: Mapping[str, str]) -> bool:
    """Whether two sources count as one: one is a near copy of the other, or both of a third."""
    return bool(origin) and origin.get(a, a) == origin.get(b, b)


def told(jd: PairJudgement, a: Claim, b: Claim, *, side: bool = False) -> str:
    """The reason of judgement ``jd`` on the pair ``(a, b)`` from one claim's side: ``a``'s,
    or ``b``'s with ``side``.

    A conflict whose reason opens with what differs (:class:`~factcheck.relations.rules.Difference`,
    kept by the rules' judgements, else read off the statements) names this claim's side
    first and the other by its source: ``number mismatch: this 5.9, wire_a 6.4``; any other
    reason is the same from both sides.

    Example:
        >>> from factcheck.relations import PairJudgement
        >>> a, b = (Claim(id=f"{s}:1", source=s, text=t, start=0, end=len(t), statement=t, sentence=0)
        ...         for s, t in (("wire_a", "The ferry carried 120 people."), ("wire_c", "The ferry carried 80 people.")))
        >>> jd = PairJudgement(Relation.CONFLICTS, 0.9, "number mismatch: 120 vs 80 (model p=0.90)", "number")
        >>> told(jd, a, b), told(jd, a, b, side=True)
        ('number mismatch: this 120, wire_c 80 (model p=0.90)', 'number mismatch: this 80, wire_a 120 (model p=0.90)')
    """
    if jd.relation is not Relation.CONFLICTS:
        return jd.reason
    d = jd.difference or difference_of(a.statement, b.statement)
    if d is None:
        return jd.reason
    for pair in (d, d.swapped()):  # the reason may tell the pair either way round
        if jd.reason.startswith(pair.reason):
            mine, other = (d.swapped(), a.source) if side else (d, b.source)
            return mine.told(other) + jd.reason[len(pair.reason) :]
    return jd.reason
