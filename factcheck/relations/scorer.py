"""Pair scorers: the one protocol the relation stage calls, and the two scorers shipped.

The verifier finds candidate pairs (:mod:`factcheck.match`), hands them to a
:class:`PairScorer` as :class:`CandidatePair` values, and labels claims from the
:class:`PairJudgement` it gets back (:mod:`factcheck.label`). Everything about *how* a pair is
judged lives behind that call:

- :class:`RuleScorer`: the hand rules and the cosine (``Verifier(relation_model=None)``);
- :class:`ModelScorer`: a pair model that reads both claims (the shipped cross-encoder,
  :mod:`factcheck.relations.pair_model`). The verifier's default puts it behind the rules
  (``rules_first``): it decides only the pairs they leave unrelated, and the rules explain
  its conflicts (``docs/model-card.md`` has the measurements behind that choice).

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

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from ..types import Claim, Relation
from .quantities import Comparison, compare
from .rules import CONFLICT_KINDS, PairJudgement, RuleJudge, align_figures, explain_conflict

if TYPE_CHECKING:
    from ..options import Options

__all__ = [
    "RULE_KINDS_OVER_MODEL",
    "CandidatePair",
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


#: Conflict kinds where a rule's conflict stands even when the pair model disagrees. Measured
#: on the dev pairs (``training/rule_vs_model.py``, ``docs/pair-model-experiments.md``).
RULE_KINDS_OVER_MODEL: frozenset[str] = frozenset()


class ModelScorer:
    """A pair model decides (alone, or after the rules); the rules explain its conflicts.

    Args:
        model: anything with ``predict_proba(a, b)`` in agrees / conflicts / unrelated order
            (the shipped :class:`~factcheck.relations.pair_model.PairModel`, or a
            :class:`~factcheck.relations.nli.CrossEncoderNLI`).
        rules: the rules that explain and guard.
        conflict_probability: the model's conflict probability needed to call a conflict.
        agree_probability: the model's agreement probability needed to call an agreement.
        rule_kinds: conflict kinds whose rule conflict stands whatever the model says.
        rules_first: the rules judge first and the model only decides pairs they leave
            unrelated (what ``Verifier`` uses by default: end to end on news sets the model
            alone missed paraphrased conflicts the rules see, ``docs/model-card.md``).
        agree_vetoes: difference kinds (``"number"``, ``"date"``, ``"actor"``, ...) that stop
            a model agreement: where :func:`~factcheck.relations.rules.explain_conflict`
            names one of them, the two claims report different facts and the pair stays
            unrelated (two earthquakes of one week are not one fact).
        override_probability: with ``rules_first``, the model's conflict probability that
            turns a rule's agreement into a conflict (``None``: rule agreements stand).
        dismiss_probability: with ``rules_first``, the model's "unrelated" probability that
            turns a rule's agreement into no relation (two reports of one topic that the
            cosine took for one fact; ``None``: rule agreements stand).
        explained_probability: a lower conflict probability that is enough when the facts
            name what differs (:func:`~factcheck.relations.rules.explain_conflict` finds a
            difference of one of ``explained_kinds``) and the model puts conflict above
            agreement (``None``: off).
        explained_kinds: the difference kinds that ``explained_probability`` accepts.
        confirmed_probability: a lower agreement probability that is enough when the two
            claims share a figure or date and the facts name no difference (``None``: off).
        aligned_probability: where the two claims' figures, dates or weekdays differ and no
            conflict was found, the model reads the first claim told with the second's
            figures (:func:`~factcheck.relations.rules.align_figures`); an agreement at this
            probability, above the original pair's, makes the pair a conflict on those figures
            ("closed at $142.50" / "ended the session at $138.20"; ``None``: off).
        aligned_support: the conflict probability the model must give the original pair for
            ``aligned_probability`` to apply (it must lend the conflict some support).

    A conflict's reason names what differs when the facts show it (``number mismatch: 340
    vs 430 (model p=0.97)``), else ``contradiction (model p=0.93)``. A pair found through an
    item view is scored on its statements; where they are unrelated, the model reads the item
    texts too and may add an agreement (never a conflict, as for the rules).
    """

    def __init__(
        self,
        model: PairProbabilities,
        rules: RuleJudge,
        *,
        conflict_probability: float = 0.5,
        agree_probability: float = 0.5,
        rule_kinds: frozenset[str] = RULE_KINDS_OVER_MODEL,
        rules_first: bool = False,
        agree_vetoes: frozenset[str] = frozenset(),
        override_probability: float | None = None,
        dismiss_probability: float | None = None,
        explained_probability: float | None = None,
        explained_kinds: frozenset[str] = CONFLICT_KINDS,
        confirmed_probability: float | None = None,
        aligned_probability: float | None = None,
        aligned_support: float = 0.3,
    ) -> None:
        self.model = model
        self.rules_first = rules_first
        self._rule_scorer = RuleScorer(rules)
        self.rules = rules
        self.conflict_probability = conflict_probability
        self.agree_probability = agree_probability
        self.rule_kinds = rule_kinds
        self.agree_vetoes = agree_vetoes
        self.override_probability = override_probability
        self.dismiss_probability = dismiss_probability
        self.explained_probability = explained_probability
        self.explained_kinds = explained_kinds
        self.confirmed_probability = confirmed_probability
        self.aligned_probability = aligned_probability
        self.aligned_support = aligned_support
        self.name = f"model:{model.name}"

    @classmethod
    def for_options(cls, model: PairProbabilities, rules: RuleJudge, options: Options) -> ModelScorer:
        """The scorer a :class:`~factcheck.verifier.Verifier` with ``options`` uses for
        ``model``: the rules first, then the model, with the options' probabilities."""
        return cls(
            model,
            rules,
            conflict_probability=options.conflict_probability,
            agree_probability=options.agree_probability,
            confirmed_probability=options.confirmed_agree_probability,
            aligned_probability=options.aligned_conflict_probability,
            rules_first=True,
        )

    def p_same(self, similarity: float) -> float:
        return self.rules.p_same(similarity)

    def score(self, pairs: Sequence[CandidatePair]) -> list[PairJudgement]:
        if not pairs:
            return []
        known: dict[int, np.ndarray] = {}  # the model's probabilities for the pairs it read
        if self.rules_first:
            first = [self._rule_scorer.judge(p) for p in pairs]
            ask = [k for k, j in enumerate(first) if j.relation is Relation.UNRELATED]
            if ask:
                probs = self._probs([pairs[k] for k in ask])
                decided = self._judge([pairs[k] for k in ask], probs)
                for i, k in enumerate(ask):
                    first[k] = decided[i]  # unrelated too: its probability is the model's, calibrated
                    known[k] = probs[i]
            if self.override_probability is not None or self.dismiss_probability is not None:
                self._second_look(pairs, first)
        else:
            probs = self._probs(pairs)
            first = self._judge(pairs, probs)
            known = dict(enumerate(probs))
        if self.aligned_probability is not None:
            self._aligned_look(pairs, first, known)
        return first

    def _aligned_look(
        self, pairs: Sequence[CandidatePair], out: list[PairJudgement], known: dict[int, np.ndarray]
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
            if after >= self.aligned_probability and after > agree and support >= self.aligned_support:  # type: ignore[operator]
                out[k] = PairJudgement(
                    Relation.CONFLICTS, after, f"{reason} (model p={after:.2f} with the figures aligned)", kind, pairs[k].similarity
                )

    def _second_look(self, pairs: Sequence[CandidatePair], first: list[PairJudgement]) -> None:
        """The model reads the rules' agreements: a clear conflict overrides one
        (``override_probability``), a clear "unrelated" dismisses one found on the statements
        themselves (``dismiss_probability``; an item view's agreement stands)."""
        agreed = [k for k, j in enumerate(first) if j.relation is Relation.AGREES]
        if not agreed:
            return
        probs = self.model.predict_proba([pairs[k].a.statement for k in agreed], [pairs[k].b.statement for k in agreed])
        for k, pr in zip(agreed, probs, strict=True):
            p_conf, p_unrel = float(pr[1]), float(pr[2])
            if self.override_probability is not None and p_conf >= self.override_probability:
                first[k] = self._conflict(pairs[k], p_conf)
            elif self.dismiss_probability is not None and p_unrel >= self.dismiss_probability and pairs[k].items is None:
                sim = pairs[k].similarity
                first[k] = PairJudgement(
                    Relation.UNRELATED, p_unrel, f"no relation (model p={p_unrel:.2f}, similarity {sim:.2f})", None, sim
                )

    def score_model(self, pairs: Sequence[CandidatePair]) -> list[PairJudgement]:
        """The model's judgements alone (explained by the rules)."""
        return self._judge(pairs, self._probs(pairs))

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
                if p_agree >= self.agree_probability and p_agree == float(pr.max()) and not self._vetoed(*p.items):  # type: ignore[misc]
                    sim = p.item_similarity if p.item_similarity is not None else p.similarity
                    reason = f"same fact (model p={p_agree:.2f}, similarity {sim:.2f})" + p.item_note()
                    out[k] = PairJudgement(Relation.AGREES, p_agree, reason, "paraphrase", sim)
        return out

    def _decide(self, p: CandidatePair, pr: np.ndarray) -> PairJudgement:
        a, b = p.a.statement, p.b.statement
        p_agree, p_conf, p_unrel = float(pr[0]), float(pr[1]), float(pr[2])
        sim = p.similarity
        if self.rule_kinds:
            rule = self.rules.judge(a, b, similarity=sim, margin=p.margin, own=p.own)
            if rule.relation is Relation.CONFLICTS and rule.kind in self.rule_kinds:
                return replace(rule, probability=max(rule.probability, p_conf))
        if p_conf >= self.conflict_probability and p_conf >= max(p_agree, p_unrel):
            return self._conflict(p, p_conf)
        if self.explained_probability is not None and p_conf >= self.explained_probability and p_conf > p_agree:
            why = explain_conflict(a, b)
            if why is not None and why[0] in self.explained_kinds:
                return self._conflict_because(p, p_conf, why)
        agree = p_agree >= self.agree_probability and p_agree >= max(p_conf, p_unrel) and not self._vetoed(a, b)
        confirmable = (
            self.confirmed_probability is not None and p_agree >= self.confirmed_probability and p_agree > p_conf
        )
        if agree or confirmable:
            qa, qb = p.a.facts.quantities, p.b.facts.quantities
            cmp = compare(qa, qb) if qa and qb else None
            if agree or self._confirmed(p, cmp):
                reason = f"same fact (model p={p_agree:.2f}, similarity {sim:.2f})"
                if cmp and cmp.agreements:
                    reason += "; figures match: " + ", ".join(f"{x.text} ~ {y.text}" for x, y in cmp.agreements[:2])
                return PairJudgement(Relation.AGREES, p_agree, reason, "paraphrase", sim)
        return PairJudgement(Relation.UNRELATED, p_unrel, "no relation (model)", None, sim)

    def _confirmed(self, p: CandidatePair, cmp: Comparison | None) -> bool:
        """Whether the facts back an agreement: a shared figure or date, and no difference."""
        return bool(cmp and cmp.agreements) and explain_conflict(p.a.statement, p.b.statement) is None

    def _conflict(self, p: CandidatePair, p_conf: float) -> PairJudgement:
        """The model's conflict, explained by what differs where the facts show it."""
        return self._conflict_because(p, p_conf, explain_conflict(p.a.statement, p.b.statement))

    @staticmethod
    def _conflict_because(p: CandidatePair, p_conf: float, why: tuple[str, str] | None) -> PairJudgement:
        """The model's conflict with :func:`explain_conflict`'s answer ``why`` as its reason."""
        if why is None:
            return PairJudgement(Relation.CONFLICTS, p_conf, f"contradiction (model p={p_conf:.2f})", "model", p.similarity)
        return PairJudgement(Relation.CONFLICTS, p_conf, f"{why[1]} (model p={p_conf:.2f})", why[0], p.similarity)

    def _vetoed(self, a: str, b: str) -> bool:
        """Whether the facts of ``a`` and ``b`` differ in a kind that stops an agreement."""
        if not self.agree_vetoes:
            return False
        why = explain_conflict(a, b)
        return why is not None and why[0] in self.agree_vetoes
