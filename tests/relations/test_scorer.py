"""The relation stage's one protocol: custom scorers, the model scorer's policy, its errors."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from factcheck import Verifier
from factcheck.errors import ConfigError, ModelError
from factcheck.relations import (
    CandidatePair,
    ModelPolicy,
    ModelScorer,
    PairJudgement,
    PairScorer,
    RuleJudge,
    RuleScorer,
)
from factcheck.types import Claim, Relation

RULES = RuleJudge(match_threshold=0.72, related_threshold=0.62)


def claim(source: str, text: str) -> Claim:
    return Claim(id=f"{source}:0", source=source, text=text, start=0, end=len(text), statement=text, sentence=0)


class FixedModel:
    """A fake pair model: the same probabilities for every pair, and a record of what it read."""

    name = "fixed"

    def __init__(self, probs: Sequence[float]) -> None:
        self.probs = np.array(probs, np.float32)
        self.seen: list[tuple[str, str]] = []

    def predict_proba(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        self.seen += list(zip(a, b, strict=True))
        return np.tile(self.probs, (len(a), 1))


#: A plain policy for these tests: even thresholds, the shared-figure and figure tests off.
PLAIN = {"conflict_probability": 0.5, "agree_probability": 0.5, "confirmed_probability": None, "aligned_probability": None}


def scorer(model: FixedModel, **policy: object) -> ModelScorer:
    return ModelScorer(model, RULES, policy=ModelPolicy(**{**PLAIN, **policy}))  # type: ignore[arg-type]


def judge(probs: Sequence[float], a: str, b: str, similarity: float = 0.5, **policy: object) -> PairJudgement:
    return scorer(FixedModel(probs), **policy).score([CandidatePair(claim("a", a), claim("b", b), similarity=similarity)])[0]


def test_model_conflict_reason_names_what_differs():
    j = judge([0.05, 0.9, 0.05], "The mine is 340 metres deep.", "The mine is 430 metres deep.")
    assert j.relation is Relation.CONFLICTS and j.kind == "number"
    assert j.reason == "number mismatch: 340 vs 430 (model p=0.90)"


def test_model_conflict_without_a_visible_difference():
    j = judge([0.05, 0.9, 0.05], "The ferry sank near the coast.", "Everyone reached the shore safely.")
    assert (j.relation, j.kind, j.reason) == (Relation.CONFLICTS, "model", "contradiction (model p=0.90)")


def test_below_the_conflict_probability_is_not_a_conflict():
    j = judge([0.05, 0.6, 0.35], "A", "B", conflict_probability=0.7)
    assert j.relation is Relation.UNRELATED and j.probability == pytest.approx(0.35)


def test_agreement_and_unrelated_follow_the_model():
    assert judge([0.8, 0.1, 0.1], "Trade rose.", "Trade went up.").relation is Relation.AGREES
    j = judge([0.1, 0.1, 0.8], "Trade rose.", "Trade fell.")
    assert j.relation is Relation.UNRELATED  # the model decides: the antonym rule does not override it


class SameTextAgrees(FixedModel):
    """Agrees when the two texts are equal, else conflicts with ``p_conflict``."""

    def __init__(self, p_conflict: float) -> None:
        super().__init__([0, 0, 0])
        self.p_conflict = p_conflict

    def predict_proba(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        self.seen += list(zip(a, b, strict=True))
        other = [0.05, self.p_conflict, 0.95 - self.p_conflict]
        return np.array([[0.9, 0.05, 0.05] if x == y else other for x, y in zip(a, b, strict=True)], np.float32)


def test_items_only_add_agreements():
    a, b = claim("a", "They discussed trade, energy and defense."), claim("b", "They discussed trade.")
    # cosines below the rules' related_threshold: the rules leave the pair to the model
    pair = CandidatePair(a, b, similarity=0.5, item_similarity=0.6, items=("They discussed trade.", b.statement))
    model = SameTextAgrees(p_conflict=0.1)
    j = scorer(model).score([pair])[0]
    assert model.seen[-1] == ("They discussed trade.", "They discussed trade.")  # the items were read
    assert j.relation is Relation.AGREES and 'on one item of a list: "They discussed trade."' in j.reason
    model = SameTextAgrees(p_conflict=0.9)  # the statements conflict: the items are not read
    j = scorer(model).score([pair])[0]
    assert j.relation is Relation.CONFLICTS and len(model.seen) == 1


class EveryPairConflicts:
    """The ten-line custom scorer of docs/api.md, in test form."""

    name = "everything-conflicts"
    min_similarity = 0.0  # read every pair, however far apart

    def score(self, pairs: Sequence[CandidatePair]) -> list[PairJudgement]:
        return [PairJudgement(Relation.CONFLICTS, 0.9, "custom", "custom", p.similarity) for p in pairs]

    def p_same(self, similarity: float) -> float:
        return similarity


def test_a_custom_scorer_plugs_into_the_verifier():
    custom = EveryPairConflicts()
    assert isinstance(custom, PairScorer)
    v = Verifier(embedder="hashing", relation_model=custom, top_k=1)
    r = v.verify(["The council met on Monday.", "The council met on Monday, officials said."])
    assert {c.label.value for c in r.claims} == {"conflicting"}
    assert r.claims[0].evidence[0].reason == "custom"
    assert r.options["relation_model"] == "everything-conflicts"


def test_rules_only_is_one_option_away():
    v = Verifier(embedder="hashing", relation_model=None)
    assert isinstance(v.scorer_, RuleScorer)
    assert v.verify(["Trade rose 3% in May.", "Trade fell 3% in May."]).options["relation_model"] == "rules"


def test_a_bad_pair_model_path_is_a_coded_error(tmp_path):
    with pytest.raises(ModelError, match=r"\[E304\].*pair model"):
        Verifier(embedder="hashing", relation_model=str(tmp_path)).scorer_  # noqa: B018


def test_a_bad_relation_model_value_is_a_config_error():
    with pytest.raises(ConfigError, match=r"\[E001\] The 'relation_model' parameter"):
        Verifier(embedder="hashing", relation_model=3).scorer_  # type: ignore[arg-type]  # noqa: B018


def test_unknown_options_of_verify_are_the_catalogued_error():
    import factcheck

    with pytest.raises(ConfigError, match=r"\[E002\] Unknown option 'match_treshold'.*'match_threshold'"):
        factcheck.verify(["A b c.", "D e f."], match_treshold=0.5)


def test_the_rules_decide_first_and_the_model_reads_only_the_rest():
    model = FixedModel([0.05, 0.93, 0.02])
    rules_first = scorer(model, conflict_probability=0.9)
    same = CandidatePair(claim("a", "Trade rose 3% in May."), claim("b", "Trade rose 3% in May."), similarity=0.99)
    far = CandidatePair(claim("a", "The mine is 340 metres deep."), claim("b", "It lies 430 metres underground."),
                        similarity=0.5)  # fmt: skip
    j_same, j_far = rules_first.score([same, far])
    assert j_same.relation is Relation.AGREES and "model" not in j_same.reason  # the rules decided
    assert model.seen == [(far.a.statement, far.b.statement)]  # only the pair the rules left open
    assert j_far.relation is Relation.CONFLICTS and j_far.reason.endswith("(model p=0.93)")


def test_a_shared_figure_lets_a_less_sure_model_agreement_stand():
    unsure = [0.6, 0.1, 0.3]
    a, b = "The ferry carried 120 people.", "There were 120 people aboard when it left port."
    assert judge(unsure, a, b, agree_probability=0.8).relation is Relation.UNRELATED
    j = judge(unsure, a, b, agree_probability=0.8, confirmed_probability=0.5)
    assert j.relation is Relation.AGREES and "figures match: 120 ~ 120" in j.reason
    # no shared figure, or a figure that differs: the lower probability is not enough
    assert judge(unsure, "Northwind flies to Oslo.", "Northwind serves Oslo.", agree_probability=0.8,
                 confirmed_probability=0.5).relation is Relation.UNRELATED  # fmt: skip
    differs = judge(unsure, "The ferry carried 120 people on Monday.", "There were 120 people aboard on Friday.",
                    agree_probability=0.8, confirmed_probability=0.5)  # fmt: skip
    assert differs.relation is Relation.UNRELATED
    assert judge([0.45, 0.1, 0.45], a, b, agree_probability=0.8, confirmed_probability=0.5).relation is Relation.UNRELATED


def test_aligned_probability_finds_a_conflict_the_figures_alone_explain():
    # the model calls the pair unrelated, but reads the two as one statement once the figures agree
    a, b = "The men are about 340 metres below the surface.", "The miners are trapped 430 metres underground."
    model = SameTextAgrees(p_conflict=0.2)
    pair = CandidatePair(claim("a", a), claim("b", b), similarity=0.4)
    assert scorer(model).score([pair])[0].relation is Relation.UNRELATED  # off by default

    class AlignedAgrees(SameTextAgrees):
        """Reads the aligned pair as one statement; the original pair as ``p_conflict`` conflict."""

        def predict_proba(self, x: Sequence[str], y: Sequence[str]) -> np.ndarray:
            self.seen += list(zip(x, y, strict=True))
            other = [0.1, self.p_conflict, 0.9 - self.p_conflict]
            return np.array([[0.85, 0.05, 0.1] if "430" in u and "430" in v else other
                             for u, v in zip(x, y, strict=True)], np.float32)  # fmt: skip

    model = AlignedAgrees(p_conflict=0.4)
    j = scorer(model, aligned_probability=0.7).score([pair])[0]
    assert j.relation is Relation.CONFLICTS and j.kind == "number"
    assert j.reason == "number mismatch: about 340 vs 430 (model p=0.85 with the figures aligned)"
    assert ("The men are 430 metres below the surface.", b) in model.seen
    # each text pair is read once: the original pair's probabilities are reused, not asked again
    assert len(model.seen) == len(set(model.seen)) == 2
    # symmetric: the pair the other way round reads the same texts and gives the same judgement
    back = scorer(AlignedAgrees(p_conflict=0.4), aligned_probability=0.7).score(
        [CandidatePair(claim("b", b), claim("a", a), similarity=0.4)]
    )[0]
    assert (back.relation, back.reason) == (j.relation, j.reason)
    # below the probability, without the model's support on the original pair, or no figure
    # that differs: no conflict
    def aligned(model: FixedModel, p: CandidatePair, probability: float = 0.7) -> Relation:
        return scorer(model, aligned_probability=probability).score([p])[0].relation

    assert aligned(AlignedAgrees(p_conflict=0.4), pair, probability=0.9) is Relation.UNRELATED
    assert aligned(AlignedAgrees(p_conflict=0.2), pair) is Relation.UNRELATED
    same = CandidatePair(claim("a", "The men are 430 metres down."), claim("b", b), similarity=0.4)
    assert aligned(AlignedAgrees(p_conflict=0.4), same) is not Relation.CONFLICTS


def test_aligned_figures_must_bring_the_two_closer():
    # a pair the model already reads as one statement is not made a conflict by a misread figure
    a, b = "The summit is on September 4.", "The summit is on September 5."
    j = judge([0.6, 0.35, 0.05], a, b, similarity=0.5, agree_probability=0.95, aligned_probability=0.5)
    assert j.relation is not Relation.CONFLICTS


def test_a_model_policy_comes_from_its_model_json_and_refuses_unknown_keys():
    assert ModelPolicy.from_dict({}) == ModelPolicy()
    assert ModelPolicy.from_dict({"conflict_probability": 0.6}).conflict_probability == 0.6
    with pytest.raises(ValueError, match="unknown policy keys"):
        ModelPolicy.from_dict({"conflict_probabilty": 0.6})


def test_the_shipped_model_json_holds_the_thresholds_the_verifier_uses():
    import json

    from factcheck.relations.pair_model import MODEL_DIR

    card = json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    assert ModelPolicy.from_dict(card["policy"]) == ModelPolicy()  # the defaults are the shipped model's


def test_each_pair_is_compared_once(monkeypatch):
    from factcheck.relations import rules

    calls: list[tuple[int, int]] = []
    real = rules.compare
    monkeypatch.setattr(rules, "compare", lambda a, b: calls.append((len(a), len(b))) or real(a, b))
    rules._compare_texts.cache_clear()
    rules._difference_of_texts.cache_clear()
    a, b = "The ferry carried 120 people on Monday.", "Officials said the ferry carried 80 people on Monday."
    model = FixedModel([0.05, 0.9, 0.05])
    scorer(model, aligned_probability=0.5, confirmed_probability=0.2).score(
        [CandidatePair(claim("a", a), claim("b", b), similarity=0.5)]
    )
    assert len(calls) == 1  # rules, the model's reason and the figure test share one comparison


def test_a_custom_scorer_without_a_floor_reads_pairs_down_to_the_default_floor():
    from factcheck.relations import MIN_SIMILARITY

    class NoFloor:
        name = "no-floor"

        def score(self, pairs: Sequence[CandidatePair]) -> list[PairJudgement]:
            return [PairJudgement(Relation.UNRELATED, 0.5, "-", None, p.similarity) for p in pairs]

        def p_same(self, similarity: float) -> float:
            return similarity

    v = Verifier(embedder="hashing", relation_model=NoFloor())
    assert v.models.min_similarity == MIN_SIMILARITY < v.related_threshold
    assert Verifier(embedder="hashing", relation_model=None).models.min_similarity == v.related_threshold
