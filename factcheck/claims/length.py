"""A cap on a claim's length: a run of text with no sentence end is cut into claims.

A claim is meant to be one fact. Text with no sentence punctuation (a pasted transcript, a
scraped page that lost its full stops) parses as one huge "sentence", which gave claims of
tens of thousands of characters: the encoder reads only their first 256 word pieces, and no
reader can check them. So a claim longer than :data:`MAX_CLAIM_CHARS` is cut into pieces at
most that long: at the last clause mark (``;``, ``:``, a dash) that fits, else the last comma,
else the last space, else (one unbroken word) at the cap itself.

400 characters: the longest claim of the seeds and the 40-set gold corpus has 277, so no
real sentence is cut, while 400 characters (about 70 words, some 100 word pieces) stay well
inside the encoder's 256-piece window. :func:`~factcheck.articles.check_set` warns (W103)
about an article that has such a run.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..types import Article, Claim

__all__ = ["MAX_CLAIM_CHARS", "cap_claims", "cut_points"]

#: The longest claim text, in characters.
MAX_CLAIM_CHARS = 400

_MARKS = (re.compile(r"[;:—–]\s|\s[-–—]+\s"), re.compile(r",\s"), re.compile(r"\s"))


def cut_points(text: str, limit: int = MAX_CLAIM_CHARS) -> list[tuple[int, int]]:
    """``text`` as ``(start, end)`` spans of at most ``limit`` characters, cut at clause marks,
    else commas, else spaces; surrounding spaces and cut marks are left out of the spans.

    Example:
        >>> t = "rain fell in the north, wind rose in the east; the roads closed"
        >>> [t[s:e] for s, e in cut_points(t, limit=30)]
        ['rain fell in the north', 'wind rose in the east', 'the roads closed']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    while len(text) - pos > limit:
        window = text[pos : pos + limit + 1]
        cut = next((m.end() for pat in _MARKS for m in reversed(list(pat.finditer(window))) if m.end() > 1), None)
        end = pos + (cut if cut is not None else limit)
        spans.append((pos, end))
        pos = end
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        piece = text[s:e]
        lead = len(piece) - len(piece.lstrip(" \t\n,;:—–-"))
        piece = piece.strip(" \t\n,;:—–-")
        if piece:
            out.append((s + lead, s + lead + len(piece)))
    return out


def cap_claims(article: Article, claims: list[Claim], limit: int = MAX_CLAIM_CHARS) -> list[Claim]:
    """``claims`` with every claim longer than ``limit`` cut into pieces (:func:`cut_points`);
    claim ids are renumbered in text order when any was cut. A piece's statement is its own
    text; it keeps its claim's sentence, attribution and kind."""
    if all(len(c.text) <= limit for c in claims):
        return claims
    out: list[Claim] = []
    for c in claims:
        if len(c.text) <= limit:
            out.append(c)
            continue
        for s, e in cut_points(c.text, limit):
            if any(ch.isalpha() for ch in c.text[s:e]):
                text = c.text[s:e]
                out.append(replace(c, text=text, start=c.start + s, end=c.start + e, statement=" ".join(text.split()), items=()))
    return [replace(c, id=f"{article.id}:{k + 1}") for k, c in enumerate(out)]
