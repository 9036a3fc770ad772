"""Report writers: text (a rich table), JSON and Markdown. They read Reports only.

Example:
    >>> from factcheck.types import Report
    >>> render(Report(id=None, sources=(), claims=()), "json").startswith("{")
    True
"""

from __future__ import annotations

from ..errors import InputError
from ..types import Report
from .html import to_html
from .markdown import to_markdown
from .text import to_text

__all__ = ["FORMATS", "render", "to_html", "to_markdown", "to_text"]

FORMATS = ("text", "json", "md", "html")


def render(
    report: Report, fmt: str, *, width: int = 100, color: bool = False, texts: dict[str, str] | None = None
) -> str:
    """The report in one of :data:`FORMATS` (``html`` shows the articles given in ``texts``)."""
    if fmt == "html":
        return to_html(report, texts=texts or {})
    if fmt == "json":
        return report.to_json() + "\n"
    if fmt == "md":
        return to_markdown(report)
    if fmt == "text":
        return to_text(report, width=width, color=color)
    raise InputError.coded("E108", value=fmt, allowed=", ".join(FORMATS))
