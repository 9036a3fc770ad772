"""Reading articles: strings, ``.txt``/``.md`` files, JSON objects and JSON Lines.

A file may begin with a metadata line such as `` date 2025-01-28`` (as the seed articles do);
it becomes ``Article.published`` and is not treated as text to check. The metadata is blanked
out with spaces rather than cut, so claim offsets still index the file's text.

Example:
    >>> a = to_article(" date 2025-01-28 Trade rose.", default_id="a")
    >>> a.published.isoformat(), a.text.strip()
    ('2025-01-28', 'Trade rose.')
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, TypeAlias

from .claims.length import MAX_CLAIM_CHARS
from .errors import FactcheckWarning, InputError, ModelError
from .types import Article, ReportWarning

__all__ = [
    "ArticleLike",
    "ArticleSet",
    "as_check",
    "as_set",
    "check_set",
    "in_another_language",
    "input_notes",
    "iter_dir_sets",
    "iter_sets",
    "location_kind",
    "looks_english",
    "non_english_ids",
    "read_article",
    "read_jsonl_sets",
    "refuse_url",
    "to_article",
    "to_articles",
    "url_error",
]

ArticleLike: TypeAlias = Article | str | os.PathLike[str] | Mapping[str, Any]

_META = re.compile(r"\A\s*(?:date|published)\s*[:=]?\s*(\d{4}-\d{2}-\d{2})\b[ \t]*\n?", re.I)
_TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
_HTML_SUFFIXES = {".html", ".htm"}


@dataclass(frozen=True, kw_only=True)
class ArticleSet:
    """Several reports of one event, checked together.

    ``checked``: the id of the article under check, when the set is a check (one text and its
    sources, :func:`as_check`): only that article's claims are labelled.
    """

    id: str | None
    articles: tuple[Article, ...]
    checked: str | None = None


def _split_meta(text: str) -> tuple[str, dt.date | None]:
    m = _META.match(text)
    if not m:
        return text, None
    try:
        day = dt.date.fromisoformat(m.group(1))
    except ValueError:
        return text, None
    # Blank the metadata out (same length) so offsets keep indexing the original text.
    blank = re.sub(r"[^\n]", " ", text[: m.end()])
    return blank + text[m.end() :], day


def _parse_date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise InputError.coded("E105", value=f"{where}: published={value!r} (want YYYY-MM-DD)")


def read_article(path: str | os.PathLike[str]) -> Article:
    """Read a ``.txt``/``.md`` file (id = file stem), a ``.json`` article object, or an
    ``.html`` page (main text extracted with trafilatura).

    Undecodable bytes are replaced (with a warning naming the file), never fatal.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        reason = (exc.strerror or str(exc)) + (_did_you_mean(p) if isinstance(exc, FileNotFoundError) else "")
        raise InputError.coded("E103", path=str(p), reason=reason) from exc
    if (kind := _binary_kind(raw)) is not None:
        raise InputError.coded("E114", path=str(p), kind=kind)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.warn(f"{p}: not valid UTF-8; undecodable bytes were replaced.", stacklevel=2)
        text = raw.decode("utf-8", errors="replace")
    text = text.replace("\x00", " ")
    if p.suffix.lower() in _HTML_SUFFIXES:
        return html_article(text, default_id=p.stem, where=str(p))
    if p.suffix.lower() == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError.coded("E106", line=exc.lineno, path=str(p), reason=exc.msg) from exc
        if not isinstance(obj, Mapping):
            raise InputError.coded("E105", value=f"{p} (a JSON {type(obj).__name__})")
        return _from_mapping(obj, default_id=p.stem)
    body, published = _split_meta(text)
    return Article(id=p.stem, text=body, published=published)


def _did_you_mean(p: Path) -> str:
    """`` (did you mean 'quake/wire_a.txt'?)`` for a missing file with a close sibling, else ``""``."""
    try:
        names = [f.name for f in p.parent.iterdir() if f.suffix.lower() in ARTICLE_SUFFIXES]
    except OSError:
        return ""
    close = difflib.get_close_matches(p.name, names, n=1, cutoff=0.75)
    return f" (did you mean {str(p.parent / close[0])!r}?)" if close else ""


