import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.match import SIM_DECIMALS, find_matches


def _random(n, d, sources, seed):
    rng = np.random.default_rng(seed)
    v = rng.normal(size=(n, d)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v, list(rng.integers(0, sources, size=n))


# Similarities are rounded to SIM_DECIMALS; float noise may move one across a rounding boundary.
STEP = 1.01 * 10.0**-SIM_DECIMALS


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 120), st.integers(2, 6), st.integers(0, 10_000), st.integers(1, 4))
def test_blocks_do_not_change_the_result(n, sources, seed, top_k):
    v, src = _random(n, 16, sources, seed)
    a = find_matches(v, src, top_k=top_k, min_similarity=0.0, engine="numpy", block=7)
    b = find_matches(v, src, top_k=top_k, min_similarity=0.0, engine="numpy", block=4096)
    # BLAS may differ in the last float bits between block shapes; pairs must not
    assert [(c.i, c.j) for c in a.candidates] == [(c.i, c.j) for c in b.candidates]
    assert np.allclose(a.best_similarity, b.best_similarity, atol=STEP)


def test_faiss_gives_the_same_matches_as_numpy():
    pytest.importorskip("faiss")
    v, src = _random(3000, 32, 30, 1)  # 30 sources x ~100 claims
    a = find_matches(v, src, top_k=3, min_similarity=0.1, engine="numpy")
    b = find_matches(v, src, top_k=3, min_similarity=0.1, engine="faiss")
    assert [(c.i, c.j) for c in a.candidates] == [(c.i, c.j) for c in b.candidates]
    assert np.allclose([c.similarity for c in a.candidates], [c.similarity for c in b.candidates], atol=STEP)
    assert np.allclose([c.margin for c in a.candidates], [c.margin for c in b.candidates], atol=STEP)
    assert np.allclose(a.best_similarity, b.best_similarity, atol=STEP)


def test_item_rows_lift_their_claims_pair_and_say_which_rows_matched():
    # claims 0 (source 0) and 1 (source 1); row 2 is an item view of claim 0, equal to claim 1
    v = np.array([[1, 0, 0], [0, 1, 0], [0, 1, 0]], dtype=np.float32)
    m = find_matches(v, [0, 1, 0], top_k=1, min_similarity=0.5, owners=[0, 1, 0])
    assert [(c.i, c.j, c.similarity, c.rows) for c in m.candidates] == [(0, 1, 1.0, (2, 1))]
    assert m.best_similarity == [1.0, 1.0]  # one score per claim, not per row
    plain = find_matches(v[:2], [0, 1], top_k=1, min_similarity=0.5)
    assert plain.candidates == [] and plain.best_similarity == [0.0, 0.0]


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 60), st.integers(2, 5), st.integers(0, 10_000))
def test_rows_without_views_match_like_claims(n, sources, seed):
    v, src = _random(n, 16, sources, seed)
    a = find_matches(v, src, top_k=2, min_similarity=0.0)
    b = find_matches(v, src, top_k=2, min_similarity=0.0, owners=list(range(n)))
    assert a == b
    assert all(c.rows == (c.i, c.j) for c in a.candidates)


@settings(max_examples=30, deadline=None)
@given(st.integers(4, 40), st.integers(2, 4), st.integers(0, 10_000))
def test_item_rows_never_crowd_out_a_pair(n, sources, seed):
    # each claim gets two extra rows near its own vector; with top_k large enough for every
    # claim, every pair must still be found, and no similarity may fall: top-k counts claims
    v, src = _random(n, 16, sources, seed)
    rng = np.random.default_rng(seed + 1)
    extra = np.repeat(v, 2, axis=0) + 0.05 * rng.normal(size=(2 * n, 16)).astype(np.float32)
    extra /= np.linalg.norm(extra, axis=1, keepdims=True)
    owners = list(range(n)) + [k for k in range(n) for _ in range(2)]
    plain = find_matches(v, src, top_k=n, min_similarity=-1.0)
    items = find_matches(
        np.vstack([v, extra]), [src[k] for k in owners], top_k=n, min_similarity=-1.0, owners=owners
    )
    got = {(c.i, c.j): c.similarity for c in items.candidates}
    assert set(got) == {(c.i, c.j) for c in plain.candidates}
    assert all(got[(c.i, c.j)] >= c.similarity - STEP for c in plain.candidates)
