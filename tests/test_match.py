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
