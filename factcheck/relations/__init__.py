"""The relation stage: does a claim of another source agree with, conflict with, or not bear
on a claim?

One protocol, :class:`PairScorer`, takes candidate pairs (:class:`CandidatePair`) and returns
frozen :class:`PairJudgement` values. Files by job:

- ``scorer.py``: the relation policy, all of it: the protocol, :class:`RuleScorer` (rules
  only), :class:`ModelScorer` (the rules first, then the pair model; the rules explain) and
  :class:`ModelPolicy` (a model's thresholds, from its ``model.json``);
- ``pair_model.py``: the shipped cross-encoder (loaded lazily);
- ``rules.py``: :class:`RuleJudge`, the hand rules, and :func:`explain_conflict`;
- ``facts.py``: :class:`Facts`, what the rules read of a statement, derived once from
  ``quantities.py`` (figures, dates), ``actors.py`` (names) and ``polarity.py`` (negation,
  opposite predicates, content words; ``words.py`` holds the one stop list and stemmer);
- ``nli.py``: a user's own NLI ``CrossEncoder`` in the model's place.

Example:
    >>> judge = RuleJudge(match_threshold=0.72, related_threshold=0.62)
    >>> j = judge.judge("Two-way trade reached $118 billion in 2023.",
    ...                 "Two-way trade reached $90 billion in 2023.", similarity=0.9)
    >>> j.relation.value, j.reason
    ('conflicts', 'number mismatch: $118 billion vs $90 billion')
"""

from .facts import Facts, facts_of
from .rules import PairJudgement, RuleJudge, explain_conflict
from .scorer import (
    MIN_SIMILARITY,
    CandidatePair,
    ModelPolicy,
    ModelScorer,
    PairProbabilities,
    PairScorer,
    RuleScorer,
)

__all__ = [
    "MIN_SIMILARITY",
    "CandidatePair",
    "Facts",
    "ModelPolicy",
    "ModelScorer",
    "PairJudgement",
    "PairProbabilities",
    "PairScorer",
    "RuleJudge",
    "RuleScorer",
    "explain_conflict",
    "facts_of",
]