_MAGIC = {
    b"%PDF": "a PDF",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.odt document)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"\x7fELF": "a program",
}


def _binary_kind(raw: bytes) -> str | None:
    """What a file that is not text is ("a PDF", "binary data"), or ``None`` for text.

    Text may hold a stray NUL or a few bad bytes; binary data is judged by its magic number,
    or by control bytes making up more than a tenth of the first 8 KiB.

    Example:
        >>> _binary_kind(b"%PDF-1.7 ...")
        'a PDF'
    """
    for magic, kind in _MAGIC.items():
        if raw.startswith(magic):
            return kind
    head = raw[:8192]
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return "binary data" if head and control / len(head) > 0.1 else None


ARTICLE_SUFFIXES = (".txt", ".md", ".json", *sorted(_HTML_SUFFIXES))


def read_articles(paths: Iterable[str | os.PathLike[str]], *, ids: Sequence[str] = ()) -> list[Article]:
    """Read the articles a command line names: files, and folders of them.

    A folder holding one article file is one source named after the folder
    (``d1/article.txt`` -> ``d1``); a folder of several gives one source per file. Files that
    share a stem (``d1/article.txt d2/article.txt``) are named after their folders. ``ids``,
    when given, name the articles in order (one per article).

    Raises:
        InputError: E103 (cannot read, a URL, or a folder with no article file), E114 (binary),
            E116 (two paths give one id: the same file twice), E104 (``ids`` clash),
            E107 (``ids`` of the wrong length).
    """
    found: list[tuple[Path, str | None]] = []  # (file, folder name when the folder is the source)
    for raw in paths:
        refuse_url(raw)
        p = Path(raw)
        if p.is_dir():
            files = sorted(f for f in p.iterdir() if f.suffix.lower() in ARTICLE_SUFFIXES and f.name != "gold.json")
            if not files:
                raise InputError.coded("E103", path=str(p), reason="a folder with no .txt, .md, .json or .html file")
            found += [(f, p.resolve().name if len(files) == 1 else None) for f in files]
        else:
            found.append((p, None))
    arts = [read_article(f) for f, _ in found]
    stems = Counter(a.id for a in arts)
    out: list[Article] = []
    for (f, folder), a in zip(found, arts, strict=True):
        name = folder or (f.resolve().parent.name if stems[a.id] > 1 else None)
        out.append(replace(a, id=name) if name and a.id == f.stem else a)
    if not ids:
        _check_names(found, out)
    if ids:
        if len(ids) != len(out):
            reason = f"{len(ids)} --id values for {len(out)} articles: give one per article, in order"
            raise InputError.coded("E107", set_id="command line", reason=reason)
        out = [replace(a, id=i) for a, i in zip(out, ids, strict=True)]
    return out


def refuse_url(raw: str | os.PathLike[str]) -> None:
    """Refuse a URL given as an article file (E103, :func:`url_error`): pages are not fetched.
    Give the string as typed: ``Path`` turns ``https://`` into ``https:/``.

    Example:
        >>> refuse_url("https://example.com/a")
        Traceback (most recent call last):
        ...
        factcheck.errors.InputError: [E103] Cannot read 'https://example.com/a': factcheck does not fetch web pages (it works offline). Save the page as HTML (in a browser: Save Page As; or curl -L -o page.html 'https://example.com/a') and give that file.
    """
    if isinstance(raw, str) and (_SCHEME.match(raw.strip()) or location_kind(raw) == "url") and not _exists(raw):
        raise url_error(raw.strip())


def _check_names(found: Sequence[tuple[Path, str | None]], arts: Sequence[Article]) -> None:
    """E116 naming the two paths, as typed, that would give one source id (the same file
    twice, or two files named after the same folder)."""
    first: dict[str, Path] = {}
    for (f, _), a in zip(found, arts, strict=True):
        if a.id not in first:
            first[a.id] = f
            continue
        same = first[a.id].resolve() == f.resolve()
        what = "are the same file" if same else f"would both be named {a.id!r}"
        hint = "give each article once" if same else "name them with --id (one per article, in order)"
        raise InputError.coded("E116", first=str(first[a.id]), second=str(f), what=what, hint=hint)


