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


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("Germany will host the 2030 climate summit.", "France will host the 2030 climate summit.", "actor"),
        (
            "Japan defeated Australia 3-1 in the qualifier.",
            "Australia defeated Japan 3-1 in the qualifier.",
            "actor",
        ),
        (
            "The company is hiring 500 engineers in Pune.",
            "The company is laying off 500 engineers in Pune.",
            "antonym",
        ),
        (
            "The merger will close in the first quarter of 2025.",
            "The merger will close in the third quarter of 2025.",
            "date",
        ),
        ("The quake struck at 3:42 a.m. local time.", "The quake struck at 11:15 p.m. local time.", "time"),
        ("He was sentenced to 12 years in prison.", "He received an 8-year prison term.", "number"),
    ],
)
def test_more_conflict_kinds(a, b, kind):
    j = JUDGE.judge(a, b, similarity=0.85)
    assert (j.relation, j.kind) == (Relation.CONFLICTS, kind), j.reason


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The U.S. imposed sanctions on three Russian banks.",
            "The United States sanctioned three banks in Russia.",
        ),
        (
            '"Ms. Stewart is being prosecuted for what she did," Comey said.',
            "Martha Stewart is being prosecuted for what she did.",
        ),
        ("No more than 30 people were on board the vessel.", "Twenty-five people were aboard the vessel."),
        ("Between 15 and 20 migrants are feared missing.", "Eighteen migrants are feared missing."),
    ],
)
def test_compatible_pairs_do_not_conflict(a, b):
    assert JUDGE.judge(a, b, similarity=0.85).relation is not Relation.CONFLICTS


# A statement completed with context borrowed from its sentence, and a claim framed differently.
_FRAMED = "In Monday's call, Trump emphasized the importance of India moving toward a fair bilateral trading relationship"
_OTHER = "Another focal point of the conversation was the need for a fair bilateral trading relationship"


def test_borrowed_context_dilutes_statement_overlap_but_not_own_words():
    alone = JUDGE.judge(_FRAMED, _OTHER, similarity=0.67)
    assert alone.relation is Relation.UNRELATED
    own = ("moving toward a fair bilateral trading relationship", _OTHER)
    j = JUDGE.judge(_FRAMED, _OTHER, similarity=0.67, own=own)
    assert j.relation is Relation.AGREES and "own content words" in j.reason
    # symmetric in its two claims
    back = JUDGE.judge(_OTHER, _FRAMED, similarity=0.67, own=own[::-1])
    assert back.relation is Relation.AGREES and back.probability == j.probability


def test_own_words_need_enough_content_words():
    short = ("moving toward fair trade", "the need for fair trade")  # 3 and 3 content words
    j = JUDGE.judge(_FRAMED, _OTHER, similarity=0.67, own=short)
    assert j.relation is Relation.UNRELATED


def test_own_words_do_not_bypass_the_related_threshold():
    own = ("moving toward a fair bilateral trading relationship", _OTHER)
    j = JUDGE.judge(_FRAMED, _OTHER, similarity=0.5, own=own)
    assert j.relation is Relation.UNRELATED
