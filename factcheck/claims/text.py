"""Text furniture: the blocks of an article that may hold claims.

:func:`blocks` cuts the text at blank lines (and at line ends, when every line of a block ends a
sentence) and drops what states no claim: headings, bylines and credits; a leading dateline
(``WASHINGTON -``) is skipped. A heading that opens the article is kept as its headline, and a
text with no body at all (a pasted one-line claim) is kept whole. The regexes live here too.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from ..types import ClaimKind

_BLOCK_SPLIT = re.compile(r"\n[ \t\r\f\v]*\n")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*\Z")
_CREDIT = re.compile(
    r"\A[\s(\[]*(?:(?:additional\s+)?reporting|writing|editing|compiled|edited|written|"
    r"produced|photos?|graphics?)\s+by\b|\A\s*(?:©|copyright\b|all rights reserved|"
    r"follow (?:us|him|her)\b|read more\b|related:|click here\b|sign up\b|subscribe\b)",
    re.I,
)
_BYLINE = re.compile(
    r"\A\s*By\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}(?:\s+and\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})?\s*\Z"
)
_DATELINE = re.compile(
    r"\A(?P<dl>\s*[A-Z][A-Z.'’\- ]{1,40}[A-Z.]"
    r"(?:,\s*[A-Z][A-Za-z]{2,9}\.?\s+\d{1,2})?"
    r"\s*(?:\([A-Za-z .]{1,30}\))?\s*[-–—]{1,2}\s+)"
)


class Block(NamedTuple):
    """A span of the text that may hold claims: ``kind`` is ``"sentence"`` or ``"headline"``."""

    start: int
    end: int
    kind: ClaimKind = "sentence"


def blocks(text: str) -> list[Block]:
    """The blocks of a text that may hold claims, with headings, credits and datelines removed.

    A heading that opens an article (three words or more) is kept as its ``headline``; other
    headings ("Conclusion") are dropped. A text that is all heading-like (a one-line claim
    without a full stop, a pasted headline) is kept whole: nothing a user gave is dropped
    unless the text also has a body.

    Example:
        >>> t = "Conclusion\\n\\nWASHINGTON - Trade rose.\\n\\n(Reporting by A; Editing by B)"
        >>> [t[b.start:b.end] for b in blocks(t)]
        ['Trade rose.']
        >>> [(b.kind, t[b.start:b.end]) for t in ["Trade rose 3% in May"] for b in blocks(t)]
        [('sentence', 'Trade rose 3% in May')]
        >>> t = "Trade rises as prices fall\\n\\nTrade rose 3% in May."
        >>> [b.kind for b in blocks(t)]
        ['headline', 'sentence']
    """
    chunks: list[tuple[int, int, str]] = []  # (start, end, "body" | "heading" | "credit")
    pos = 0
    pieces: list[tuple[int, int]] = []
    for m in _BLOCK_SPLIT.finditer(text):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    for start, end in pieces:
        for s, e in _paragraph_lines(text, start, end):
            chunk = text[s:e]
            lead = len(chunk) - len(chunk.lstrip())
            s, chunk = s + lead, chunk.strip()
            if chunk:
                chunks.append((s, s + len(chunk), _furniture(chunk)))
    out: list[Block] = []
    for k, (s, e, what) in enumerate(chunks):
        if what == "body":
            chunk = text[s:e]
            dl = _DATELINE.match(chunk)
            if dl and len(chunk) > dl.end() + 10:
                s += dl.end()
            out.append(Block(s, e))
        elif what == "heading" and k == 0 and len(text[s:e].split()) >= 3:
            out.append(Block(s, e, "headline"))
    if not any(b.kind == "sentence" for b in out):  # no body: every piece of text is a claim
        out = [Block(s, e) for s, e, _ in chunks if any(ch.isalpha() for ch in text[s:e])]
    return out


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _paragraph_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A block whose lines each end a sentence (or are headings) is several paragraphs."""
    lines: list[tuple[int, int]] = []
    pos = start
    for line in text[start:end].split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    real = [(s, e) for s, e in lines if text[s:e].strip()]
    if len(real) <= 1:
        return real
    ends = sum(
        1 for s, e in real if _TERMINAL.search(_CONTROL.sub("", text[s:e])) or _is_furniture(text[s:e].strip())
    )
    return real if ends == len(real) else [(start, end)]


def _is_furniture(chunk: str) -> bool:
    """Headings, bylines and credits: text that states no claim of the body."""
    return _furniture(chunk) != "body"


def _furniture(chunk: str) -> Literal["body", "heading", "credit"]:
    """What a block is: body text, a heading, or a byline/credit line."""
    chunk = _CONTROL.sub("", chunk).strip()  # a stray NUL after the full stop hides the sentence end
    if _CREDIT.search(chunk) or _BYLINE.match(chunk):
        return "credit"
    words = chunk.split()
    if len(words) <= 15 and not _TERMINAL.search(chunk):
        return "heading"  # short, no sentence punctuation
    letters = [c for c in chunk if c.isalpha()]
    if len(words) <= 15 and letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return "heading"  # all caps
    return "body"
