"""Pair scorers: the one protocol the relation stage calls, and the two scorers shipped.

The verifier finds candidate pairs (:mod:`factcheck.match`), hands them to a
:class:`PairScorer` as :class:`CandidatePair` values, and labels claims from the
:class:`PairJudgement` it gets back (:mod:`factcheck.label`). Everything about *how* a pair is
judged lives behind that call:

- :class:`RuleScorer`: the hand rules and the cosine (``Verifier(relation_model=None)``);
- :class:`ModelScorer`: the rules first, then a pair model that reads both claims (the shipped
  cross-encoder, :mod:`factcheck.relations.pair_model`) decides the pairs they leave
  unrelated, with its own thresholds (:class:`ModelPolicy`, from its ``model.json``); the
  rules explain its conflicts (``docs/model-card.md`` has the measurements behind that order).

A scorer must be symmetric: judging ``(a, b)`` and ``(b, a)`` gives the same relation.

Example:
    >>> from factcheck.types import Claim
    >>> def claim(s, text):
    ...     return Claim(id=f"{s}:0", source=s, text=text, start=0, end=len(text), statement=text, sentence=0)
    >>> pair = CandidatePair(claim("a", "Trade rose 3% in May."), claim("b", "Trade fell 3% in May."), similarity=0.9)
    >>> RuleScorer(RuleJudge(match_threshold=0.72, related_threshold=0.62)).score([pair])[0].reason
    'opposite predicates: rose vs fell'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ..types import Claim, Relation
from .rules import PairJudgement, RuleJudge, align_figures, compare_figures, explain_conflict

__all__ = [
    "MIN_SIMILARITY",
    "CandidatePair",
    "ModelPolicy",
    "ModelScorer",
    "PairProbabilities",
    "PairScorer",
    "RuleScorer",
]


@dataclass(frozen=True)
class CandidatePair:
    """Two claims of different sources that matching put side by side.

    ``similarity`` is the cosine of their statements. When one of them lists things and an
    item view matched better (:attr:`~factcheck.types.Claim.items`), ``item_similarity`` is
    that cosine and ``items`` the two texts that gave it (the statement where a side matched
    on its statement). ``margin``: how clearly the two are each other's best match.
    """

    a: Claim
    b: Claim
    similarity: float
    margin: float = 0.0
    item_similarity: float | None = None
    items: tuple[str, str] | None = None

    @property
    def own(self) -> tuple[str, str] | None:
        """The claims' own spans, when either statement borrowed context from its sentence."""
        own = (self.a.text, self.b.text)
        return None if own == (self.a.statement, self.b.statement) else own

    def item_note(self) -> str:
        if self.items is None:
            return ""
        shown = [f'"{t}"' for t, c in zip(self.items, (self.a, self.b), strict=True) if t != c.statement]
        return "; on one item of a list: " + " / ".join(shown)


@runtime_checkable
class PairScorer(Protocol):
    """Judges candidate pairs: one :class:`PairJudgement` per pair, in order.

    ``name`` goes into the report's options. ``p_same`` turns a cosine into the chance that
    two claims state the same fact (a unique claim's confidence when it had no candidate).
    A scorer may also set ``min_similarity``, the lowest cosine of a pair it wants to read
    (default :data:`MIN_SIMILARITY`; it never goes above the rules' ``related_threshold``).
    """

    name: str

    def score(self, pairs: Sequence[CandidatePair]) -> list[PairJudgement]: ...

    def p_same(self, similarity: float) -> float: ...