def html_article(markup: str, *, default_id: str, where: str = "<html>") -> Article:
    """The main text, title and date of a saved web page (trafilatura, a dependency of factcheck).

    The article text is the extracted main text (boilerplate, menus and footers removed), so
    claim offsets index that text, not the HTML.
    """
    try:
        import trafilatura
    except ImportError as exc:
        raise ModelError.coded(
            "E303", feature="Reading HTML", package="trafilatura", hint="'factcheck[html]'"
        ) from exc
    raw = trafilatura.extract(markup, output_format="json", with_metadata=True, include_comments=False)
    data = json.loads(raw) if raw else {}
    text = data.get("text") or ""
    if not text.strip():
        raise InputError.coded("E103", path=where, reason="no article text found in the HTML")
    title = data.get("title")
    if isinstance(title, str) and text.startswith(title + "\n"):
        text = " " * len(title) + text[len(title) :]  # the headline is not a claim; keep offsets
    published = None
    if isinstance(data.get("date"), str):
        try:
            published = dt.date.fromisoformat(data["date"][:10])
        except ValueError:
            published = None
    return Article(
        id=default_id,
        text=text,
        title=title if isinstance(title, str) else None,
        url=data.get("source"),
        published=published,
    )


def _from_mapping(obj: Mapping[str, Any], default_id: str) -> Article:
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError.coded(
            "E105", value=f"{default_id}: 'text' must be a string, got {type(text).__name__}"
        )
    aid = obj.get("id", default_id)
    if not isinstance(aid, (str, int)):
        raise InputError.coded("E105", value=f"{default_id}: 'id' must be a string")
    body, meta_date = _split_meta(text)
    published = _parse_date(obj.get("published") or obj.get("date"), str(aid)) or meta_date
    title = obj.get("title")
    url = obj.get("url")
    return Article(
        id=str(aid),
        text=body,
        title=title if isinstance(title, str) else None,
        url=url if isinstance(url, str) else None,
        published=published,
    )


_URL = re.compile(r"\A(?:[a-z][a-z0-9+.-]*://|www\.)\S+\Z", re.I)
#: What a command-line argument that is a URL starts with, whatever follows.
_SCHEME = re.compile(r"\A[a-z][a-z0-9+.-]*://", re.I)
_SEPARATORS = ("/", "\\")


def location_kind(s: str) -> Literal["url", "path"] | None:
    """Whether a string names a web page (``"url"``) or a file or folder (``"path"``) rather
    than being article text (``None``).

    One line only, then: a URL is ``scheme://...`` or ``www....`` with no whitespace (unless a
    file of that name exists); a path has
    an article suffix (``.txt``, ``.md``, ``.json``, ``.html``, ``.htm``), ends with a path
    separator, or is one token with a separator in it (``quake/wire_x``). A sentence with a
    slash in it (``sales rose 3%/year``) is text.

    Example:
        >>> [location_kind(s) for s in ("quake/wire_x.txt", "quake/", "https://x.org/a", "either/or, he said")]
        ['path', 'path', 'url', None]
    """
    s = s.strip()
    if not s or "\n" in s or len(s) >= 4096:
        return None
    if _URL.match(s):  # an existing file named like a host ("www.bbc.co.uk.html") is a file
        return "path" if _exists(s) else "url"
    if Path(s).suffix.lower() in _TEXT_SUFFIXES | _HTML_SUFFIXES | {".json"}:
        return "path"
    if s.endswith(_SEPARATORS) or (any(c in s for c in _SEPARATORS) and not any(c.isspace() for c in s)):
        return "path"
    return None


def _exists(s: str) -> bool:
    try:
        return Path(s).exists()
    except (OSError, ValueError):  # a name too long for the file system, or a NUL
        return False


def url_error(url: str) -> InputError:
    """The E103 error for a URL given as an article: pages are not fetched; save it first."""
    reason = (
        "factcheck does not fetch web pages (it works offline). Save the page as HTML (in a browser: "
        f"Save Page As; or curl -L -o page.html '{url}') and give that file"
    )
    return InputError.coded("E103", path=url, reason=reason)


