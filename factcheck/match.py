"""Candidate matching: for every claim, the most similar claims of each other source.

Pairs are unordered (``i < j``) and come from the union of both directions' top-k lists, so
whatever is decided about a pair holds for both of its claims: labels stay symmetric.

Example:
    >>> import numpy as np
    >>> v = np.eye(3, dtype=np.float32)
    >>> v[2] = v[0]
    >>> [(c.i, c.j, c.similarity) for c in candidate_pairs(v, [0, 0, 1], top_k=1, min_similarity=0.5)]
    [(0, 2, 1.0)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Candidate", "candidate_pairs"]


@dataclass(frozen=True, order=True)
class Candidate:
    """Two claims (indices into the set's claim list, ``i < j``) and their cosine."""

    i: int
    j: int
    similarity: float


def candidate_pairs(
    vectors: np.ndarray, sources: Sequence[int], *, top_k: int, min_similarity: float, block: int = 2048
) -> list[Candidate]:
    """Top-``k`` neighbours of each claim in every other source, at or above ``min_similarity``.

    Works in row blocks so memory stays ``block x n`` whatever the set size.
    """
    n = len(sources)
    if n == 0:
        return []
    src = np.asarray(sources)
    groups = {int(s): np.flatnonzero(src == s) for s in np.unique(src)}
    found: dict[tuple[int, int], float] = {}
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        sims = vectors[lo:hi] @ vectors.T
        for r in range(hi - lo):
            i = lo + r
            for s, idx in groups.items():
                if s == int(src[i]):
                    continue
                row = sims[r, idx]
                k = min(top_k, len(idx))
                best = np.argpartition(-row, k - 1)[:k] if k < len(idx) else np.arange(len(idx))
                for b in best:
                    sim = float(row[b])
                    if sim >= min_similarity:
                        j = int(idx[b])
                        key = (min(i, j), max(i, j))
                        found[key] = max(found.get(key, -1.0), round(sim, 6))
    return sorted(Candidate(i, j, s) for (i, j), s in found.items())
