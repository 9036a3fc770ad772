"""label_claims: pair judgements into one label, confidence and evidence list per claim."""

from __future__ import annotations

import pytest

from factcheck.label import label_claims
from factcheck.relations import PairJudgement
from factcheck.types import Claim, Label, Relation

AGREES, CONFLICTS, UNRELATED = Relation.AGREES, Relation.CONFLICTS, Relation.UNRELATED


def claims(n: int) -> list[Claim]:
    """``n`` claims, each from its own source ``s0``, ``s1``, ..."""
    return [
        Claim(id=f"s{k}:1", source=f"s{k}", text=f"claim {k}", start=0, end=7, statement=f"claim {k}", sentence=0)
        for k in range(n)
    ]


def jd(relation: Relation, p: float, similarity: float = 0.8, reason: str = "why") -> PairJudgement:
    return PairJudgement(relation, p, reason, None if relation is UNRELATED else "test", similarity=similarity)


def never(similarity: float) -> float:
    raise AssertionError("p_same is only for unique claims without candidates")


def test_a_conflict_beats_an_agreement():
    cs = claims(3)
    judged = [(0, 1, jd(AGREES, 0.95)), (0, 2, jd(CONFLICTS, 0.6, reason="Monday vs Tuesday"))]
    out = label_claims(cs, judged, best_similarity=[0.9] * 3, p_same=never)
    assert [c.label for c in out] == [Label.CONFLICTING, Label.AGREEING, Label.CONFLICTING]
    assert out[0].confidence == 0.6  # the conflict's probability, not the stronger agreement's
    assert [(e.relation, e.claim) for e in out[0].evidence] == [(CONFLICTS, "s2:1"), (AGREES, "s1:1")]
    assert out[1].confidence == 0.95


def test_labels_and_evidence_are_symmetric_for_both_claims_of_a_pair():
    cs = claims(4)
    judged = [(0, 1, jd(CONFLICTS, 0.7, 0.85, "340 vs 430")), (2, 3, jd(AGREES, 0.9, 0.93, "same fact"))]
    out = label_claims(cs, judged, best_similarity=[0.9] * 4, p_same=never)
    for i, j in ((0, 1), (2, 3)):
        assert out[i].label == out[j].label and out[i].confidence == out[j].confidence
        (ei,), (ej,) = out[i].evidence, out[j].evidence
        assert (ei.claim, ei.source, ei.text) == (cs[j].id, cs[j].source, cs[j].text)
        assert (ej.claim, ej.source, ej.text) == (cs[i].id, cs[i].source, cs[i].text)
        assert (ei.relation, ei.probability, ei.similarity, ei.reason) == (
            ej.relation,
            ej.probability,
            ej.similarity,
            ej.reason,
        )
    assert [c.label for c in out] == [Label.CONFLICTING] * 2 + [Label.AGREEING] * 2
    # the order of a pair's two indices does not matter
    swapped = [(j, i, x) for i, j, x in judged]
    assert label_claims(cs, swapped, best_similarity=[0.9] * 4, p_same=never) == out


def test_evidence_is_conflicts_first_then_by_probability_and_capped():
    cs = claims(7)
    judged = [
        (0, 1, jd(AGREES, 0.7)),
        (0, 2, jd(AGREES, 0.9, similarity=0.75)),
        (0, 3, jd(CONFLICTS, 0.55)),
        (0, 4, jd(AGREES, 0.9, similarity=0.95)),  # ties on probability: higher similarity first
        (0, 5, jd(CONFLICTS, 0.8)),
        (6, 0, jd(UNRELATED, 0.99)),  # unrelated pairs are no evidence
    ]
    full = label_claims(cs, judged, best_similarity=[0.9] * 7, p_same=never)[0]
    assert [e.claim for e in full.evidence] == ["s5:1", "s3:1", "s4:1", "s2:1", "s1:1"]
    assert full.label is Label.CONFLICTING and full.confidence == 0.8  # the strongest conflict

    capped = label_claims(cs, judged, best_similarity=[0.9] * 7, p_same=never, max_evidence=3)[0]
    assert [e.claim for e in capped.evidence] == ["s5:1", "s3:1", "s4:1"]
    assert capped.confidence == 0.8


