"""Report writers: text (a rich table), JSON, Markdown and HTML, for a :class:`Report` and for a
:class:`~factcheck.check.CheckReport` (:mod:`.check`). They read reports only.

Example:
    >>> from factcheck.types import Report
    >>> render(Report(id=None, sources=(), claims=()), "json").startswith("{")
    True
"""

from __future__ import annotations

from ..check import CheckReport
from ..errors import InputError
from ..types import Report
from .check import check_to_html, check_to_markdown, check_to_text
from .html import to_html
from .markdown import to_markdown
from .text import to_text

__all__ = [
    "FORMATS",
    "check_to_html",
    "check_to_markdown",
    "check_to_text",
    "render",
    "to_html",
    "to_markdown",
    "to_text",
]

FORMATS = ("text", "json", "md", "html")


def render(
    report: Report | CheckReport,
    fmt: str,
    *,
    width: int = 100,
    color: bool = False,
    texts: dict[str, str] | None = None,
) -> str:
    """The report in one of :data:`FORMATS` (``html`` shows the articles given in ``texts``)."""
    if isinstance(report, CheckReport):
        return _render_check(report, fmt, width=width, color=color, texts=texts or {})
    if fmt == "html":
        return to_html(report, texts=texts or {})
    if fmt == "json":
        return report.to_json() + "\n"
    if fmt == "md":
        return to_markdown(report)
    if fmt == "text":
        return to_text(report, width=width, color=color)
    raise InputError.coded("E108", value=fmt, allowed=", ".join(FORMATS))


def _render_check(report: CheckReport, fmt: str, *, width: int, color: bool, texts: dict[str, str]) -> str:
    if fmt == "html":
        return check_to_html(report, text=texts.get(report.text.id, ""))
    if fmt == "json":
        return report.to_json() + "\n"
    if fmt == "md":
        return check_to_markdown(report)
    if fmt == "text":
        return check_to_text(report, width=width, color=color)
    raise InputError.coded("E108", value=fmt, allowed=", ".join(FORMATS))
