"""A pluggable NLI cross-encoder for users who have one (sentence-transformers ``CrossEncoder``).

No PyPI package ships a usable 3-way NLI model, so this is off by default. Given a model name
or local path and its label order, it scores the candidate pairs only (never all pairs), in
both directions, averaging the two so the judgement stays symmetric.

Example:
    >>> nli = CrossEncoderNLI("path/to/nli-model", labels=("contradiction", "entailment", "neutral"))  # doctest: +SKIP
    >>> nli.predict_proba(["Trade rose."], ["Trade fell."])  # doctest: +SKIP
    array([[0.02, 0.95, 0.03]], dtype=float32)   # agrees, conflicts, unrelated
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import ConfigError, ModelError
from .pair_model import CLASSES

__all__ = ["CrossEncoderNLI"]

_TO_CLASS = {"entailment": "agrees", "contradiction": "conflicts", "neutral": "unrelated"}


class CrossEncoderNLI:
    """Wraps a 3-way NLI ``CrossEncoder``; loads on first use.

    Args:
        model: a sentence-transformers cross-encoder name or local folder.
        labels: the model's output order, a permutation of entailment/contradiction/neutral.
        batch_size: pairs per forward pass.
    """

    def __init__(
        self,
        model: str,
        *,
        labels: Sequence[str] = ("contradiction", "entailment", "neutral"),
        batch_size: int = 32,
    ) -> None:
        self.model = model
        self.labels = tuple(labels)
        self.batch_size = batch_size
        self.name = model
        self._ce: Any = None
        if sorted(self.labels) != sorted(_TO_CLASS):
            raise ConfigError.coded(
                "E001",
                param="nli_labels",
                owner="CrossEncoderNLI",
                allowed="a permutation of ('contradiction', 'entailment', 'neutral')",
                value=self.labels,
            )

    def _load(self) -> Any:
        if self._ce is None:
            try:
                from sentence_transformers import CrossEncoder

                self._ce = CrossEncoder(self.model)
            except Exception as exc:  # any load failure is the user's model path or name
                raise ModelError.coded("E304", model=self.model, reason=str(exc).splitlines()[0]) from exc
        return self._ce

    def predict_proba(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Probabilities in :data:`~factcheck.relations.pair_model.CLASSES` order, one row per pair."""
        if not a:
            return np.zeros((0, 3), np.float32)
        ce = self._load()
        pairs = [*zip(a, b, strict=True), *zip(b, a, strict=True)]
        logits = np.asarray(
            ce.predict(pairs, batch_size=self.batch_size, apply_softmax=True, show_progress_bar=False)
        )
        n = len(a)
        both = (logits[:n] + logits[n:]) / 2
        order = [self.labels.index(lab) for lab in ("entailment", "contradiction", "neutral")]
        out: np.ndarray = both[:, order].astype(np.float32)
        assert tuple(_TO_CLASS[x] for x in ("entailment", "contradiction", "neutral")) == CLASSES
        return out
