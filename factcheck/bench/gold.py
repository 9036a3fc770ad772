"""The gold format (``factcheck.gold/1``): article sets with labelled claims.

A gold set is a folder holding the articles (``<id>.txt`` or ``.md``) and ``gold.json``::

    {"schema": "factcheck.gold/1", "id": "...",
     "articles": [{"id": "wire", "title": null, "published": "2026-03-04"}],
     "claims": [{"source": "wire", "text": "exact substring", "label": "agreeing",
                 "kind": null, "with": ["local"]}]}

A claim gives its ``text`` (an exact substring of the article; the first occurrence is used
unless ``start``/``end`` are given). Loading validates everything and names what is wrong.

Example:
    >>> from pathlib import Path
    >>> s = load_gold_set(Path("seeds"))
    >>> s.id, len(s.articles), s.claims[0].label
    ('seeds', 2, 'agreeing')
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..articles import read_article
from ..errors import GoldError
from ..types import Article

__all__ = ["GOLD_SCHEMA", "GoldClaim", "GoldSet", "load_corpus", "load_gold_set"]

GOLD_SCHEMA = "factcheck.gold/1"
LABELS = ("agreeing", "unique", "conflicting")


@dataclass(frozen=True)
class GoldClaim:
    source: str
    start: int
    end: int
    text: str
    label: str
    kind: str | None = None


@dataclass(frozen=True)
class GoldSet:
    id: str
    articles: tuple[Article, ...]
    claims: tuple[GoldClaim, ...]


def _fail(path: Path, reason: str) -> GoldError:
    return GoldError.coded("E201", path=str(path), reason=reason)


def load_gold_set(folder: Path) -> GoldSet:
    """Read and validate one gold set folder."""
    gpath = folder / "gold.json"
    try:
        data = json.loads(gpath.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _fail(gpath, exc.strerror or str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise _fail(gpath, f"invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(data, dict) or data.get("schema") != GOLD_SCHEMA:
        raise _fail(gpath, f"schema must be {GOLD_SCHEMA!r}")
    meta = {a["id"]: a for a in data.get("articles", []) if isinstance(a, dict) and "id" in a}
    articles: dict[str, Article] = {}
    for f in sorted(folder.iterdir()):
        if f.suffix.lower() in (".txt", ".md") and f.is_file():
            a = read_article(f)
            m = meta.get(a.id, {})
            pub = m.get("published")
            articles[a.id] = Article(
                id=a.id,
                text=a.text,
                title=m.get("title"),
                url=m.get("url"),
                published=dt.date.fromisoformat(pub) if isinstance(pub, str) else a.published,
            )
    if len(articles) < 2:
        raise _fail(gpath, f"needs at least two article files beside it, found {len(articles)}")
    claims: list[GoldClaim] = []
    for k, c in enumerate(data.get("claims", []), start=1):
        src, text, label = c.get("source"), c.get("text"), c.get("label")
        if src not in articles:
            raise _fail(gpath, f"claim {k} names source {src!r}; articles: {', '.join(articles)}")
        if label not in LABELS:
            raise GoldError.coded("E203", index=k, path=str(gpath), label=label)
        body = articles[src].text
        if "start" in c and "end" in c:
            start, end = int(c["start"]), int(c["end"])
            if not 0 <= start < end <= len(body):
                raise GoldError.coded(
                    "E204", index=k, path=str(gpath), start=start, end=end, article=src, length=len(body)
                )
            text = body[start:end]
        else:
            if not isinstance(text, str) or text not in body:
                raise GoldError.coded("E202", index=k, path=str(gpath), text=text, article=src)
            start = body.index(text)
            end = start + len(text)
        claims.append(GoldClaim(source=src, start=start, end=end, text=text, label=label, kind=c.get("kind")))
    return GoldSet(
        id=str(data.get("id", folder.name)), articles=tuple(articles.values()), claims=tuple(claims)
    )


def load_corpus(root: Path) -> list[GoldSet]:
    """Every gold set under ``root`` (folders holding a ``gold.json``), sorted by path."""
    folders = sorted({p.parent for p in root.rglob("gold.json")})
    return [load_gold_set(f) for f in folders]