class PairProbabilities(Protocol):
    """A pair model: agrees / conflicts / unrelated probabilities, one row per pair.

    ``(a, b)`` and ``(b, a)`` must get the same row (the shipped pair model reads a pair in
    one fixed order, :class:`~factcheck.relations.nli.CrossEncoderNLI` averages both), so
    that :class:`ModelScorer` is symmetric and may reuse a pair's row whichever way round it
    was asked.
    """

    name: str

    def predict_proba(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray: ...


class RuleScorer:
    """Rules and cosine alone (``Verifier(relation_model=None)``).

    A pair found through an item view is judged on its whole statements first. Failing a
    conflict there, the statements' conflict rules run again at the item's cosine (a list's
    length must not hide "in Brussels" vs "in Tokyo"); failing that, the item may add an
    agreement where the statements found nothing, never a conflict of its own (short items
    make word rules eager).
    """

    def __init__(self, rules: RuleJudge) -> None:
        self.rules = rules
        self.name = "rules"
        self.min_similarity = rules.related_threshold

    def p_same(self, similarity: float) -> float:
        return self.rules.p_same(similarity)

    def score(self, pairs: Sequence[CandidatePair]) -> list[PairJudgement]:
        return [self.judge(p) for p in pairs]

    def judge(self, p: CandidatePair) -> PairJudgement:
        """One pair, by the rules."""
        rules = self.rules
        a, b = p.a.statement, p.b.statement  # their facts are derived once, when a rule needs them
        j = rules.judge(a, b, similarity=p.similarity, margin=p.margin, own=p.own)
        if p.items is None or p.item_similarity is None or j.relation is Relation.CONFLICTS:
            return j
        hi = rules.judge(a, b, similarity=p.item_similarity, margin=p.margin, own=p.own)
        if hi.relation is Relation.CONFLICTS:
            return replace(hi, reason=hi.reason + p.item_note())
        if j.relation is Relation.UNRELATED:
            on_item = rules.judge(*p.items, similarity=p.item_similarity)
            if on_item.relation is Relation.AGREES:
                return replace(on_item, reason=on_item.reason + p.item_note())
        return j


#: The candidate floor of a scorer that names none (a custom :class:`PairScorer`): low, since
#: such a scorer reads the claims themselves (the rules alone use ``related_threshold``).
MIN_SIMILARITY = 0.35


@dataclass(frozen=True, kw_only=True)
class ModelPolicy:
    """How a pair model's probabilities become relations: the thresholds that belong to one
    model, read from its ``model.json`` (``"policy"``), so that a model and the thresholds it
    was tuned with travel together.

    Args:
        conflict_probability: the model's conflict probability needed to call a conflict the
            rules did not see.
        agree_probability: the model's agreement probability needed to call an agreement the
            rules did not see.
        confirmed_probability: a lower agreement probability that is enough when the two claims
            share a figure or date, the facts name no difference and the model puts agreement
            above conflict (``None``: ``agree_probability`` always).
        aligned_probability: where two claims' figures, dates or weekdays differ and nothing
            else called a conflict, the model reads the one told with the other's figures
            (:func:`~factcheck.relations.rules.align_figures`); an agreement at this probability,
            above the original pair's, makes the pair a conflict on those figures ("closed at
            $142.50" / "ended the session at $138.20"; ``None``: off).
        aligned_support: the conflict probability the model must give the original pair for
            ``aligned_probability`` to apply (it must lend the conflict some support).
        min_similarity: the lowest cosine a candidate pair may have (the model decides, so the
            floor is low; never above the rules' ``related_threshold``).

    Example:
        >>> ModelPolicy.from_dict({"agree_probability": 0.9}).agree_probability
        0.9
    """

    conflict_probability: float = 0.7
    agree_probability: float = 0.8
    confirmed_probability: float | None = 0.2
    aligned_probability: float | None = 0.5
    aligned_support: float = 0.3
    min_similarity: float = MIN_SIMILARITY

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModelPolicy:
        """A policy from a ``model.json``'s ``"policy"`` object (missing keys keep their
        defaults; an unknown key is a ValueError, so a typo does not pass silently)."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown policy keys {unknown}; known: {sorted(known)}")
        return cls(**data)


class ModelScorer:
    """The rules judge first; a pair model decides the pairs they leave unrelated, and the
    rules explain its conflicts.

    End to end on news sets the model alone missed paraphrased conflicts the rules see
    (``docs/model-card.md``), so rule decisions stand; the model reads every pair the rules
    leave open, with the thresholds of ``policy``.

    Args:
        model: anything with ``predict_proba(a, b)`` in agrees / conflicts / unrelated order
            (the shipped :class:`~factcheck.relations.pair_model.PairModel`, or a
            :class:`~factcheck.relations.nli.CrossEncoderNLI`).
        rules: the rules that judge first and explain.
        policy: the model's thresholds (:class:`ModelPolicy`; a pair model's own come from its
            ``model.json``).

    A conflict's reason names what differs when the facts show it (``number mismatch: 340
    vs 430 (model p=0.97)``), else ``contradiction (model p=0.93)``. A pair found through an
    item view is scored on its statements; where they are unrelated, the model reads the item
    texts too and may add an agreement (never a conflict, as for the rules).
    """

    def __init__(self, model: PairProbabilities, rules: RuleJudge, *, policy: ModelPolicy | None = None) -> None:
        self.model = model
        self.rules = rules
        self.policy = policy or ModelPolicy()
        self.min_similarity = self.policy.min_similarity
        self._rule_scorer = RuleScorer(rules)
        self.name = f"model:{model.name}"

    def p_same(self, similarity: float) -> float:
        return self.rules.p_same(similarity)

    def score(self, pairs: Sequence[CandidatePair]) -> list[PairJudgement]:
        if not pairs:
            return []
        out = [self._rule_scorer.judge(p) for p in pairs]
        known: dict[int, np.ndarray] = {}  # the model's probabilities for the pairs it read
        ask = [k for k, j in enumerate(out) if j.relation is Relation.UNRELATED]
        if ask:
            probs = self._probs([pairs[k] for k in ask])
            decided = self._judge([pairs[k] for k in ask], probs)
            for i, k in enumerate(ask):
                out[k] = decided[i]  # unrelated too: its probability is the model's, calibrated
                known[k] = probs[i]
        if self.policy.aligned_probability is not None:
            self._aligned_look(pairs, out, known, self.policy.aligned_probability)
        return out

    def _aligned_look(
        self, pairs: Sequence[CandidatePair], out: list[PairJudgement], known: dict[int, np.ndarray], threshold: float
    ) -> None:
        """Pairs whose figures differ, told with the same figures: a conflict where the model
        then reads one statement (``aligned_probability``) and gave the original pair some
        conflict (``aligned_support``). The smaller text is the one aligned to the other, so
        the judgement is symmetric. ``known``: the model's probabilities for pairs it already
        read (by index), so that only the aligned texts and the rest are read now."""
        todo: list[tuple[int, str, str, tuple[str, str, str]]] = []
        for k, (p, j) in enumerate(zip(pairs, out, strict=True)):
            if j.relation is not Relation.CONFLICTS:
                u, v = sorted((p.a.statement, p.b.statement))
                aligned = align_figures(u, v)
                if aligned is not None:
                    todo.append((k, u, v, aligned))
        if not todo:
            return
        unread = [t for t in todo if t[0] not in known]
        texts_a = [al[0] for *_, al in todo] + [u for _, u, _, _ in unread]
        texts_b = [v for _, _, v, _ in todo] + [v for _, _, v, _ in unread]
        probs = self.model.predict_proba(texts_a, texts_b)
        before = {**known, **{t[0]: probs[len(todo) + i] for i, t in enumerate(unread)}}
        for i, (k, _u, _v, (_text, kind, reason)) in enumerate(todo):
            agree, support, after = float(before[k][0]), float(before[k][1]), float(probs[i][0])
            if after >= threshold and after > agree and support >= self.policy.aligned_support:
                out[k] = PairJudgement(
                    Relation.CONFLICTS, after, f"{reason} (model p={after:.2f} with the figures aligned)", kind, pairs[k].similarity
                )

    def _probs(self, pairs: Sequence[CandidatePair]) -> np.ndarray:
        """The model's probabilities for the pairs' statements, one row per pair."""
        return self.model.predict_proba([p.a.statement for p in pairs], [p.b.statement for p in pairs])

    def _judge(self, pairs: Sequence[CandidatePair], probs: np.ndarray) -> list[PairJudgement]:
        """The model's judgements from its probabilities ``probs`` (one row per pair)."""
        if not pairs:
            return []
        out = [self._decide(p, probs[k]) for k, p in enumerate(pairs)]
        # items: a second look where the statements found nothing
        todo = [k for k, p in enumerate(pairs) if p.items is not None and out[k].relation is Relation.UNRELATED]
        if todo:
            item_probs = self.model.predict_proba(
                [pairs[k].items[0] for k in todo],  # type: ignore[index]
                [pairs[k].items[1] for k in todo],  # type: ignore[index]
            )
            for k, pr in zip(todo, item_probs, strict=True):
                p_agree = float(pr[0])
                p = pairs[k]
                if p_agree >= self.policy.agree_probability and p_agree == float(pr.max()):
                    sim = p.item_similarity if p.item_similarity is not None else p.similarity
                    reason = f"same fact (model p={p_agree:.2f}, similarity {sim:.2f})" + p.item_note()
                    out[k] = PairJudgement(Relation.AGREES, p_agree, reason, "paraphrase", sim)
        return out

    def _decide(self, p: CandidatePair, pr: np.ndarray) -> PairJudgement:
        a, b = p.a.statement, p.b.statement
        p_agree, p_conf, p_unrel = float(pr[0]), float(pr[1]), float(pr[2])
        sim, policy = p.similarity, self.policy
        if p_conf >= policy.conflict_probability and p_conf >= max(p_agree, p_unrel):
            return self._conflict(p, p_conf)
        agree = p_agree >= policy.agree_probability and p_agree >= max(p_conf, p_unrel)
        confirmable = (
            policy.confirmed_probability is not None and p_agree >= policy.confirmed_probability and p_agree > p_conf
        )
        if agree or confirmable:
            cmp = compare_figures(a, b)
            if agree or (cmp is not None and cmp.agreements and explain_conflict(a, b) is None):
                reason = f"same fact (model p={p_agree:.2f}, similarity {sim:.2f})"
                if cmp and cmp.agreements:
                    reason += "; figures match: " + ", ".join(f"{x.text} ~ {y.text}" for x, y in cmp.agreements[:2])
                return PairJudgement(Relation.AGREES, p_agree, reason, "paraphrase", sim)
        return PairJudgement(Relation.UNRELATED, p_unrel, "no relation (model)", None, sim)

    @staticmethod
    def _conflict(p: CandidatePair, p_conf: float) -> PairJudgement:
        """The model's conflict, explained by what differs where the facts show it."""
        why = explain_conflict(p.a.statement, p.b.statement)
        if why is None:
            return PairJudgement(Relation.CONFLICTS, p_conf, f"contradiction (model p={p_conf:.2f})", "model", p.similarity)
        return PairJudgement(Relation.CONFLICTS, p_conf, f"{why[1]} (model p={p_conf:.2f})", why[0], p.similarity)
