"""Near-duplicate articles: the same text twice, or one outlet republishing another's copy.

Two articles are copies when each has at least :data:`MIN_COPY_WORDS` words and the Jaccard
similarity of their word 5-shingles (runs of five words, lower-cased, punctuation dropped) is
at least :data:`COPY_THRESHOLD`. Copies are not
independent reports, so with ``Options.merge_copies`` (the default) a copy and the article it
copies count as one source for agreement (:func:`factcheck.label.label_claims`), a coded
warning (W104) names them, and the report's sources record which article each copy repeats.

Why 0.9: a shingle set shared at 0.9 Jaccard means about 95% of each article's five-word runs
also occur in the other, which lightly edited wire copy keeps (a changed figure, a trimmed
sentence, another dateline: each edit breaks only the five runs through it), while independent
reports of one event share almost none. Measured here: the most similar of the benchmark
corpus's 130 pairs of reports of one event (40 events) shares 0.022, the two seeds 0.004; a
690-word seed with its first and last sentences cut and another dateline keeps 0.945 with the
original, with three figures changed 0.975, and its first half alone 0.44 (an excerpt is not taken for
a copy).

Why a minimum length: short texts from independent outlets can match word for word. In the STS
news-headline pairs the benchmark uses, 5 of 260 pairs of different outlets' headlines are the
same words (7 to 9 of them); a headline or one sentence is not evidence of copying, two or
three sentences the same are. Below 40 words nothing is a copy.

Example:
    >>> from factcheck.types import Article
    >>> wire = "The central bank raised its benchmark rate by a quarter point on Tuesday, the bank said."
    >>> wire += " Markets fell as traders priced in further increases before the end of the year."
    >>> wire += " Economists said inflation would stay above the target for some time."
    >>> arts = [Article(id="wire", text=wire), Article(id="local", text="Rates rose."),
    ...         Article(id="repost", text="  " + wire.upper())]
    >>> [(c.source, c.of, c.similarity) for c in find_copies(arts)]
    [('repost', 'wire', 1.0)]
    >>> find_copies([Article(id="a", text="Rates rose."), Article(id="b", text="Rates rose.")])  # too short to tell
    ()
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .match import Matches, find_matches
from .types import Article, ReportWarning, Source

__all__ = [
    "COPY_THRESHOLD",
    "MIN_COPY_WORDS",
    "SHINGLE_WORDS",
    "Copy",
    "copy_origins",
    "copy_warnings",
    "find_copies",
    "independent_nearest",
    "mark_copies",
    "shingles",
    "text_similarity",
]

#: Jaccard similarity of word shingles at or above which two articles are copies.
COPY_THRESHOLD = 0.9
#: Fewer words than this and an article is never a copy (independent short texts can match).
MIN_COPY_WORDS = 40
#: Words per shingle.
SHINGLE_WORDS = 5

_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    """The runs of ``n`` words of a text (lower-cased, punctuation dropped); a text of fewer
    words is one run.

    Example:
        >>> sorted(shingles("Rain fell, then it stopped!", n=4))
        [('fell', 'then', 'it', 'stopped'), ('rain', 'fell', 'then', 'it')]
    """
    words = _WORD.findall(text.lower())
    if len(words) <= n:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[k : k + n]) for k in range(len(words) - n + 1))


def text_similarity(a: str, b: str, n: int = SHINGLE_WORDS) -> float:
    """Jaccard similarity of two texts' word ``n``-shingles, in [0, 1] (two texts without words: 0).

    Example:
        >>> text_similarity("Trade rose 3% in May.", "trade rose 3 % in may")
        1.0
        >>> text_similarity("Trade rose 3% in May.", "Trade fell 3% in May.")
        0.0
    """
    return _jaccard(shingles(a, n), shingles(b, n))


def _jaccard(x: frozenset[tuple[str, ...]], y: frozenset[tuple[str, ...]]) -> float:
    union = len(x | y)
    return len(x & y) / union if union else 0.0


@dataclass(frozen=True, kw_only=True)
class Copy:
    """Article ``source`` is a near copy of the earlier article ``of`` (their shingle
    ``similarity``, rounded to 3 decimals)."""

    source: str
    of: str
    similarity: float


def find_copies(articles: Sequence[Article], *, threshold: float = COPY_THRESHOLD) -> tuple[Copy, ...]:
    """Each article that is a near copy of an earlier one in the set, with the earlier article
    it is most similar to (the first of equals). Pure and deterministic; the set's order decides
    which of two copies is "the copy"; an article of fewer than :data:`MIN_COPY_WORDS` words is
    never one."""
    sets = [shingles(a.text) for a in articles]
    long = [len(_WORD.findall(a.text)) >= MIN_COPY_WORDS for a in articles]
    out: list[Copy] = []
    for k, a in enumerate(articles):
        best, best_sim = -1, threshold
        for j in range(k if long[k] else 0):
            if not long[j]:
                continue
            sim = _jaccard(sets[k], sets[j])
            if sim >= best_sim and (best < 0 or sim > best_sim):
                best, best_sim = j, sim
        if best >= 0:
            out.append(Copy(source=a.id, of=articles[best].id, similarity=round(best_sim, 3)))
    return tuple(out)


def copy_origins(copies: Sequence[Copy]) -> Mapping[str, str]:
    """Each copy's original: the first article of its chain of copies (``c`` copies ``b``, which
    copies ``a``: ``a``). Articles that copy nothing are not keys.

    Example:
        >>> copy_origins([Copy(source="b", of="a", similarity=1.0), Copy(source="c", of="b", similarity=0.95)])
        {'b': 'a', 'c': 'a'}
    """
    origin: dict[str, str] = {}
    for c in copies:  # in set order, so ``of`` is resolved before its copies
        origin[c.source] = origin.get(c.of, c.of)
    return origin


def mark_copies(sources: Sequence[Source], copies: Sequence[Copy]) -> tuple[Source, ...]:
    """``sources`` with :attr:`~factcheck.types.Source.copy_of` set on each copy."""
    of = {c.source: c.of for c in copies}
    return tuple(replace(s, copy_of=of[s.id]) if s.id in of else s for s in sources)


def copy_warnings(copies: Sequence[Copy]) -> tuple[ReportWarning, ...]:
    """One W104 warning per copy, naming the article it copies."""
    return tuple(
        ReportWarning.coded("W104", source=c.source, article=c.source, of=c.of, similarity=c.similarity)
        for c in copies
    )


def independent_nearest(
    matches: Matches,
    copies: Sequence[Copy],
    ids: Sequence[str],
    vecs: np.ndarray,
    sources: Sequence[int],
    owners: Sequence[int],
) -> Matches:
    """``matches`` with each claim's nearest claim (``best_similarity``, ``best_match``) taken
    from independent sources only: a copy and its original are one source, so a unique claim's
    ``nearest`` and confidence do not come from its own copy. ``ids``: the set's article ids;
    ``sources``: each row's index in ``ids``; ``owners``: each row's claim. Without copies,
    ``matches`` itself."""
    if not copies:
        return matches
    origin = copy_origins(copies)
    index = {a: k for k, a in enumerate(ids)}
    merged = [index[origin.get(ids[s], ids[s])] for s in sources]
    near = find_matches(vecs, merged, top_k=1, min_similarity=2.0, owners=owners)  # no pairs, nearest only
    return replace(matches, best_similarity=near.best_similarity, best_match=near.best_match)