def _read_location(s: str, kind: Literal["url", "path"]) -> list[Article]:
    """The articles a path-like string names (a folder's, as the command line reads them);
    an E103 error that says how to pass text when it cannot be read."""
    s = s.strip()
    if kind == "url":
        raise url_error(s)
    try:
        return read_articles([s])
    except InputError as exc:
        if exc.code != "E103" or _exists(s):
            raise
        hint = "; a string that looks like a path is read as a file (pass Article(id=..., text=...) for text)"
        err = InputError(str(exc).rstrip(".") + hint + ".")
        err.code = exc.code
        raise err from exc


def _one_article(where: str, kind: Literal["url", "path"]) -> Article:
    """The one article a path-like string names; E103 for a folder of several."""
    found = _read_location(where, kind)
    if len(found) != 1:
        reason = f"a folder of {len(found)} articles, where one article was expected: give one file"
        raise InputError.coded("E103", path=where, reason=reason)
    return found[0]


def _expand(item: ArticleLike, *, default_id: str) -> list[Article]:
    """One article-like value as articles: a folder gives its files' articles, as on the
    command line; anything else gives one article (:func:`to_article`)."""
    if isinstance(item, os.PathLike) and Path(item).is_dir():
        return read_articles([item])
    if isinstance(item, str) and (kind := location_kind(item)) is not None:
        return _read_location(item, kind)
    return [to_article(item, default_id=default_id)]


def to_article(item: ArticleLike, *, default_id: str) -> Article:
    """Turn one article-like value into an :class:`Article`.

    A string that looks like a path or URL (:func:`location_kind`) is read as a file: one that
    does not exist, a URL, or a folder of several articles is an E103 error (a folder of one
    article gives that article, named after the folder). Other strings are article text;
    ``Article(id=..., text=...)`` passes any text as text.
    """
    if isinstance(item, Article):
        return item
    if isinstance(item, os.PathLike):
        return _one_article(os.fspath(item), "path") if Path(item).is_dir() else read_article(item)
    if isinstance(item, str):
        if (kind := location_kind(item)) is not None:
            return _one_article(item, kind)
        body, published = _split_meta(item)
        return Article(id=default_id, text=body, published=published)
    if isinstance(item, Mapping):
        return _from_mapping(item, default_id)
    raise InputError.coded("E105", value=item)


def to_articles(items: Iterable[ArticleLike]) -> tuple[Article, ...]:
    """Normalise a set of article-like values; ids default to ``a1``, ``a2``, ...

    Raises:
        InputError: on duplicate ids (after defaults are applied).
    """
    if isinstance(items, (str, bytes, Mapping, Article)):
        raise InputError.coded("E105", value=f"a single {type(items).__name__} (pass a list of articles)")
    out = tuple(a for i, x in enumerate(items) for a in _expand(x, default_id=f"a{i + 1}"))
    seen: set[str] = set()
    for a in out:
        if a.id in seen:
            raise InputError.coded("E104", article=a.id)
        seen.add(a.id)
    return out


def as_check(text: ArticleLike, sources: Iterable[ArticleLike], set_id: str | None = None) -> ArticleSet:
    """A text and its sources as one set to check: ids default to ``text`` and ``s1``, ``s2``, ...

    Example:
        >>> s = as_check("Rain fell.", ["It rained.", {"id": "wire", "text": "Rain fell."}])
        >>> s.checked, [a.id for a in s.articles]
        ('text', ['text', 's1', 'wire'])

    Raises:
        InputError: no source (E115), duplicate ids (E104), an unusable article (E105).
    """
    if isinstance(sources, (str, bytes, Mapping, Article)):
        sources = [sources]
    checked = to_article(text, default_id="text")
    srcs = tuple(a for i, x in enumerate(sources) for a in _expand(x, default_id=f"s{i + 1}"))
    if not srcs:
        raise InputError.coded("E115", text=checked.id)
    seen: set[str] = set()
    for a in (checked, *srcs):
        if a.id in seen:
            raise InputError.coded("E104", article=a.id)
        seen.add(a.id)
    return ArticleSet(id=set_id, articles=(checked, *srcs), checked=checked.id)


