"""Candidate matching: for every claim, the most similar claims of each other source.

Pairs are unordered (``i < j``) and come from the union of both directions' top-k lists, so
whatever is decided about a pair holds for both of its claims: labels stay symmetric.

Example:
    >>> import numpy as np
    >>> v = np.eye(3, dtype=np.float32)
    >>> v[2] = v[0]
    >>> m = find_matches(v, [0, 0, 1], top_k=1, min_similarity=0.5)
    >>> [(c.i, c.j, c.similarity) for c in m.candidates], m.best_similarity
    ([(0, 2, 1.0)], [1.0, 0.0, 1.0])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Candidate", "Matches", "find_matches"]


@dataclass(frozen=True, order=True)
class Candidate:
    """Two claims (indices into the set's claim list, ``i < j``) and their cosine."""

    i: int
    j: int
    similarity: float
    # How far each claim's best match stands above its runner-up in the other source, when the
    # two are each other's best match (the smaller of the two gaps); 0.0 otherwise, and when
    # either source has fewer than ``min_group`` claims (no real runner-up to compare with).
    margin: float = 0.0


@dataclass(frozen=True)
class Matches:
    """Candidate pairs, and each claim's highest cosine with any claim of another source
    (-1.0 when there is no other source)."""

    candidates: list[Candidate]
    best_similarity: list[float]


def find_matches(
    vectors: np.ndarray,
    sources: Sequence[int],
    *,
    top_k: int,
    min_similarity: float,
    block: int = 2048,
    min_group: int = 3,
) -> Matches:
    """Top-``k`` neighbours of each claim in every other source, at or above ``min_similarity``.

    Works in row blocks so memory stays ``block x n`` whatever the set size; each block's
    similarities are computed once and serve both the candidates and the best similarities.
    """
    n = len(sources)
    if n == 0:
        return Matches([], [])
    src = np.asarray(sources)
    groups = {int(s): np.flatnonzero(src == s) for s in np.unique(src)}
    found: dict[tuple[int, int], float] = {}
    best_other = np.full(n, -1.0)
    nearest: dict[tuple[int, int], tuple[int, float]] = {}  # (claim, other source) -> (best claim, gap)
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        sims = vectors[lo:hi] @ vectors.T
        same = src[lo:hi, None] == src[None, :]
        best_other[lo:hi] = np.where(same, -1.0, sims).max(axis=1)
        for r in range(hi - lo):
            i = lo + r
            for s, idx in groups.items():
                if s == int(src[i]):
                    continue
                row = sims[r, idx]
                if len(idx) >= min_group and len(groups[int(src[i])]) >= min_group:
                    top2 = np.argpartition(-row, 1)[:2]
                    a, b2 = (top2[0], top2[1]) if row[top2[0]] >= row[top2[1]] else (top2[1], top2[0])
                    nearest[(i, s)] = (int(idx[a]), float(row[a] - row[b2]))
                k = min(top_k, len(idx))
                best = np.argpartition(-row, k - 1)[:k] if k < len(idx) else np.arange(len(idx))
                for b in best:
                    sim = float(row[b])
                    if sim >= min_similarity:
                        j = int(idx[b])
                        key = (min(i, j), max(i, j))
                        found[key] = max(found.get(key, -1.0), round(sim, 6))

    def margin(i: int, j: int) -> float:
        ni, nj = nearest.get((i, int(src[j]))), nearest.get((j, int(src[i])))
        if ni is None or nj is None or ni[0] != j or nj[0] != i:
            return 0.0
        return round(min(ni[1], nj[1]), 6)

    candidates = sorted(Candidate(i, j, s, margin(i, j)) for (i, j), s in found.items())
    return Matches(candidates, [float(x) for x in best_other])
