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

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["FAISS_MIN_CLAIMS", "Candidate", "Matches", "find_matches"]


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
    # The rows of ``vectors`` that gave ``similarity`` (the claims' own rows unless an item
    # view matched better), for claims ``i`` and ``j`` in that order.
    rows: tuple[int, int] = (-1, -1)


@dataclass(frozen=True)
class Matches:
    """Candidate pairs, and each claim's highest cosine with any claim of another source
    (-1.0 when there is no other source) and which claim that is (``best_match``, -1 then)."""

    candidates: list[Candidate]
    best_similarity: list[float]
    best_match: list[int] = field(default_factory=list)


#: Below this many claims in a set, blocked numpy is used even when faiss is installed.
#: Measured here (benchmarks/match_engines.py, 50 sources): 500 claims numpy 0.32 s / faiss
#: 0.28 s; 1,000 claims 0.51 / 0.23; 8,000 claims 4.6 / 2.7.
FAISS_MIN_CLAIMS = 1000

Neighbours = Iterator[tuple[int, int, np.ndarray, np.ndarray]]  # claim, other source, claims, cosines


def _numpy_neighbours(
    vectors: np.ndarray, src: np.ndarray, groups: dict[int, np.ndarray], m: int, block: int
) -> Neighbours:
    n = len(src)
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        sims = vectors[lo:hi] @ vectors.T
        for r in range(hi - lo):
            i = lo + r
            for s, idx in groups.items():
                if s == int(src[i]):
                    continue
                row = sims[r, idx]
                k = min(m, len(idx))
                top = np.argpartition(-row, k - 1)[:k] if k < len(idx) else np.arange(len(idx))
                top = top[np.argsort(-row[top], kind="stable")]
                yield i, s, idx[top], row[top]


def _faiss_neighbours(
    vectors: np.ndarray, src: np.ndarray, groups: dict[int, np.ndarray], m: int
) -> Neighbours:
    import faiss

    x = np.ascontiguousarray(vectors, dtype=np.float32)
    per_claim: dict[int, list[tuple[int, np.ndarray, np.ndarray]]] = {}
    for s, idx in groups.items():
        index = faiss.IndexFlatIP(x.shape[1])  # exact inner product: same results as numpy
        index.add(x[idx])
        queries = np.flatnonzero(src != s)
        if not len(queries):
            continue
        sims, found = index.search(x[queries], min(m, len(idx)))
        for q, row_s, row_i in zip(queries, sims, found, strict=True):
            per_claim.setdefault(int(q), []).append((s, idx[row_i], row_s))
    for i in sorted(per_claim):
        for s, ids, sims_row in sorted(per_claim[i], key=lambda t: t[0]):
            yield i, s, ids, sims_row


#: Similarities are rounded to the precision reports show before anything is decided from them,
#: so float noise between machines, thread counts or batchings (about 1e-6) rarely changes a
#: report: only where a cosine lies that close to a rounding boundary.
SIM_DECIMALS = 4


def find_matches(
    vectors: np.ndarray,
    sources: Sequence[int],
    *,
    top_k: int,
    min_similarity: float,
    block: int = 2048,
    min_group: int = 3,
    engine: str = "auto",
    owners: Sequence[int] | None = None,
) -> Matches:
    """Top-``k`` neighbours of each claim in every other source, at or above ``min_similarity``.

    ``owners``: when ``vectors`` holds more rows than claims (item views, see
    :attr:`~factcheck.types.Claim.items`), the claim each row belongs to; ``sources`` is then
    per row. Row ``k`` must be claim ``k``'s own for every claim (``owners[k] == k``), views
    follow. A pair of claims gets the highest cosine of any of their rows. ``None``: one row
    per claim.

    ``engine``: ``"numpy"`` (row blocks, so memory stays ``block x n``), ``"faiss"`` (exact
    inner-product indexes per source; ``pip install 'factcheck[faiss]'``), or ``"auto"``:
    faiss from :data:`FAISS_MIN_CLAIMS` claims on when it is installed. Both give the same result.
    """
    n_rows = len(sources)
    if n_rows == 0:
        return Matches([], [], [])
    own = np.arange(n_rows) if owners is None else np.asarray(owners)
    n = int(own.max()) + 1
    src = np.asarray(sources)
    groups = {int(s): np.flatnonzero(src == s) for s in np.unique(src)}
    # enough rows that a claim's item rows cannot crowd other claims out of its top-k
    views = int(np.bincount(own).max()) if owners is not None else 1
    m = max(top_k, 2) * views
    if engine == "auto":
        engine = "faiss" if n_rows >= FAISS_MIN_CLAIMS and _has_faiss() else "numpy"
    neighbours = (
        _faiss_neighbours(vectors, src, groups, m)
        if engine == "faiss"
        else _numpy_neighbours(vectors, src, groups, m, block)
    )
    found: dict[tuple[int, int], tuple[float, tuple[int, int]]] = {}  # claims -> (cosine, rows)
    best_other = np.full(n, -1.0)
    best_claim = [-1] * n
    nearest: dict[tuple[int, int], tuple[int, float]] = {}  # (claim, other source) -> (best claim, gap)
    sizes = {s: len(set(own[idx].tolist())) for s, idx in groups.items()}  # claims per source
    for r, s, ids, sims in neighbours:
        i = int(own[r])
        if len(sims) and float(sims[0]) > best_other[i]:
            best_other[i], best_claim[i] = float(sims[0]), int(own[ids[0]])
        firsts: dict[int, tuple[int, float]] = {}  # claim -> its best row here, and that cosine
        for j_row, sim in zip(ids, sims, strict=True):
            firsts.setdefault(int(own[j_row]), (int(j_row), float(sim)))
        ranked = list(firsts.values())  # distinct claims, best first
        if r == i and sizes[s] >= min_group and sizes[int(src[r])] >= min_group and len(ranked) >= 2:
            nearest[(i, s)] = (int(own[ranked[0][0]]), ranked[0][1] - ranked[1][1])
        for j_row, sim in ranked[:top_k]:
            if sim >= min_similarity:
                j = int(own[j_row])
                key, pair = ((i, j), (r, j_row)) if i < j else ((j, i), (j_row, r))
                rounded = round(float(sim), SIM_DECIMALS)
                if key not in found or rounded > found[key][0]:
                    found[key] = (rounded, pair)

    def margin(i: int, j: int) -> float:
        ni, nj = nearest.get((i, int(src[j]))), nearest.get((j, int(src[i])))
        if ni is None or nj is None or ni[0] != j or nj[0] != i:
            return 0.0
        return round(min(ni[1], nj[1]), SIM_DECIMALS)

    candidates = sorted(Candidate(i, j, s, margin(i, j), rows) for (i, j), (s, rows) in found.items())
    return Matches(candidates, [round(float(x), SIM_DECIMALS) for x in best_other], best_claim)


def _has_faiss() -> bool:
    try:
        import faiss  # noqa: F401
    except ImportError:
        return False
    return True
