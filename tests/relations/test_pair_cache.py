"""The pair model's probabilities in the persistent cache: read once per model, ever."""

from __future__ import annotations

import numpy as np
import pytest

from factcheck.relations.pair_model import CachedPairModel, PairModel, pair_key


class CountingModel(PairModel):
    """A stand-in pair model: deterministic probabilities from the texts, reads counted."""

    def __init__(self, fingerprint: str = "f1") -> None:
        super().__init__(None, None, {"version": "test"}, fingerprint=fingerprint)
        self.read = 0

    def predict_proba(self, a, b):
        self.read += len(a)
        rows = [np.array([len(x) + len(y), abs(len(x) - len(y)) + 1, 7.0], np.float32) for x, y in zip(a, b, strict=True)]
        out = np.array(rows, np.float32).reshape(len(a), 3)
        return out / out.sum(axis=1, keepdims=True) if len(a) else out


A = ["Rain fell on Tuesday.", "The mine is 340 metres deep.", "Rain fell on Tuesday."]
B = ["Snow fell on Tuesday.", "The mine is 430 metres deep.", "Snow fell on Tuesday."]


def test_a_pair_is_read_once_and_served_from_the_cache_after(tmp_path):
    inner = CountingModel()
    cached = CachedPairModel(inner, tmp_path / "c.sqlite")
    first = cached.predict_proba(A, B)
    assert inner.read == 2 and (cached.hits, cached.misses) == (0, 2)  # a repeated pair is read once
    again = CachedPairModel(CountingModel(), tmp_path / "c.sqlite")  # another process, same file
    assert np.array_equal(again.predict_proba(B, A), first)  # either way round
    assert again.model.read == 0 and again.hits == 2  # type: ignore[attr-defined]


def test_another_model_does_not_read_the_rows(tmp_path):
    CachedPairModel(CountingModel("f1"), tmp_path / "c.sqlite").predict_proba(A, B)
    other = CachedPairModel(CountingModel("f2"), tmp_path / "c.sqlite")
    other.predict_proba(A, B)
    assert other.model.read == 2 and other.hits == 0  # type: ignore[attr-defined]


def test_the_key_is_order_free_and_tells_pairs_apart():
    assert pair_key("a b", "c") == pair_key("c", "a b")
    assert pair_key("a", "b c") != pair_key("a b", "c")


def test_a_model_without_a_fingerprint_is_not_cached(tmp_path):
    with pytest.raises(ValueError, match="fingerprint"):
        CachedPairModel(CountingModel(""), tmp_path / "c.sqlite")


def test_no_pairs(tmp_path):
    assert CachedPairModel(CountingModel(), tmp_path / "c.sqlite").predict_proba([], []).shape == (0, 3)


@pytest.mark.model
def test_a_cached_run_labels_as_the_run_that_filled_the_cache(tmp_path):
    from factcheck import Verifier

    from ..conftest import SEEDS

    texts = SEEDS
    cold = Verifier(cache=tmp_path / "c.sqlite")
    first = cold.verify(texts)
    assert isinstance(cold.scorer_.model, CachedPairModel) and cold.scorer_.model.misses > 0  # type: ignore[attr-defined]
    warm = Verifier(cache=tmp_path / "c.sqlite")
    second = warm.verify(texts)
    model = warm.scorer_.model  # type: ignore[attr-defined]
    assert model.misses == 0 and model.hits > 0
    assert second.to_json() == first.to_json()


@pytest.mark.model
def test_the_pair_model_shares_the_embedding_cache_so_a_bad_cache_warns_once(tmp_path):
    import warnings

    from factcheck import Verifier
    from factcheck.cache import CacheWarning

    from ..conftest import SEEDS

    (tmp_path / "file").write_text("x")  # the cache's folder is a file: the cache cannot be used
    verifier = Verifier(cache=tmp_path / "file" / "c.sqlite")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        verifier.verify(SEEDS)
    model = verifier.scorer_.model  # type: ignore[attr-defined]
    assert isinstance(model, CachedPairModel) and model.misses > 0  # the model read pairs
    assert model.cache is verifier.embedder_.cache  # type: ignore[attr-defined]
    assert [w.category for w in caught if issubclass(w.category, CacheWarning)] == [CacheWarning]
