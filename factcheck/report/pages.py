"""A folder of HTML pages, one per batch result, and an ``index.html`` linking them.

Example:
    >>> page_name("s0")
    'c-s0.html'
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

from ..check import CheckReport
from ..types import Label, Report, SetError
from .check import check_to_html
from .html import claim_anchor, label_styles_css, page, to_html

__all__ = ["HtmlPages", "page_name"]

T = TypeVar("T")


def page_name(set_id: str) -> str:
    """The file name of a set's page: :func:`claim_anchor` of the id when that is short and has
    no capital (distinct ids give distinct names, also where a file system ignores case), else
    a readable lowercase slug, a dot, and a hash of the id. Only ``[a-z0-9_.-]``, so a page
    never leaves its folder, and never ``index.html``.

    Example:
        >>> page_name("s0"), page_name("S0"), page_name("a/b"), page_name("a-b")
        ('c-s0.html', 'c-s0.b193f7434f.html', 'c-a-2f-b.html', 'c-a-2d-b.html')
        >>> len(page_name("x" * 10_000))
        78
    """
    plain = claim_anchor(set_id)
    if len(plain) <= 100 and plain == plain.lower():
        return plain + ".html"
    slug = re.sub(r"[^a-z0-9_]+", "-", set_id.lower())[:60]
    digest = hashlib.blake2b(set_id.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()
    return f"c-{slug}.{digest}.html"


class HtmlPages:
    """One HTML report per verified set in ``folder``, and an ``index.html`` linking them.

    Batch reports carry no article text: pass the input through :meth:`track` (it remembers
    each set's texts until its report is added) or give ``texts`` to :meth:`add`; otherwise a
    page shows each article as far as its claims carry it. :meth:`relist` lists a set of an
    earlier run (``--resume``) and keeps its page as that run wrote it.

    The folder is made on the first write; a page or index that cannot be written (a read-only
    folder, a full disk) is an :class:`~factcheck.errors.OutputError` (E504) naming the file.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.rows: list[str] = []
        self._texts: dict[str | None, dict[str, str]] = {}
        self._names: set[str] = set()

    def _write(self, name: str, markup: str) -> None:
        from ..errors import OutputError

        path = self.folder / name
        part = path.with_name(f".{name}.part")  # whole pages only: a full disk leaves none half made
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            part.write_text(markup, encoding="utf-8")
            os.replace(part, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                part.unlink(missing_ok=True)
            raise OutputError.coded("E504", path=str(path), reason=exc.strerror or str(exc)) from exc

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """``items`` unchanged; the texts of each article set among them are kept for :meth:`add`."""
        for item in items:
            arts = getattr(item, "articles", None)
            if arts is not None:
                self._texts[getattr(item, "id", None)] = {a.id: a.text for a in arts}
            yield item

    def add(self, result: object, texts: Mapping[str, str] | None = None, *, keep_page: bool = False) -> None:
        """Write the page of a :class:`Report` or a check (its verdict counts in the index),
        or list a :class:`SetError` in the index. ``keep_page``: a page already in the folder
        is left as it is (:meth:`relist`)."""
        if isinstance(result, Report | CheckReport):
            kept = self._texts.pop(result.id, None)
            name = page_name(result.id or f"set{len(self.rows) + 1}")
            while name in self._names:  # a hash collision, or a set without an id named like one
                name = name.removesuffix(".html") + "-2.html"
            self._names.add(name)
            page_texts = texts if texts is not None else (kept or {})
            link = f'<td><a href="{html.escape(name)}">{html.escape(result.id or name)}</a></td>'
            write = not (keep_page and (self.folder / name).is_file())  # rendered only when written
            if isinstance(result, CheckReport):
                if write:
                    self._write(name, check_to_html(result, text=page_texts.get(result.text.id, "")))
                cells = f"<td colspan=3>check: {html.escape(result.summary())}</td>"
            else:
                if write:
                    self._write(name, to_html(result, texts=page_texts))
                n = result.counts()
                tot = {lab.value: sum(x[lab.value] for x in n.values()) for lab in Label}
                cells = "".join(f"<td>{tot[lab.value]}</td>" for lab in Label)
            self.rows.append(f"<tr>{link}{cells}</tr>")
        elif isinstance(result, SetError):
            self._texts.pop(result.id, None)
            self.rows.append(
                f"<tr><td>{html.escape(str(result.id))}</td><td colspan=3>error: {html.escape(result.message)}</td></tr>"
            )

    def relist(self, result: object) -> None:
        """List a result of an earlier run (read back from its JSON Lines, which carry no
        text) and keep the page that run wrote; a missing page is written anew."""
        self.add(result, keep_page=True)

    def write_index(self) -> None:
        head = "".join(f"<th>{lab.value}</th>" for lab in Label)
        self._write(
            "index.html",
            page(
                "factcheck batch",
                f'<h1>factcheck batch</h1><table class="conf"><tr><th>set</th>{head}</tr>{"".join(self.rows)}</table>',
                css=label_styles_css(),
            ),
        )