def as_set(item: Any, set_id: str | None = None) -> ArticleSet:
    """One input set as an :class:`ArticleSet`: an ArticleSet, an ``(id, articles)`` pair, a
    ``{"id", "articles"}`` mapping (a batch line's shape), a ``{"id", "text", "sources"}``
    mapping (a check, :func:`as_check`), or a sequence of article-like values; ``set_id``,
    when given, replaces its id."""
    if isinstance(item, ArticleSet):
        return item if set_id is None else replace(item, id=set_id)
    if isinstance(item, Mapping) and "sources" in item and "text" in item:
        sid = item.get("id")
        return as_check(item["text"], item["sources"], set_id or (None if sid is None else str(sid)))
    if isinstance(item, Mapping) and "articles" in item:
        sid = item.get("id")
        return ArticleSet(id=set_id or (None if sid is None else str(sid)), articles=to_articles(item["articles"]))
    if (
        isinstance(item, tuple)
        and len(item) == 2
        and (item[0] is None or isinstance(item[0], str))
        and not isinstance(item[1], str)
    ):
        return ArticleSet(id=set_id or item[0], articles=to_articles(item[1]))
    return ArticleSet(id=set_id, articles=to_articles(item))


def check_set(aset: ArticleSet, *, max_chars: int, stacklevel: int = 2) -> None:
    """Raise the :class:`~factcheck.errors.InputError` of a set that cannot be cross-checked
    (an empty article E101, one over ``max_chars`` E109, fewer than two articles E102); warn
    about an article with a run of text too long for one claim (W103) and one that does not
    look like English (W102) (``stacklevel`` as in :func:`warnings.warn`, counted from the
    caller of this function)."""
    for a in aset.articles:
        if not a.text.strip():
            raise InputError.coded("E101", article=a.id)
        if len(a.text) > max_chars:
            raise InputError.coded("E109", article=a.id, size=len(a.text), limit=max_chars)
    if len(aset.articles) < 2:
        ids = ", ".join(a.id for a in aset.articles) or "none"
        raise InputError.coded("E102", count=len(aset.articles), ids=ids)
    for note in input_notes(aset):
        warnings.warn(str(note), FactcheckWarning, stacklevel=stacklevel + 1)


def input_notes(aset: ArticleSet) -> tuple[ReportWarning, ...]:
    """What a reader of the report must know about the articles themselves: a run of text with
    no sentence end, cut into claims of at most ``MAX_CLAIM_CHARS`` (W103), and an article that
    does not look English (W102), in article order. :func:`check_set` warns them; the report
    lists them (:attr:`~factcheck.types.Report.warnings`)."""
    notes: list[ReportWarning] = []
    for a in aset.articles:
        if (run := longest_run(a.text)) > MAX_CLAIM_CHARS:
            notes.append(ReportWarning.coded("W103", source=a.id, article=a.id, size=run, limit=MAX_CLAIM_CHARS))
        if not looks_english(a.text):
            notes.append(ReportWarning.coded("W102", source=a.id, article=a.id))
    return tuple(notes)


_ENGLISH = frozenset("the of and to in a is that for on was with as by at from has have said it be".split())  # noqa: SIM905
#: Common function words of Spanish, French, German, Italian, Portuguese and Dutch that are
#: not also English words ("die", "son", "pour", "do" and "per" are left out).
_OTHER = frozenset(
    """de en un el la los las del por para con una unos unas que y es al lo se su sus pero como más según fue
    le les des du et est une dans pas qui sur au aux avec ce cette sont ont été
    der das und ist nicht mit dem von zu ein eine auf für sich auch dass wurde
    il di che della delle sono gli nel alla non
    os não uma com da em dos das pelo pela
    het een niet zijn voor""".split()  # noqa: SIM905
)


def looks_english(text: str) -> bool:
    """Whether ``text`` reads as English, from its first 2,000 words: at least 5% are common
    English function words, and no fewer than the common function words of six other European
    languages. A text of under 20 words is English unless it has at least three of the others'
    words and over three times as many as English ones ("Sismo de 5,9 sacude Lima el martes por
    la mañana"; "Los Angeles and Las Vegas" stays English).

    Example:
        >>> looks_english("Rain fell."), looks_english("Sismo de magnitud 5,9 sacude Lima el martes por la mañana.")
        (True, False)
    """
    return _reads_english(*_function_words(text))


