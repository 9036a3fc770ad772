"""Hand rules for a pair of claims: what embeddings are blind to (numbers, dates, negation,
opposite predicates, a swapped actor), then agreement from the cosine and shared words.

In the rules-only scorer they decide alone; beside the pair model they explain its conflicts
and guard the kinds they are better at (:mod:`factcheck.relations.scorer`). Agreement needs a
cosine at or above ``match_threshold`` (calibrated on MRPC, see ``docs/calibration.md``), or
matching figures on claims that share most content words.

Example:
    >>> judge = RuleJudge(match_threshold=0.72, related_threshold=0.62)
    >>> j = judge.judge("Two-way trade reached $118 billion in 2023.",
    ...                 "Two-way trade reached $90 billion in 2023.", similarity=0.9)
    >>> j.relation.value, j.reason
    ('conflicts', 'number mismatch: $118 billion vs $90 billion')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from ..types import Relation
from .actors import clash_of as name_clash_of
from .facts import Facts, as_facts, facts_of
from .polarity import clash_of as antonym_clash_of
from .polarity import content_words, negation_phrase, share
from .quantities import Comparison, Quantity, compare

__all__ = [
    "CONFLICT_KINDS",
    "Difference",
    "PairJudgement",
    "RuleJudge",
    "align_figures",
    "compare_figures",
    "difference_of",
    "explain_conflict",
]

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
#: Every kind of conflict a rule names (a judgement's ``kind``, ``explain_conflict``'s first item).
CONFLICT_KINDS: frozenset[str] = frozenset(_KIND_NAME.values()) | {"negation", "antonym", "actor"}


@dataclass(frozen=True)
class Difference:
    """What differs between two claims, each claim's side kept apart, so that a claim's
    evidence can tell it from that claim's side (:meth:`told`).

    ``kind`` is a :data:`CONFLICT_KINDS` name; ``first`` and ``second`` are what each claim
    says (two figures, two predicates, two lists of names; for a negation, the cue on the side
    that has it and ``""`` on the other); ``what`` heads the reason ("number mismatch",
    "opposite predicates", "actor/place mismatch (different names)", "negation").

    Example:
        >>> d = Difference("number", "6.4", "5.9", "number mismatch")
        >>> d.reason, d.swapped().told("wire_a")
        ('number mismatch: 6.4 vs 5.9', 'number mismatch: this 5.9, wire_a 6.4')
        >>> n = Difference("negation", "", "did not", "negation")
        >>> n.reason, n.told("wire_c"), n.swapped().told("wire_a")
        ('negation: "did not" only in the second claim', 'negation: wire_c says "did not"', 'negation: this claim says "did not"')
    """

    kind: str
    first: str
    second: str
    what: str

    @property
    def reason(self) -> str:
        """The difference told for the pair, first claim first (what a judgement's reason says)."""
        if self.kind == "negation":
            return f'negation: "{self.first or self.second}" only in the {"first" if self.first else "second"} claim'
        return f"{self.what}: {self.first} vs {self.second}"

    def swapped(self) -> Difference:
        """The same difference told from the second claim's side."""
        return replace(self, first=self.second, second=self.first)

    def told(self, other: str) -> str:
        """The difference from the first claim's side; ``other`` names the second claim's source."""
        if self.kind == "negation":
            return f'negation: this claim says "{self.first}"' if self.first else f'negation: {other} says "{self.second}"'
        return f"{self.what}: this {self.first}, {other} {self.second}"


@dataclass(frozen=True)
class PairJudgement:
    """The relation between two claims, how sure we are, and why.

    ``kind`` names what decided it: ``number``, ``percentage``, ``year``, ``date``,
    ``weekday``, ``time``, ``negation``, ``antonym``, ``actor`` (a rule saw the difference),
    ``model`` (the pair model alone), ``paraphrase`` (an agreement), or ``None`` (unrelated).
    ``similarity`` is the cosine it was judged at (an item's, when an item view matched).
    ``difference``: for a rule's conflict, what differs, the pair's first claim first (its
    :attr:`Difference.reason` opens ``reason``), so each claim's evidence can tell it from
    that claim's side.
    """

    relation: Relation
    probability: float
    reason: str
    kind: str | None = None
    similarity: float = 0.0
    difference: Difference | None = None


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class RuleJudge:
    """Rule-based relation judgements, symmetric in their two arguments.

    Args:
        match_threshold: cosine at or above which two claims state the same fact.
        related_threshold: cosine below which two claims are taken to be about different things.
        min_overlap: share of content words two claims must share to be compared for conflicts.
        lexical_overlap: share of content words at which related claims (cosine at or above
            ``related_threshold``) count as stating the same fact even below ``match_threshold``:
            a short claim restated inside a longer one (rules-only mode).
        match_margin: related claims (cosine at or above ``related_threshold``) that are each
            other's best match in their sources, by at least this much over the runner-up,
            state the same fact (``None``: off).
        min_own_words: content words each claim's own span must have for the word overlap of
            the spans (not of the completed statements) to count, see :meth:`judge`.
    """

    def __init__(
        self,
        *,
        match_threshold: float,
        related_threshold: float,
        min_overlap: float = 0.5,
        lexical_overlap: float = 0.6,
        match_margin: float | None = None,
        min_own_words: int = 4,
    ) -> None:
        self.min_own_words = min_own_words
        self.match_margin = match_margin
        self.lexical_overlap = lexical_overlap
        self.match_threshold = match_threshold
        self.related_threshold = related_threshold
        self.min_overlap = min_overlap

    def p_same(self, similarity: float) -> float:
        """Probability-like score that two claims state the same fact, from their cosine."""
        return _sigmoid((similarity - self.match_threshold) / 0.04)

    def judge(
        self,
        a: str | Facts,
        b: str | Facts,
        *,
        similarity: float,
        margin: float = 0.0,
        own: tuple[str, str] | None = None,
    ) -> PairJudgement:
        """The relation of statements ``a`` and ``b`` whose embeddings have cosine ``similarity``.

        ``own``: the two claims' own words (their spans in the articles) where a statement
        borrows context from its sentence ("Trump stressed the importance of India" before
        "moving toward a fair bilateral trading relationship"). Borrowed framing dilutes the
        overlap of the statements, so the word-overlap agreement may also be read on the spans
        when both have at least ``min_own_words`` content words.
        """
        if similarity < self.related_threshold:  # no facts needed
            return PairJudgement(Relation.UNRELATED, 1 - self.p_same(similarity), "different topics", None, similarity)
        j = self._judge(as_facts(a), as_facts(b), similarity=similarity, margin=margin, own=own)
        return replace(j, similarity=similarity)

    def _judge(
        self,
        a: Facts,
        b: Facts,
        *,
        similarity: float,
        margin: float = 0.0,
        own: tuple[str, str] | None = None,
    ) -> PairJudgement:
        drop = a.quantity_words | b.quantity_words
        ov = share(a.content(drop), b.content(drop))
        cmp = compare_figures(a, b)
        # 1. numbers, dates, weekdays, years
        same_thing = ov >= self.min_overlap or (
            similarity >= self.match_threshold and ov >= self.min_overlap / 2
        )
        if cmp and cmp.conflicts and same_thing:
            d = _figure_mismatch(*cmp.conflicts[0])
            p = min(0.99, 0.7 + 0.25 * ov + 0.1 * max(0.0, similarity - self.related_threshold))
            return _conflict(p, d)
        # 2. negation on otherwise matching claims
        if bool(a.negations) != bool(b.negations) and ov >= max(self.min_overlap, 0.6):
            return _conflict(min(0.95, 0.6 + 0.3 * ov), _negation(a, b))
        # 3. opposite predicates
        clash = antonym_clash_of(a.predicates, b.predicates)
        if clash:
            drop2 = drop | frozenset(clash)
            ov2 = share(a.content(drop2), b.content(drop2))
            if ov2 >= self.min_overlap:
                return _conflict(min(0.95, 0.6 + 0.3 * ov2), _antonyms(clash))
        # 4. a different or swapped actor or place in the same statement
        clash_n = name_clash_of(a.text, a.names, b.text, b.names)
        if clash_n:
            # the rest of the two claims must line up: same words, few added ones
            nd = drop | a.name_words | b.name_words
            wa, wb = a.content(nd), b.content(nd)
            rest = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
            if rest >= 0.5:
                return _conflict(min(0.9, 0.55 + 0.35 * rest), _actors(clash_n))
        # 6. agreement from cosine and shared words
        if similarity >= self.match_threshold:
            reason = f"same fact (similarity {similarity:.2f})"
            if cmp and cmp.agreements:
                reason += "; figures match: " + ", ".join(
                    f"{x.text} ~ {y.text}" for x, y in cmp.agreements[:2]
                )
            return PairJudgement(Relation.AGREES, self.p_same(similarity), reason, "paraphrase")
        if self.match_margin is not None and margin >= self.match_margin:
            return PairJudgement(
                Relation.AGREES,
                self.p_same(similarity + margin / 2),
                f"same fact: each other's clear best match (similarity {similarity:.2f}, {margin:.2f} above the next)",
                "paraphrase",
            )
        ov_lex, whose = ov, ""
        if own is not None and ov < self.lexical_overlap:
            oa, ob = content_words(own[0], drop=drop), content_words(own[1], drop=drop)  # spans: words only
            if min(len(oa), len(ob)) >= self.min_own_words:
                ov_lex, whose = len(oa & ob) / min(len(oa), len(ob)), " own"
        if ov_lex >= self.lexical_overlap:
            return PairJudgement(
                Relation.AGREES,
                0.5 + 0.4 * ov_lex * self.p_same(similarity + 0.1),
                f"same fact: shares {ov_lex:.0%} of its{whose} content words (similarity {similarity:.2f})",
                "paraphrase",
            )
        informative = [x for x, _ in (cmp.agreements if cmp else ()) if x.kind != "count" or x.high >= 10]
        if cmp and informative and not cmp.conflicts and ov >= 0.5:
            figs = ", ".join(f"{x.text} ~ {y.text}" for x, y in cmp.agreements[:2])
            return PairJudgement(
                Relation.AGREES, 0.5 + 0.4 * ov, f"same figures on the same subject: {figs}", "paraphrase"
            )
        return PairJudgement(Relation.UNRELATED, 1 - self.p_same(similarity), "related topic, different fact")


def compare_figures(a: str | Facts, b: str | Facts) -> Comparison | None:
    """The figures, dates and weekdays of two statements compared (``None`` when either has
    none); each ordered pair of texts is compared once (memoised, as :func:`facts_of` is)."""
    return _compare_texts(as_facts(a).text, as_facts(b).text)


@lru_cache(maxsize=1 << 12)
def _compare_texts(a: str, b: str) -> Comparison | None:
    qa, qb = facts_of(a).quantities, facts_of(b).quantities
    return compare(qa, qb) if qa and qb else None


def explain_conflict(a: str | Facts, b: str | Facts) -> tuple[str, str] | None:
    """What differs between two statements judged to conflict, as ``(kind, reason)``
    (:func:`difference_of`'s kind and reason).

    Example:
        >>> explain_conflict("The ferry carried 120 people.", "Officials said the ferry carried 80 people.")
        ('number', 'number mismatch: 120 vs 80')
    """
    d = difference_of(a, b)
    return None if d is None else (d.kind, d.reason)


def difference_of(a: str | Facts, b: str | Facts) -> Difference | None:
    """What differs between two statements judged to conflict, ``a``'s side first.

    The rules' checks without their overlap thresholds (the pair model has already said the
    two conflict): a figure, date or weekday, a negation, opposite predicates, another actor.
    ``None`` when the facts show no difference.

    Example:
        >>> difference_of("The agency did not release a figure.", "The agency released a figure.").told("wire_b")
        'negation: this claim says "did not"'
    """
    return _difference_of_texts(as_facts(a).text, as_facts(b).text)


@lru_cache(maxsize=1 << 12)
def _difference_of_texts(a: str, b: str) -> Difference | None:
    fa, fb = facts_of(a), facts_of(b)
    cmp = compare_figures(fa, fb)
    if cmp and cmp.conflicts:
        return _figure_mismatch(*cmp.conflicts[0])
    if bool(fa.negations) != bool(fb.negations):
        return _negation(fa, fb)
    clash = antonym_clash_of(fa.predicates, fb.predicates)
    if clash:
        return _antonyms(clash)
    clash_n = name_clash_of(fa.text, fa.names, fb.text, fb.names)
    if clash_n:
        return _actors(clash_n)
    return None


def align_figures(a: str | Facts, b: str | Facts) -> tuple[str, str, str] | None:
    """``a`` told with ``b``'s figures where the two differ: ``(text, kind, reason)``, or ``None``
    when no figure, date or weekday of ``a`` conflicts with one of ``b``.

    The pair model reads the aligned text against ``b``: if the two then say the same thing,
    the figures were the only difference, and the original pair conflicts on them.

    Example:
        >>> align_figures("The men are about 340 metres below the surface.", "They are trapped 430 metres down.")
        ('The men are 430 metres below the surface.', 'number', 'number mismatch: about 340 vs 430')
    """
    fa, fb = as_facts(a), as_facts(b)
    cmp = compare_figures(fa, fb)
    conflicts = cmp.conflicts if cmp else None
    if not conflicts:
        return None
    text = fa.text
    for x, y in sorted(conflicts, key=lambda c: -c[0].start):  # from the end: offsets stay valid
        span = text[x.start : x.end]  # the figure and the unit words read with it
        text = text[: x.start] + (span.replace(x.text, y.text, 1) if x.text in span else y.text) + text[x.end :]
    d = _figure_mismatch(*conflicts[0])
    return text, d.kind, d.reason


def _conflict(p: float, d: Difference) -> PairJudgement:
    """A rule's conflict on the difference ``d``."""
    return PairJudgement(Relation.CONFLICTS, p, d.reason, d.kind, difference=d)


def _figure_mismatch(x: Quantity, y: Quantity) -> Difference:
    """Two conflicting figures: ``number mismatch: 120 vs 80``."""
    kind = _KIND_NAME[x.kind]
    return Difference(kind, x.text, y.text, f"{kind} mismatch")


def _negation(a: Facts, b: Facts) -> Difference:
    """A negation on one side only, told by its phrase ("did not", "no one")."""
    cue = negation_phrase(a.text) if a.negations else negation_phrase(b.text)
    return Difference("negation", cue if a.negations else "", "" if a.negations else cue, "negation")


def _antonyms(clash: tuple[str, str]) -> Difference:
    return Difference("antonym", clash[0], clash[1], "opposite predicates")


def _actors(clash: tuple[str, str, str]) -> Difference:
    kind_n, xa, xb = clash
    return Difference("actor", xa, xb, f"actor/place mismatch ({kind_n})")
