"""The relation stage: does a claim of another source agree with, conflict with, or not
bear on a claim? Embeddings find claims about the same thing; these rules see what
embeddings are blind to (numbers, dates, negation, opposite predicates).

Rules decide first and are never overridden: a clear number mismatch is a conflict whatever
the similarity. Agreement needs a cosine at or above ``match_threshold`` (calibrated on MRPC,
see ``docs/calibration.md``), or matching figures on claims that share most content words.

Example:
    >>> judge = RuleJudge(match_threshold=0.72, related_threshold=0.62)
    >>> j = judge.judge("Two-way trade reached $118 billion in 2023.",
    ...                 "Two-way trade reached $90 billion in 2023.", similarity=0.9)
    >>> j.relation.value, j.reason
    ('conflicts', 'number mismatch: $118 billion vs $90 billion')
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..types import Relation
from .actors import name_clash, names
from .polarity import antonym_clash, content_words, negations, overlap
from .quantities import Quantity, compare, extract

__all__ = ["Judgement", "RuleJudge"]

_KIND_NAME = {
    "money": "number",
    "count": "number",
    "percent": "percentage",
    "year": "year",
    "fiscal_year": "year",
    "date": "date",
    "month": "date",
    "weekday": "weekday",
    "quarter": "date",
    "season": "date",
    "time": "time",
}


@dataclass(frozen=True)
class Judgement:
    """The relation between two claims, how sure we are, and why."""

    relation: Relation
    probability: float
    reason: str
    kind: str | None = None  # number | percentage | year | date | weekday | negation | antonym | paraphrase


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _name_words(text: str) -> frozenset[str]:
    return frozenset(w for n in names(text) for w in re.findall(r"[a-z0-9]+", n.lower()))


def _quantity_words(qs: list[Quantity]) -> frozenset[str]:
    return frozenset(w for q in qs for w in re.findall(r"[a-z0-9]+", q.text.lower()))


class RuleJudge:
    """Rule-based relation judgements, symmetric in their two arguments.

    Args:
        match_threshold: cosine at or above which two claims state the same fact.
        related_threshold: cosine below which two claims are taken to be about different things.
        min_overlap: share of content words two claims must share to be compared for conflicts.
        lexical_overlap: share of content words at which related claims (cosine at or above
            ``related_threshold``) count as stating the same fact even below ``match_threshold``:
            a short claim restated inside a longer one (rules-only mode).
        conflict_probability: the trained model's contradiction probability at or above which
            it may call a conflict that no rule saw (the pair must still share content words).
        match_margin: related claims (cosine at or above ``related_threshold``) that are each
            other's best match in their sources, by at least this much over the runner-up,
            state the same fact (``None``: off).
        agree_probability: the model's agreement probability at or above which a pair agrees;
            below it, cosine and word overlap still decide (the model only adds agreements).
        min_own_words: content words each claim's own span must have for the word overlap of
            the spans (not of the completed statements) to count, see :meth:`judge`.

    With ``proba`` (the trained model's agrees/conflicts/unrelated probabilities for the pair,
    see :mod:`factcheck.relations.classifier`), the model may add conflicts and agreements
    that the rules and the cosine threshold miss; it never overrides a rule.
    """

    def __init__(
        self,
        *,
        match_threshold: float,
        related_threshold: float,
        min_overlap: float = 0.5,
        lexical_overlap: float = 0.6,
        conflict_probability: float = 0.8,
        agree_probability: float = 0.85,
        match_margin: float | None = None,
        min_own_words: int = 4,
    ) -> None:
        self.min_own_words = min_own_words
        self.match_margin = match_margin
        self.agree_probability = agree_probability
        self.conflict_probability = conflict_probability
        self.lexical_overlap = lexical_overlap
        self.match_threshold = match_threshold
        self.related_threshold = related_threshold
        self.min_overlap = min_overlap

    def p_same(self, similarity: float) -> float:
        """Probability-like score that two claims state the same fact, from their cosine."""
        return _sigmoid((similarity - self.match_threshold) / 0.04)

    def judge(
        self,
        a: str,
        b: str,
        *,
        similarity: float,
        proba: Sequence[float] | None = None,
        margin: float = 0.0,
        own: tuple[str, str] | None = None,
    ) -> Judgement:
        """The relation of statements ``a`` and ``b`` whose embeddings have cosine ``similarity``.

        ``own``: the two claims' own words (their spans in the articles) where a statement
        borrows context from its sentence ("Trump stressed the importance of India" before
        "moving toward a fair bilateral trading relationship"). Borrowed framing dilutes the
        overlap of the statements, so the word-overlap agreement may also be read on the spans
        when both have at least ``min_own_words`` content words.
        """
        if similarity < self.related_threshold:
            return Judgement(Relation.UNRELATED, 1 - self.p_same(similarity), "different topics")
        qa, qb = extract(a), extract(b)
        drop = _quantity_words(qa) | _quantity_words(qb)
        ov = overlap(a, b, drop=drop)
        cmp = compare(qa, qb) if qa and qb else None
        # 1. numbers, dates, weekdays, years
        same_thing = ov >= self.min_overlap or (
            similarity >= self.match_threshold and ov >= self.min_overlap / 2
        )
        if cmp and cmp.conflicts and same_thing:
            x, y = cmp.conflicts[0]
            kind = _KIND_NAME[x.kind]
            p = min(0.99, 0.7 + 0.25 * ov + 0.1 * max(0.0, similarity - self.related_threshold))
            return Judgement(Relation.CONFLICTS, p, f"{kind} mismatch: {x.text} vs {y.text}", kind)
        # 2. negation on otherwise matching claims
        na, nb = negations(a), negations(b)
        if bool(na) != bool(nb) and ov >= max(self.min_overlap, 0.6):
            cue = (na or nb)[0]
            side = "first" if na else "second"
            p = min(0.95, 0.6 + 0.3 * ov)
            return Judgement(Relation.CONFLICTS, p, f'negation: "{cue}" only in the {side} claim', "negation")
        # 3. opposite predicates
        clash = antonym_clash(a, b)
        if clash:
            ov2 = overlap(a, b, drop=drop | frozenset(clash))
            if ov2 >= self.min_overlap:
                p = min(0.95, 0.6 + 0.3 * ov2)
                return Judgement(
                    Relation.CONFLICTS, p, f"opposite predicates: {clash[0]} vs {clash[1]}", "antonym"
                )
        # 4. a different or swapped actor or place in the same statement
        clash_n = name_clash(a, b)
        if clash_n:
            # the rest of the two claims must line up: same words, few added ones
            nd = drop | _name_words(a) | _name_words(b)
            wa, wb = content_words(a, drop=nd), content_words(b, drop=nd)
            rest = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
            if rest >= 0.5:
                kind_n, xa, xb = clash_n
                p = min(0.9, 0.55 + 0.35 * rest)
                return Judgement(
                    Relation.CONFLICTS, p, f"actor/place mismatch ({kind_n}): {xa} vs {xb}", "actor"
                )
        # 5. the trained model, when there is one
        if proba is not None:
            p_agree, p_conf = float(proba[0]), float(proba[1])
            if p_conf >= self.conflict_probability and ov >= self.min_overlap:
                return Judgement(
                    Relation.CONFLICTS,
                    p_conf,
                    f"contradiction (model p={p_conf:.2f}, similarity {similarity:.2f})",
                    "model",
                )
            if p_agree >= self.agree_probability:
                return Judgement(
                    Relation.AGREES,
                    p_agree,
                    f"same fact (model p={p_agree:.2f}, similarity {similarity:.2f})",
                    "paraphrase",
                )
        # 6. agreement from cosine and shared words
        if similarity >= self.match_threshold:
            reason = f"same fact (similarity {similarity:.2f})"
            if cmp and cmp.agreements:
                reason += "; figures match: " + ", ".join(
                    f"{x.text} ~ {y.text}" for x, y in cmp.agreements[:2]
                )
            return Judgement(Relation.AGREES, self.p_same(similarity), reason, "paraphrase")
        if self.match_margin is not None and margin >= self.match_margin:
            return Judgement(
                Relation.AGREES,
                self.p_same(similarity + margin / 2),
                f"same fact: each other's clear best match (similarity {similarity:.2f}, {margin:.2f} above the next)",
                "paraphrase",
            )
        ov_lex, whose = ov, ""
        if own is not None and ov < self.lexical_overlap:
            oa, ob = content_words(own[0], drop=drop), content_words(own[1], drop=drop)
            if min(len(oa), len(ob)) >= self.min_own_words:
                ov_lex, whose = len(oa & ob) / min(len(oa), len(ob)), " own"
        if ov_lex >= self.lexical_overlap:
            return Judgement(
                Relation.AGREES,
                0.5 + 0.4 * ov_lex * self.p_same(similarity + 0.1),
                f"same fact: shares {ov_lex:.0%} of its{whose} content words (similarity {similarity:.2f})",
                "paraphrase",
            )
        informative = [x for x, _ in (cmp.agreements if cmp else ()) if x.kind != "count" or x.high >= 10]
        if cmp and informative and not cmp.conflicts and ov >= 0.5:
            figs = ", ".join(f"{x.text} ~ {y.text}" for x, y in cmp.agreements[:2])
            return Judgement(
                Relation.AGREES, 0.5 + 0.4 * ov, f"same figures on the same subject: {figs}", "paraphrase"
            )
        return Judgement(Relation.UNRELATED, 1 - self.p_same(similarity), "related topic, different fact")