def in_another_language(text: str) -> bool:
    """Whether ``text`` reads as another language: not English (:func:`looks_english`), and
    the other languages' function words outnumber English ones. Text that is neither (a page's
    leftover script, a list of names) is not: the rules still read it.

    Example:
        >>> in_another_language("Sismo de magnitud 5,9 sacude Lima el martes por la mañana.")
        True
        >>> in_another_language("var twitterVia = 'MailOnline'; DM.has('shareLinkTop', 'shareLinks'); " * 4)
        False
    """
    n, english, other = _function_words(text)
    return not _reads_english(n, english, other) and other > english


def _reads_english(n: int, english: int, other: int) -> bool:
    """:func:`looks_english`'s test on the counts of :func:`_function_words`."""
    if n < 20:
        return not (other >= 3 and other > 3 * english)
    return english / n >= 0.05 and english >= other


def _function_words(text: str) -> tuple[int, int, int]:
    """Of the first 2,000 words: how many, how many English function words, how many others'."""
    words = [w.strip(".,;:!?\"'()«»¿¡") for w in text[:20000].lower().split()[:2000]]
    return len(words), sum(w in _ENGLISH for w in words), sum(w in _OTHER for w in words)


_SENTENCE_END = re.compile(r"[.!?…。]+[\"'”’)\]]*(?=\s|\Z)|\n")


def longest_run(text: str) -> int:
    """The most characters ``text`` has between two sentence ends (or line ends): a run longer
    than :data:`~factcheck.claims.MAX_CLAIM_CHARS` gives claims cut to that length.

    Example:
        >>> longest_run("Rain fell. Wind rose in the north and the east.\\nIt stopped")
        35
    """
    return max(len(run.strip()) for run in _SENTENCE_END.split(text))


def non_english_ids(aset: ArticleSet) -> frozenset[str]:
    """The ids of the articles of ``aset`` written in another language (:func:`in_another_language`):
    their pairs are judged on similarity alone."""
    return frozenset(a.id for a in aset.articles if in_another_language(a.text))


def stdin_articles(data: str) -> list[Article]:
    """Articles from a JSON list of article objects, ``{"articles": [...]}``, or JSON Lines."""
    data = data.strip()
    if not data:
        return []
    try:
        obj = json.loads(data)
    except json.JSONDecodeError:
        obj = None
    if isinstance(obj, Mapping) and "articles" in obj:
        obj = obj["articles"]
    if isinstance(obj, list):
        return [
            _from_mapping(x, default_id=f"a{k + 1}")
            if isinstance(x, Mapping)
            else to_article(x, default_id=f"a{k + 1}")
            for k, x in enumerate(obj)
        ]
    out = []
    for k, line in enumerate(data.splitlines(), start=1):
        if line.strip():
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError.coded("E106", line=k, path="<stdin>", reason=exc.msg) from exc
            if not isinstance(item, Mapping):
                raise InputError.coded("E105", value=f"line {k} of stdin (a JSON {type(item).__name__})")
            out.append(_from_mapping(item, default_id=f"a{k}"))
    return out


