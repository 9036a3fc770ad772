import pytest

from factcheck.relations import RuleJudge
from factcheck.types import Relation

JUDGE = RuleJudge(match_threshold=0.72, related_threshold=0.62)


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        (
            "Two-way trade reached $118 billion in 2023.",
            "Two-way trade reached $90 billion in 2023.",
            "number",
        ),
        ("The summit opened on Monday in Geneva.", "The summit opened on Tuesday in Geneva.", "weekday"),
        ("The court approved the merger.", "The court did not approve the merger.", "negation"),
        ("Shares of the bank rose 3% on Friday.", "Shares of the bank fell 3% on Friday.", "antonym"),
    ],
)
def test_conflicts_are_found_and_symmetric(a, b, kind):
    ab = JUDGE.judge(a, b, similarity=0.85)
    ba = JUDGE.judge(b, a, similarity=0.85)
    assert ab.relation is Relation.CONFLICTS and ab.kind == kind
    assert ba.relation is Relation.CONFLICTS and ba.kind == kind
    assert 0 <= ab.probability <= 1


def test_reason_names_both_values():
    j = JUDGE.judge("Trade hit $118 billion last year.", "Trade hit $90 billion last year.", similarity=0.9)
    assert "$118 billion" in j.reason and "$90 billion" in j.reason


def test_low_similarity_is_unrelated_even_with_numbers():
    j = JUDGE.judge("Trade hit $118 billion.", "The drone deal is worth $4 billion.", similarity=0.3)
    assert j.relation is Relation.UNRELATED


def test_hedged_numbers_agree():
    j = JUDGE.judge(
        "Trade surpassed $118 billion in 2023.", "Trade was about $120 billion in 2023.", similarity=0.8
    )
    assert j.relation is Relation.AGREES
