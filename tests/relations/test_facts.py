"""Facts of a statement: derived once, read by every rule and scorer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import factcheck.relations.facts as facts_mod
from factcheck import Verifier
from factcheck.relations import RuleJudge, explain_conflict
from factcheck.relations.facts import Facts, facts_of
from factcheck.relations.polarity import content_words

JUDGE = RuleJudge(match_threshold=0.72, related_threshold=0.62)

A = (
    "The council approved a budget of $3 million on Monday. Mayor Jane Smith did not attend. "
    "Exports rose 4% in May."
)
B = (
    "The council approved a budget of $4 million on Monday. Mayor Jane Smith attended the vote. "
    "Exports fell 4% in May."
)


def test_facts_hold_what_the_rules_compare():
    f = facts_of("Mayor Jane Smith did not approve the $3 million budget in Ohio on Monday.")
    assert [q.text for q in f.quantities] == ["$3 million", "Monday"]
    assert f.names == ("Jane Smith", "Ohio")
    assert f.negations == ("not",)
    assert f.content() == content_words(f.text)
    assert "million" in f.quantity_words and "smith" in f.name_words
    assert "approve" in f.predicates


def test_facts_are_derived_once_per_text():
    text = "The ferry carried 120 people across the bay on Friday."
    assert facts_of(text) is facts_of(text)
    with pytest.raises(AttributeError):
        facts_of(text).names = ()  # type: ignore[misc]


def test_a_verify_extracts_each_statement_once(monkeypatch):
    calls: list[str] = []
    real = facts_mod.extract

    def counting(text: str):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(facts_mod, "extract", counting)
    facts_of.cache_clear()
    report = Verifier(embedder="hashing", relation_model=None).verify([A, B, A.replace("$3", "$5")])
    assert calls, "no pair was judged"
    assert len(calls) == len(set(calls))  # never twice for one statement
    assert set(calls) <= {c.statement for c in report.claims} | {i for c in report.claims for i in c.items}
    assert any(c.label.value == "conflicting" for c in report.claims)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Two-way trade reached $118 billion in 2023.", "Two-way trade reached $90 billion in 2023."),
        ("The court approved the merger.", "The court did not approve the merger."),
        ("Shares of the bank rose 3% on Friday.", "Shares of the bank fell 3% on Friday."),
        ("Germany will host the 2030 climate summit.", "France will host the 2030 climate summit."),
        (
            "The U.S. imposed sanctions on three Russian banks.",
            "The United States sanctioned three banks in Russia.",
        ),
    ],
)
def test_facts_and_strings_judge_alike(a, b):
    assert JUDGE.judge(a, b, similarity=0.85) == JUDGE.judge(facts_of(a), facts_of(b), similarity=0.85)
    assert explain_conflict(a, b) == explain_conflict(facts_of(a), facts_of(b))


WORDS = st.sampled_from(
    [
        "the",
        "council",
        "did",
        "not",
        "approve",
        "budget",
        "$3",
        "million",
        "$4",
        "Monday",
        "Tuesday",
        "rose",
        "fell",
        "Smith",
        "Jones",
        "Ohio",
        "2023",
        "12%",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=12), st.lists(WORDS, min_size=1, max_size=12))
def test_judging_from_facts_is_symmetric(wa, wb):
    a, b = " ".join(wa) + ".", " ".join(wb) + "."
    ab = JUDGE.judge(facts_of(a), facts_of(b), similarity=0.8)
    ba = JUDGE.judge(facts_of(b), facts_of(a), similarity=0.8)
    assert ab.relation is ba.relation
    assert isinstance(facts_of(a), Facts)