def parse_set_line(line: str, *, lineno: int, path: str) -> ArticleSet:
    """Parse one JSON Lines record: ``{"id": ..., "articles": [...]}`` (each article a text or
    an article object), or a check, ``{"id": ..., "text": ..., "sources": [...]}``."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError.coded("E106", line=lineno, path=path, reason=exc.msg) from exc
    except RecursionError as exc:  # "[[[[...": deeper than Python's decoder can go
        raise InputError.coded("E106", line=lineno, path=path, reason="nested too deeply") from exc
    if not isinstance(obj, Mapping):
        raise InputError.coded("E107", set_id=f"line {lineno}", reason="a set must be a JSON object")
    sid = obj.get("id")
    set_id = str(sid) if isinstance(sid, (str, int)) else f"line-{lineno}"
    if "sources" in obj and "articles" not in obj:
        return _check_line(obj, set_id)
    arts = obj.get("articles")
    if not isinstance(arts, Sequence) or isinstance(arts, str):
        raise InputError.coded("E107", set_id=set_id, reason="'articles' must be a list of texts or article objects")
    articles = []
    for i, a in enumerate(arts):  # a string is the article's text (never a path: a line reads no file)
        if not isinstance(a, (str, Mapping)):
            raise InputError.coded("E107", set_id=set_id, reason=f"article {i + 1} is not a text or an object")
        articles.append(_from_mapping(a if isinstance(a, Mapping) else {"text": a}, default_id=f"a{i + 1}"))
    return ArticleSet(id=set_id, articles=tuple(articles))


def _check_line(obj: Mapping[str, Any], set_id: str) -> ArticleSet:
    """A ``{"id", "text", "sources": [...]}`` record: one text to check against its sources
    (the text and each source a string or an article object)."""
    text, sources = obj.get("text"), obj.get("sources")
    if not isinstance(text, (str, Mapping)):
        raise InputError.coded("E107", set_id=set_id, reason="'text' must be a string or an article object")
    if not isinstance(sources, Sequence) or isinstance(sources, str):
        raise InputError.coded("E107", set_id=set_id, reason="'sources' must be a list of texts or article objects")
    for i, a in enumerate(sources):
        if not isinstance(a, (str, Mapping)):
            raise InputError.coded("E107", set_id=set_id, reason=f"source {i + 1} is not a text or an object")
    checked = _from_mapping(text if isinstance(text, Mapping) else {"text": text}, default_id="text")
    srcs = [_from_mapping(a if isinstance(a, Mapping) else {"text": a}, default_id=f"s{i + 1}") for i, a in enumerate(sources)]
    return as_check(checked, srcs, set_id)


def iter_sets(lines: Iterable[str], *, path: str = "<input>") -> Iterator[ArticleSet | InputError]:
    """Parse JSON Lines of article sets lazily, yielding an :class:`InputError` for each bad line.

    Blank lines are skipped. The error carries ``set_id`` (the line's id, or ``line-N``). A set
    without an id is named ``line-N``; a set whose id an earlier line used is an error (E110),
    so every output line answers one input line and ids stay unique among reports.
    """
    seen: set[str | None] = set()
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        item = parse_line(line, lineno=lineno, path=path)
        if isinstance(item, ArticleSet):
            if item.id in seen:
                item = duplicate_error(line, lineno=lineno, set_id=item.id)
            else:
                seen.add(item.id)
        yield item


def parse_line(line: str, *, lineno: int, path: str) -> ArticleSet | InputError:
    """One line of :func:`iter_sets` on its own (no check for ids used by earlier lines)."""
    try:
        return parse_set_line(line, lineno=lineno, path=path)
    except InputError as exc:
        exc.set_id = _guess_id(line) or f"line-{lineno}"
        return exc


def duplicate_error(line: str, *, lineno: int, set_id: str | None) -> InputError:
    """The E110 error :func:`iter_sets` gives a line whose id an earlier line used."""
    exc = InputError.coded("E110", set_id=set_id)
    exc.set_id = _guess_id(line) or f"line-{lineno}"
    return exc


def iter_dir_sets(root: str | os.PathLike[str]) -> Iterator[ArticleSet | InputError]:
    """Article sets from a folder: one subfolder per set (id = folder name), one file per
    article (``.txt``, ``.md``, ``.json``, ``.html``), read lazily in name order."""
    suffixes = _TEXT_SUFFIXES | _HTML_SUFFIXES | {".json"}
    for folder in sorted(p for p in Path(root).iterdir() if p.is_dir()):
        try:
            files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in suffixes)
            yield ArticleSet(id=folder.name, articles=tuple(read_article(f) for f in files))
        except InputError as exc:
            exc.set_id = folder.name
            yield exc


def read_jsonl_sets(path: str | os.PathLike[str]) -> Iterator[ArticleSet | InputError]:
    """Stream article sets from a JSON Lines file (see :func:`iter_sets`)."""
    p = Path(path)
    try:
        fh = p.open("r", encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError.coded("E103", path=str(p), reason=exc.strerror or str(exc)) from exc
    with fh:
        yield from iter_sets(fh, path=str(p))


def _guess_id(line: str) -> str | None:
    m = re.search(r'"id"\s*:\s*"([^"]*)"', line)
    return m.group(1) if m else None
