"""Text furniture: the blocks of an article that may hold claims.

:func:`blocks` cuts the text at blank lines (and at line ends, when every line of a block ends a
sentence) and drops what states no claim: headings, bylines and credits; a leading dateline
(``WASHINGTON -``) is skipped. The regexes for them live here too.
"""

from __future__ import annotations

import re

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


def blocks(text: str) -> list[tuple[int, int]]:
    """Spans of the text blocks that may hold claims (headings, credits, datelines removed).

    Example:
        >>> t = "Conclusion\\n\\nWASHINGTON - Trade rose.\\n\\n(Reporting by A; Editing by B)"
        >>> [t[s:e] for s, e in blocks(t)]
        ['Trade rose.']
    """
    out: list[tuple[int, int]] = []
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
            e = s + len(chunk)
            if not chunk or _is_furniture(chunk):
                continue
            dl = _DATELINE.match(chunk)
            if dl and len(chunk) > dl.end() + 10:
                s += dl.end()
            out.append((s, e))
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
    """Headings, bylines and credits: text that states no claim."""
    chunk = _CONTROL.sub("", chunk).strip()  # a stray NUL after the full stop hides the sentence end
    if _CREDIT.search(chunk) or _BYLINE.match(chunk):
        return True
    words = chunk.split()
    if len(words) <= 15 and not _TERMINAL.search(chunk):
        return True  # a heading: short, no sentence punctuation
    letters = [c for c in chunk if c.isalpha()]
    if len(words) <= 15 and letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return True  # an all-caps heading
    return False
