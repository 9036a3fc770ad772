"""Invariants of the whole pipeline, as hypothesis properties (tiny embedder, real splitter)."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck import Article, Label, Relation, Verifier
from factcheck.copies import MIN_COPY_WORDS

SENTENCES = [
    "The council approved the budget on Monday.",
    "The council approved the budget on Tuesday.",
    "The council did not approve the budget.",
    "Trade between the two countries rose 4% to $118 billion last year.",
    "Trade between the two countries fell 4% to $90 billion last year.",
    "The mayor opened a new bridge across the river in the north of the city.",
    "Heavy rain flooded the old market square overnight.",
    "Germany will host the next climate summit in 2030.",
    "France will host the next climate summit in 2030.",
    "About 300 people attended the ceremony, officials said.",
    "More than 250 people attended the ceremony.",
    "The striker scored twice as the home side won 3-1.",
]
UNRELATED = "Quokkas nibble ferns quietly beneath eucalyptus canopies."

articles = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4, unique=True).map(" ".join)
article_sets = st.lists(articles, min_size=2, max_size=4)
# Sampled sets often hold the same text twice: that is warned (W104) and is what some properties test.
pytestmark = pytest.mark.filterwarnings(r"ignore:\[W104\]:factcheck.errors.FactcheckWarning")

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def labels(report):
    return {c.id: (c.label, tuple((e.claim, e.relation) for e in c.evidence)) for c in report.claims}


def make(texts):
    return [Article(id=f"s{k}", text=t) for k, t in enumerate(texts)]


FULL = Verifier(embedder="hashing", relation_model=None, max_evidence=1000)  # keep every piece of evidence
APART = Verifier(embedder="hashing", relation_model=None, max_evidence=1000, merge_copies=False)


def one_source(report, a, b):
    """Whether sources ``a`` and ``b`` count as one (near copies: the same text twice)."""
    of = {s.id: s.copy_of for s in report.sources}

    def root(x):
        while of.get(x):
            x = of[x]
        return x

    return root(a) == root(b)


@SETTINGS
@given(article_sets)
def test_relations_and_labels_are_symmetric(tiny_verifier, texts):
    r = FULL.verify(make(texts))
    by_id = {c.id: c for c in r.claims}
    for c in r.claims:
        for e in c.evidence:
            back = {x.claim: x.relation for x in by_id[e.claim].evidence}
            assert back.get(c.id) == e.relation
        if c.label is Label.CONFLICTING:
            assert any(e.relation is Relation.CONFLICTS for e in c.evidence)
    # with evidence truncated to max_evidence, labels stay symmetric all the same
    report = tiny_verifier.verify(make(texts))
    short = {c.id: c for c in report.claims}
    for c in short.values():
        for e in c.evidence:
            if e.relation is Relation.CONFLICTS:
                assert short[e.claim].label is Label.CONFLICTING
            elif not one_source(report, c.source, e.source):  # a copy's agreement is not agreement
                assert short[e.claim].label in (Label.AGREEING, Label.CONFLICTING)


@SETTINGS
@given(article_sets, st.randoms(use_true_random=False))
def test_source_order_changes_nothing_but_order(tiny_verifier, texts, rnd):
    arts = make(texts)
    shuffled = arts[:]
    rnd.shuffle(shuffled)
    assert labels(tiny_verifier.verify(arts)) == labels(tiny_verifier.verify(shuffled))


@SETTINGS
@given(articles)
def test_a_duplicated_article_agrees_with_itself(tiny_verifier, text):
    # Counted apart (merge_copies=False), the copy agrees with every claim; counted as one source
    # (the default, issue 39) it is still each claim's evidence, but no claim is agreeing by it.
    apart = APART.verify([Article(id="x", text=text), Article(id="y", text=text)])
    merged = FULL.verify([Article(id="x", text=text), Article(id="y", text=text)])
    assert apart.claims and [c.id for c in merged.claims] == [c.id for c in apart.claims]
    copied = len(re.findall(r"\w+", text)) >= MIN_COPY_WORDS  # shorter texts may match by chance: not copies
    assert [s.copy_of for s in merged.sources] == [None, "x" if copied else None]
    assert [w.code for w in merged.warnings] == (["W104"] if copied else [])
    for c, m in zip(apart.claims, merged.claims, strict=True):
        twin = ("y:" if c.source == "x" else "x:") + c.id.split(":")[1]
        assert (twin, Relation.AGREES) in {(e.claim, e.relation) for e in c.evidence}
        assert (twin, Relation.AGREES) in {(e.claim, e.relation) for e in m.evidence}
        # agreeing, unless the article contradicts itself (then its copy contradicts it too)
        selfcontra = any(e.relation is Relation.CONFLICTS for e in c.evidence)
        assert c.label is Label.AGREEING or (c.label is Label.CONFLICTING and selfcontra)
        agreeing = Label.UNIQUE if copied else Label.AGREEING
        assert m.label is (Label.CONFLICTING if selfcontra else agreeing)


@SETTINGS
@given(article_sets)
def test_an_unrelated_article_changes_no_label(tiny_verifier, texts):
    before = labels(tiny_verifier.verify(make(texts)))
    after = tiny_verifier.verify([*make(texts), Article(id="zz", text=UNRELATED)])
    assert {k: v for k, v in labels(after).items() if not k.startswith("zz:")} == before


@SETTINGS
@given(article_sets)
def test_same_input_same_bytes(tiny_verifier, texts):
    assert tiny_verifier.verify(make(texts)).to_json() == tiny_verifier.verify(make(texts)).to_json()


@SETTINGS
@given(st.lists(article_sets, min_size=1, max_size=4))
def test_verify_many_equals_one_by_one(tiny_verifier, sets):
    many = [
        r.to_json()
        for r in tiny_verifier.verify_many([(f"set{k}", make(t)) for k, t in enumerate(sets)], chunk_size=3)
    ]
    single = [tiny_verifier.verify(make(t), id=f"set{k}").to_json() for k, t in enumerate(sets)]
    assert many == single


@SETTINGS
@given(st.lists(article_sets, min_size=2, max_size=5), st.randoms(use_true_random=False))
def test_set_order_changes_nothing_but_order(tiny_verifier, sets, rnd):
    named = [(f"set{k}", make(t)) for k, t in enumerate(sets)]
    shuffled = named[:]
    rnd.shuffle(shuffled)
    a = {r.id: r.to_json() for r in tiny_verifier.verify_many(named, chunk_size=2)}
    b = [r for r in tiny_verifier.verify_many(shuffled, chunk_size=3)]
    assert [r.id for r in b] == [sid for sid, _ in shuffled]
    assert {r.id: r.to_json() for r in b} == a
