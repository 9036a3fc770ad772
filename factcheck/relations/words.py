"""The one stop list and the one stemmer of the relation stage.

Content words (what two claims share, :mod:`factcheck.relations.polarity`) and unit words
("people", "tonnes", :mod:`factcheck.relations.quantities`) are both read without these stop
words and both stemmed by :func:`stem`, so "casualties" is one word wherever it is compared.

Example:
    >>> stem("casualties"), stem("rising"), stem("dollars"), stem("gas")
    ('casualty', 'ris', 'dollar', 'gas')
    >>> "the" in STOP and "said" in STOP
    True
"""

from __future__ import annotations

__all__ = ["STOP", "stem"]

#: Words that carry no fact of their own: articles, prepositions, auxiliaries, reporting verbs.
STOP = frozenset(
    [
        "a",
        "about",
        "after",
        "also",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "down",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "here",
        "his",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "less",
        "may",
        "me",
        "might",
        "more",
        "most",
        "must",
        "my",
        "of",
        "on",
        "or",
        "our",
        "out",
        "over",
        "per",
        "said",
        "say",
        "says",
        "shall",
        "she",
        "should",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)


def stem(word: str) -> str:
    """A light suffix stemmer: plurals ("casualties" -> "casualty") and verb endings ("-ing",
    "-ed", "-es", "-s"), keeping at least three letters."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 5:
        return w[:-3] + "y"
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w