def test_a_unique_claim_with_unrelated_candidates_gets_the_smallest_unrelated_probability():
    cs = claims(3)
    judged = [(0, 1, jd(UNRELATED, 0.8)), (2, 0, jd(UNRELATED, 0.65))]
    out = label_claims(cs, judged, best_similarity=[0.7, 0.7, 0.7], p_same=never)
    assert [c.label for c in out] == [Label.UNIQUE] * 3
    assert [c.confidence for c in out] == [0.65, 0.8, 0.65]
    assert all(c.evidence == () for c in out)


def test_a_unique_claim_without_candidates_gets_one_minus_p_same_of_its_best_similarity():
    cs = claims(3)
    seen: list[float] = []

    def p_same(similarity: float) -> float:
        seen.append(similarity)
        return similarity / 2

    out = label_claims(cs, [(1, 2, jd(UNRELATED, 0.3))], best_similarity=[0.4, 0.9, 0.9], p_same=p_same)
    assert out[0].label is Label.UNIQUE and out[0].confidence == pytest.approx(0.8)  # 1 - 0.4 / 2
    assert seen == [0.4]  # the claims with an unrelated candidate do not ask p_same
    assert [c.confidence for c in out[1:]] == [0.3, 0.3]


def test_confidence_is_clipped_to_0_1_and_rounded():
    cs = claims(2)
    out = label_claims(cs, [], best_similarity=[0.5, 0.5], p_same=lambda s: 1.3)
    assert [c.confidence for c in out] == [0.0, 0.0]
    out = label_claims(cs, [(0, 1, jd(AGREES, 0.123456))], best_similarity=[0.5, 0.5], p_same=never)
    assert [c.confidence for c in out] == [0.1235, 0.1235]
    assert out[0].evidence[0].probability == 0.123456  # evidence keeps the exact probability


def test_labelled_claims_keep_the_claims_fields_in_order():
    cs = [
        Claim(id="a:1", source="a", text="Rain fell.", start=3, end=13, statement="Rain fell", sentence=2, attribution="police", items=("x",)),
        Claim(id="b:1", source="b", text="Snow fell.", start=0, end=10, statement="Snow fell", sentence=0),
    ]
    out = label_claims(cs, [], best_similarity=[0.1, 0.2], p_same=lambda s: 0.0)
    for c, lc in zip(cs, out, strict=True):
        assert (lc.id, lc.source, lc.text, lc.start, lc.end, lc.statement, lc.sentence, lc.attribution, lc.items) == (
            c.id,
            c.source,
            c.text,
            c.start,
            c.end,
            c.statement,
            c.sentence,
            c.attribution,
            c.items,
        )
    assert [c.confidence for c in out] == [1.0, 1.0]


def test_a_unique_claim_names_its_nearest_claim_and_why_it_was_not_taken():
    cs = claims(3)
    out = label_claims(
        cs,
        [(0, 1, jd(UNRELATED, 0.8))],
        best_similarity=[0.6, 0.6, 0.2],
        best_match=[1, 0, 0],
        p_same=lambda s: s / 2,
    )
    assert [c.label.value for c in out] == ["unique"] * 3
    n0, n2 = out[0].nearest, out[2].nearest
    assert n0 is not None and n0.claim == cs[1].id and n0.similarity == 0.6
    assert n0.reason == jd(UNRELATED, 0.8).reason  # the judge's reason for the pair
    assert n2 is not None and n2.claim == cs[0].id and "too far apart" in n2.reason
    assert n2.probability == pytest.approx(0.9)  # not the same fact: 1 - p_same(0.2)


def test_agreeing_claims_have_no_nearest():
    cs = claims(2)
    out = label_claims(cs, [(0, 1, jd(AGREES, 0.9))], best_similarity=[0.9, 0.9], best_match=[1, 0], p_same=never)
    assert [c.nearest for c in out] == [None, None]
