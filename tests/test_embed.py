"""The embedder protocol: the hashing test embedder, resolve_embedder and the SQLite cache (no real model)."""

from __future__ import annotations

import sys
import types
from collections.abc import Sequence

import numpy as np
import pytest

from factcheck import embed
from factcheck.embed import (
    DEFAULT_MODEL,
    CachedEmbedder,
    Embedder,
    HashingEmbedder,
    SentenceTransformerEmbedder,
    resolve_embedder,
)
from factcheck.errors import ConfigError, ModelError

TEXTS = ["Trade rose 3% in May.", "Trade rose 3% in June.", "Heavy rain flooded the old market square."]


class Counting:
    """Wraps an embedder and records every batch it is asked to encode."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.encode(texts)


# -- HashingEmbedder ------------------------------------------------------------------------------


def test_hashing_is_deterministic_across_instances():
    a = HashingEmbedder(dim=64).encode(TEXTS)
    b = HashingEmbedder(dim=64).encode(list(reversed(TEXTS)))[::-1]
    assert np.array_equal(a, b)  # same text, same row, whatever the batch or the instance
    assert not np.array_equal(a[0], a[2])


def test_hashing_shape_dtype_and_name():
    emb = HashingEmbedder(dim=32)
    vecs = emb.encode(TEXTS)
    assert vecs.shape == (3, 32) and vecs.dtype == np.float32
    assert emb.name == "hashing-32" and emb.dim == 32
    assert HashingEmbedder().name == "hashing-256" and HashingEmbedder().encode(["x y"]).shape == (1, 256)
    assert HashingEmbedder(dim=8).encode([]).shape == (0, 8)
    assert isinstance(emb, Embedder)


def test_hashing_rows_are_l2_normalised_and_shared_words_are_close():
    vecs = HashingEmbedder(dim=128).encode(TEXTS)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-6)
    same_topic, other_topic = float(vecs[0] @ vecs[1]), float(vecs[0] @ vecs[2])
    assert same_topic > 0.5 > other_topic


def test_hashing_text_without_words_is_a_zero_row():
    vecs = HashingEmbedder(dim=16).encode(["", "!!! ..."])
    assert not vecs.any()  # nothing to hash: zeros, not NaNs from dividing by a zero norm


# -- resolve_embedder ------------------------------------------------------------------------------


def test_resolve_embedder_accepts_none_names_paths_and_embedders():
    default = resolve_embedder(None)
    assert isinstance(default, SentenceTransformerEmbedder) and default.name == DEFAULT_MODEL
    hashing = resolve_embedder("hashing")
    assert isinstance(hashing, HashingEmbedder) and hashing.dim == 256
    small = resolve_embedder("hashing-48")
    assert isinstance(small, HashingEmbedder) and small.name == "hashing-48"
    named = resolve_embedder("sentence-transformers/all-mpnet-base-v2")
    assert isinstance(named, SentenceTransformerEmbedder) and named.model == "sentence-transformers/all-mpnet-base-v2"
    local = resolve_embedder("/models/my-encoder")
    assert isinstance(local, SentenceTransformerEmbedder) and local.name == "/models/my-encoder"
    mine = HashingEmbedder(dim=8)
    assert resolve_embedder(mine) is mine  # an embedder is returned as is


def test_a_model_that_cannot_load_raises_e301(monkeypatch):
    """A bad model name or path fails on first use with the catalogued ModelError.

    sentence-transformers is replaced by a stand-in that fails the way it does for a missing
    path, so the test needs neither torch nor a model.
    """
    attempts: list[str] = []

    class FailingSentenceTransformer:
        def __init__(self, path: str, device: str | None = None) -> None:
            attempts.append(path)
            raise OSError(f"Path {path} not found.\nsecond line of the traceback text")

    fake = types.ModuleType("sentence_transformers")
    fake.SentenceTransformer = FailingSentenceTransformer  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sentence_transformers", fake)
    monkeypatch.setattr(embed, "_quiet_transformers", lambda: None)

    emb = resolve_embedder("/no/such/model")  # lazy: resolving loads nothing
    assert attempts == []
    for _ in range(2):  # a failed load is not cached: each use tries again
        with pytest.raises(ModelError) as info:
            emb.encode(["Trade rose."])
        assert info.value.code == "E301"
        assert str(info.value) == (
            "[E301] Could not load the embedding model '/no/such/model': Path /no/such/model not found.."
        )
    assert attempts == ["/no/such/model", "/no/such/model"]
    assert isinstance(info.value, RuntimeError)


def test_an_embedder_of_the_wrong_type_is_a_config_error():
    from factcheck import Verifier

    with pytest.raises(ConfigError, match=r"\[E001\] The 'embedder' parameter of Verifier") as info:
        Verifier(embedder=42, relation_model=None).embedder_  # type: ignore[arg-type]  # noqa: B018
    assert info.value.code == "E001"


# -- CachedEmbedder -----------------------------------------------------------------------------------


def test_cache_returns_the_wrapped_vectors_and_encodes_each_text_once(tmp_path):
    inner = Counting(HashingEmbedder(dim=16))
    emb = CachedEmbedder(inner, tmp_path / "c.sqlite")
    assert emb.name == "hashing-16" and isinstance(emb, Embedder)
    direct = HashingEmbedder(dim=16)

    first = emb.encode([TEXTS[0], TEXTS[1], TEXTS[0]])
    assert np.array_equal(first, direct.encode([TEXTS[0], TEXTS[1], TEXTS[0]]))
    assert inner.calls == [[TEXTS[0], TEXTS[1]]]  # the repeated text is encoded once
    assert (emb.hits, emb.misses) == (0, 2)

    second = emb.encode([TEXTS[1], TEXTS[2]])
    assert np.array_equal(second, direct.encode([TEXTS[1], TEXTS[2]]))
    assert inner.calls[1:] == [[TEXTS[2]]]  # only the new text reaches the wrapped embedder
    assert (emb.hits, emb.misses) == (1, 3)

    emb.encode(TEXTS)
    assert len(inner.calls) == 2 and (emb.hits, emb.misses) == (4, 3)


def test_cache_persists_across_instances_and_is_keyed_by_model(tmp_path):
    path = tmp_path / "sub" / "c.sqlite"  # the folder is created
    CachedEmbedder(HashingEmbedder(dim=16), path).encode(TEXTS)

    again = Counting(HashingEmbedder(dim=16))
    vecs = CachedEmbedder(again, path).encode(TEXTS)
    assert again.calls == []  # all from the file
    assert np.array_equal(vecs, HashingEmbedder(dim=16).encode(TEXTS))

    other = Counting(HashingEmbedder(dim=24))  # another model name: nothing cached for it
    assert CachedEmbedder(other, path).encode(TEXTS).shape == (3, 24)
    assert other.calls == [TEXTS]
