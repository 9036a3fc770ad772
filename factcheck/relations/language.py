"""Pairs with a source that is not English: judged on their similarity alone.

The rules read English (negation cues, opposite predicates, capitalised names as actors and
places, number words, weekday and month names), and so does the pair model. On another
language they misfire: two Spanish reports of one earthquake, "Terremoto ..." and
"Sismo ...", came out as an actor/place mismatch. So a pair with a claim from a source that
reads as another language (:func:`~factcheck.articles.in_another_language`) is not given to the scorer:
its claims agree when their cosine says they state the same fact (the scorer's ``p_same`` at
least one half, i.e. at or above the match threshold), and are unrelated otherwise. Pairs of
English sources are scored as before.

Example:
    >>> from factcheck.relations import RuleJudge, RuleScorer
    >>> from factcheck.relations.scorer import CandidatePair
    >>> from factcheck.types import Claim
    >>> def claim(s, text):
    ...     return Claim(id=f"{s}:1", source=s, text=text, start=0, end=len(text), statement=text, sentence=0)
    >>> pair = CandidatePair(claim("es_a", "Terremoto sacude Lima."), claim("es_b", "Sismo sacude Lima."), similarity=0.9)
    >>> scorer = RuleScorer(RuleJudge(match_threshold=0.72, related_threshold=0.62))
    >>> scorer.score([pair])[0].reason
    'actor/place mismatch (different names): Terremoto vs Sismo'
    >>> score_by_language(scorer, [pair], frozenset({"es_a", "es_b"}))[0].reason
    'same fact (similarity 0.90; not English, so no rule was read)'
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..types import Relation
from .rules import PairJudgement
from .scorer import CandidatePair, PairScorer

__all__ = ["score_by_language"]


def score_by_language(
    scorer: PairScorer, pairs: Sequence[CandidatePair], foreign: Collection[str]
) -> list[PairJudgement]:
    """``scorer``'s judgements of ``pairs``, except the pairs with a claim of a ``foreign``
    source (ids of sources that are not English), which are judged on their cosine alone."""
    if not foreign:
        return scorer.score(pairs)
    english = [p for p in pairs if p.a.source not in foreign and p.b.source not in foreign]
    scored = iter(scorer.score(english))
    return [
        next(scored) if p.a.source not in foreign and p.b.source not in foreign else _by_similarity(scorer, p)
        for p in pairs
    ]


def _by_similarity(scorer: PairScorer, p: CandidatePair) -> PairJudgement:
    sim = p.similarity if p.item_similarity is None else max(p.similarity, p.item_similarity)
    same = scorer.p_same(sim)
    if same >= 0.5:
        reason = f"same fact (similarity {sim:.2f}; not English, so no rule was read)"
        return PairJudgement(Relation.AGREES, same, reason, "paraphrase", sim)
    reason = f"not the same fact (similarity {sim:.2f}; not English, so no rule was read)"
    return PairJudgement(Relation.UNRELATED, 1 - same, reason, None, sim)
