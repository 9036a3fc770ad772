"""A small trained pair classifier: agrees / conflicts / unrelated.

Features of a pair of claims (all symmetric in the two claims, so labels stay symmetric):
``|u - v|`` and ``u * v`` of their embeddings, their cosine, and the rule signals of
:mod:`factcheck.relations` (content-word overlap, quantity agreement or mismatch, negation
asymmetry, an antonym clash, length ratio). A small neural network (one ReLU hidden layer,
softmax output) over standardised features, evaluated here in numpy; trained by ``benchmarks/train_relation_model.py`` and shipped as a
plain ``.npz`` of arrays (loaded with ``allow_pickle=False``: no code in the file).

Example:
    >>> import numpy as np
    >>> rule_features("Trade rose 3%.", "Trade fell 3%.").shape
    (7,)
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .polarity import antonym_clash, content_words, negations, overlap
from .quantities import compare, extract

__all__ = ["CLASSES", "MODEL_PATH", "RelationModel", "pair_features", "rule_features"]

CLASSES = ("agrees", "conflicts", "unrelated")
MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "relation_model.npz"
FORMAT = "factcheck.relation-model/1"


def rule_features(a: str, b: str) -> np.ndarray:
    """Seven symmetric rule signals for a pair of statements."""
    qa, qb = extract(a), extract(b)
    cmp = compare(qa, qb) if qa and qb else None
    wa, wb = content_words(a), content_words(b)
    union = wa | wb
    na, nb = bool(negations(a)), bool(negations(b))
    la, lb = len(a.split()), len(b.split())
    return np.array(
        [
            overlap(a, b),
            len(wa & wb) / len(union) if union else 0.0,
            1.0 if cmp and cmp.conflicts else 0.0,
            1.0 if cmp and cmp.agreements else 0.0,
            1.0 if na != nb else 0.0,
            1.0 if antonym_clash(a, b) else 0.0,
            min(la, lb) / max(la, lb, 1),
        ],
        dtype=np.float32,
    )


def pair_features(u: np.ndarray, v: np.ndarray, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """Feature rows for pairs ``(u[k], v[k], a[k], b[k])``; ``u``, ``v`` are L2-normalised."""
    cos = np.sum(u * v, axis=1, keepdims=True)
    rules = np.stack([rule_features(x, y) for x, y in zip(a, b, strict=True)]) if len(a) else np.zeros((0, 7))
    return np.hstack([np.abs(u - v), u * v, cos, rules]).astype(np.float32)


@dataclass(frozen=True)
class RelationModel:
    """Standardise, then a feed-forward network: ReLU hidden layers, softmax over :data:`CLASSES`.

    ``weights[k]`` has shape ``(inputs, outputs)`` (scikit-learn's ``coefs_`` layout).
    """

    mean: np.ndarray
    scale: np.ndarray
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    embedder: str

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """Rows of probabilities in :data:`CLASSES` order."""
        h = (x - self.mean) / self.scale
        for k, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            h = h @ w + b
            if k < len(self.weights) - 1:
                h = np.maximum(h, 0.0)
        h = h - h.max(axis=1, keepdims=True)
        e = np.exp(h)
        out: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return out

    def save(self, path: Path) -> None:
        layers = {f"w{k}": w.astype(np.float32) for k, w in enumerate(self.weights)}
        layers.update({f"b{k}": b.astype(np.float32) for k, b in enumerate(self.biases)})
        np.savez_compressed(
            path,
            format=np.array(FORMAT),
            classes=np.array(CLASSES),
            embedder=np.array(self.embedder),
            layers=np.array(len(self.weights)),
            mean=self.mean.astype(np.float32),
            scale=self.scale.astype(np.float32),
            **layers,  # type: ignore[arg-type]
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> RelationModel:
        with np.load(path, allow_pickle=False) as z:
            if str(z["format"]) != FORMAT or tuple(str(c) for c in z["classes"]) != CLASSES:
                raise ValueError(f"{path} is not a {FORMAT} file")
            n = int(z["layers"])
            return cls(
                mean=z["mean"],
                scale=z["scale"],
                weights=tuple(z[f"w{k}"] for k in range(n)),
                biases=tuple(z[f"b{k}"] for k in range(n)),
                embedder=str(z["embedder"]),
            )


@functools.cache
def default_model() -> RelationModel | None:
    """The shipped model, or ``None`` when the package was built without it."""
    return RelationModel.load() if MODEL_PATH.is_file() else None
