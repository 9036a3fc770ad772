"""The seed pair with the real packaged model: what a careful reader sees (issue 2)."""

import pytest

from factcheck import Label

pytestmark = pytest.mark.model

A = "000_e13862f1c11c3b5e"
B = "003_86d08fd821a156d2"


def label_of(report, source, needle):
    hits = [c for c in report.for_source(source) if needle in c.text]
    assert hits, f"no claim of {source} contains {needle!r}"
    return hits[0].label


@pytest.mark.parametrize(
    "needle",
    ["tariff king", "Predator drones", "first official interaction", "willingness to reduce tariffs"],
)
def test_unique_to_the_rewrite(seed_report, needle):
    assert label_of(seed_report, B, needle) is Label.UNIQUE


@pytest.mark.parametrize(
    "needle",
    [
        "$118 billion",
        "surplus of $32 billion",
        "18,000 Indian migrants",
        "H-1B",
        "Trade and immigration issues",
        "Trump reciprocating by attending",  # an absolute clause the tagger reads as a noun
    ],
)
def test_unique_to_reuters(seed_report, needle):
    assert label_of(seed_report, A, needle) is Label.UNIQUE


@pytest.mark.parametrize(
    ("source", "needle"),
    [
        (A, "buying more American-made security equipment"),
        (B, "purchase more American-made security equipment"),
        (B, "Modi's potential visit to Washington in February"),
        (A, "India to host Quad leaders"),
        (B, "host the Quad Leaders' Summit"),
        (A, "Modi will visit the U.S. sometime in February"),
        (B, 'the need for a "fair" bilateral trading relationship'),
        (B, "regional security in the Indo-Pacific"),
        (A, "security in the Indo-Pacific, the Middle East, and Europe"),  # agrees on one item
    ],
)
def test_agreeing_across_both(seed_report, source, needle):
    assert label_of(seed_report, source, needle) is Label.AGREEING


def test_every_mention_of_the_fair_trading_relationship_agrees(seed_report):
    # Reuters says it twice: in the lead, and inside the quoted White House statement
    hits = [c for c in seed_report.for_source(A) if "fair bilateral trading" in c.text]
    assert len(hits) == 2
    assert all(c.label is Label.AGREEING for c in hits)


def test_labels_symmetric_and_no_false_conflicts(seed_report):
    by_id = {c.id: c for c in seed_report.claims}
    for c in seed_report.claims:
        for ev in c.evidence:
            back = {e.claim: e.relation for e in by_id[ev.claim].evidence}
            assert back.get(c.id) == ev.relation
    assert not seed_report.by_label("conflicting")


def test_seed_accuracy_against_gold(real_verifier):
    from pathlib import Path

    from factcheck.bench import run_suite

    r = run_suite("seeds", real_verifier, data=None, corpus=Path("seeds"))
    assert r.metrics["accuracy"] >= 0.8  # measured 0.82 at the time of writing
