"""A self-contained HTML report: no CDN, no network, works in print and for colour-blind readers.

Each article is shown with its claims highlighted by label (a colour *and* a text marker:
``=`` agreeing, ``+`` unique, ``!`` conflicting). Clicking a claim, or Tab to it and Enter or
Space, opens its evidence in a side panel that stays in view while the page scrolls (at the
bottom of the screen on narrow ones); the panel names the claim, Escape closes it and gives the
focus back to the claim, and its links scroll to the matching claim of the other article. At
the top: each source's claim count with a stacked bar of its labels (inline SVG), and every
conflicting pair (:meth:`~factcheck.types.Report.pairs`) once, both sides side by side.
Batch folders of pages are :mod:`.pages`.

The machinery is reusable for any labelled text (a ``check`` page, say): :func:`highlight`
renders one text with its :class:`Mark` spans, :func:`reader` puts the rendered texts next to
the evidence panel and :func:`page` wraps it all in one document with the panel's CSS and JS.

Example:
    >>> styles = {"ok": LabelStyle(css_class="l-ok", marker="+", name="supported")}
    >>> body = highlight("Rain  fell.\\n\\n\\nIt rained.", [Mark(start=0, end=11, label="ok", id="k1",
    ...                  title="Rain fell.", rows=(EvidenceRow(relation="agrees", source="wire", text="Rain."),))],
    ...                  styles=styles)
    >>> 'id="c-k1"' in body and "Rain fell.</span>\\n\\nIt rained." in body
    True
    >>> page("check", reader(body), css=label_css({"l-ok": ("#1b7837", "#d9f0d3")})).startswith("<!DOCTYPE html>")
    True
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..types import Evidence, Label, LabelledClaim, Relation, Report, Source
from .phrases import confidence_note, credited

__all__ = [
    "EvidenceRow",
    "LabelStyle",
    "Mark",
    "claim_anchor",
    "collapse_whitespace",
    "highlight",
    "label_css",
    "label_styles_css",
    "page",
    "reader",
    "source_title",
    "to_html",
]

MARK = {Label.AGREEING: "=", Label.UNIQUE: "+", Label.CONFLICTING: "!"}
COLOR = {Label.AGREEING: "#1b7837", Label.UNIQUE: "#b8860b", Label.CONFLICTING: "#c51b7d"}
BG = {Label.AGREEING: "#d9f0d3", Label.UNIQUE: "#fdf0c2", Label.CONFLICTING: "#fde0ef"}


@dataclass(frozen=True, kw_only=True)
class LabelStyle:
    """How one label looks: its CSS class (see :func:`label_css`), a text marker and its name."""

    css_class: str
    marker: str
    name: str


@dataclass(frozen=True, kw_only=True)
class EvidenceRow:
    """One line of a claim's evidence in the panel.

    ``relation`` is shown as a tag ("agrees", "contradicts", "nearest"); ``source`` names who
    says ``text`` (a title); ``target`` is the id of another :class:`Mark` on the same page to
    link to (the link scrolls there and opens its evidence), or ``None``.
    """

    relation: str
    source: str
    text: str
    reason: str = ""
    detail: str = ""
    target: str | None = None


@dataclass(frozen=True, kw_only=True)
class Mark:
    """One highlighted span of a text: ``text[start:end]``, a key of the ``styles`` given to
    :func:`highlight`, a page-unique ``id``, the ``title`` the panel shows for it (name the
    claim), its evidence ``rows``; ``note`` is a line above them, ``empty`` the line shown when
    there are none, ``hint`` the tooltip."""

    start: int
    end: int
    label: str
    id: str
    title: str
    rows: tuple[EvidenceRow, ...] = ()
    note: str = ""
    empty: str = "No evidence."
    hint: str = ""


def claim_anchor(claim_id: str) -> str:
    """The HTML id of a claim: ``c-`` and the id, every character but ASCII letters, digits and
    ``_`` written as ``-hex-`` (distinct ids stay distinct, and it is a plain CSS identifier).

    Example:
        >>> claim_anchor("wire:3"), claim_anchor("wire-3")
        ('c-wire-3a-3', 'c-wire-2d-3')
    """
    return "c-" + "".join(
        ch if (ch.isascii() and ch.isalnum()) or ch == "_" else f"-{ord(ch):x}-" for ch in claim_id
    )


_WS = re.compile(r"\s+")


def collapse_whitespace(text: str) -> tuple[str, list[int]]:
    """``text`` with every run of whitespace made one space, a line break (one newline in it) or
    one blank line (two or more), and the ends stripped; with the map from each offset of
    ``text`` (``0..len(text)``) to the matching offset of the new text (monotone, so spans map).

    Example:
        >>> collapse_whitespace("  a \\n\\n\\n b  c ")[0]
        'a\\n\\nb c'
    """
    out: list[str] = []
    pos_map = [0] * (len(text) + 1)
    n = 0  # length of the new text so far
    pos = 0
    for m in _WS.finditer(text):
        for i in range(pos, m.start()):
            pos_map[i] = n + i - pos
        n += m.start() - pos
        out.append(text[pos : m.start()])
        run = m.group()
        if m.start() == 0 or m.end() == len(text):
            rep = ""
        elif run.count("\n") >= 2:
            rep = "\n\n"
        elif "\n" in run:
            rep = "\n"
        else:
            rep = " "
        for i in range(m.start(), m.end()):
            pos_map[i] = n + min(i - m.start(), len(rep))
        out.append(rep)
        n += len(rep)
        pos = m.end()
    for i in range(pos, len(text) + 1):
        pos_map[i] = n + i - pos
    return "".join(out) + text[pos:], pos_map


def _evidence_block(mark: Mark, style: LabelStyle) -> str:
    anchor = claim_anchor(mark.id)
    title = (
        f'<h3 class="ev-title"><span class="tag {style.css_class}">{html.escape(style.name)}</span> '
        f"{html.escape(mark.title)}</h3>"
    )
    note = f'<p class="ev-note">{html.escape(mark.note)}</p>' if mark.note else ""
    if not mark.rows:
        rows = f'<p class="ev-empty">{html.escape(mark.empty)}</p>'
    else:
        items = []
        for r in mark.rows:
            said = f"{html.escape(r.source)}: {html.escape(r.text)}"
            if r.target is not None:
                to = claim_anchor(r.target)
                said = f'<a href="#{to}" data-target="{to}">{said}</a>'
            extra = "; ".join(html.escape(x) for x in (r.reason, r.detail) if x)
            items.append(
                f'<li><span class="rel">{html.escape(r.relation)}</span> {said}'
                + (f" <em>({extra})</em>" if extra else "")
                + "</li>"
            )
        rows = f'<ul class="ev-rows">{"".join(items)}</ul>'
    return f'<div class="ev" id="ev-{anchor}" data-claim="{anchor}">{title}{note}{rows}</div>'


def _open_span(mark: Mark, style: LabelStyle) -> str:
    anchor = claim_anchor(mark.id)
    spoken = f"{style.name}: {' '.join(mark.title.split())}"
    hint = mark.hint or style.name
    return (
        f'<span class="claim {style.css_class}" id="{anchor}" data-label="{html.escape(mark.label)}" '
        f'data-ev="ev-{anchor}" tabindex="0" role="button" aria-expanded="false" aria-controls="panel" '
        f'aria-label="{html.escape(spoken)}" title="{html.escape(hint)}">'
        f'<sup aria-hidden="true">{html.escape(style.marker)}</sup>'
    )


def highlight(
    text: str, marks: Sequence[Mark], *, styles: Mapping[str, LabelStyle], collapse: bool = True
) -> str:
    """``text`` as HTML with every mark wrapped in a focusable span (a mark inside another
    nests in it; a partial overlap is clipped to nest), followed by the marks' evidence, hidden
    until :func:`reader`'s panel shows it (and printed under the text).

    With ``collapse`` runs of whitespace are collapsed (:func:`collapse_whitespace`); the marks'
    offsets index the original ``text`` and are mapped. Offsets past the end are clipped.
    """
    shown, pos_map = collapse_whitespace(text) if collapse else (text, list(range(len(text) + 1)))
    top = len(text)
    spans = sorted(
        (
            (pos_map[min(max(m.start, 0), top)], pos_map[min(max(m.end, 0), top)], k)
            for k, m in enumerate(marks)
        ),
        key=lambda x: (x[0], -x[1], x[2]),
    )
    out: list[str] = []
    stack: list[int] = []  # end offsets of the open spans
    pos = 0
    for m_start, m_end, k in spans:
        while stack and stack[-1] <= m_start:  # close spans that end before this mark
            end = stack.pop()
            out.append(html.escape(shown[pos:end]) + "</span>")
            pos = end
        start = max(m_start, pos)
        stop = min(m_end, stack[-1]) if stack else m_end
        if start >= stop:
            start, stop = pos, pos  # nothing left to show: an empty, still focusable marker
        out.append(html.escape(shown[pos:start]) + _open_span(marks[k], styles[marks[k].label]))
        pos = start
        stack.append(stop)
    while stack:
        end = stack.pop()
        out.append(html.escape(shown[pos:end]) + "</span>")
        pos = end
    out.append(html.escape(shown[pos:]))
    order = sorted(range(len(marks)), key=lambda k: (marks[k].start, marks[k].end, k))
    evs = "".join(_evidence_block(marks[k], styles[marks[k].label]) for k in order)
    store = f'<div class="ev-store" hidden>{evs}</div>' if evs else ""
    return f'<div class="doc">{"".join(out)}</div>{store}'


_PANEL_HINT = "Select a claim (click it, or Tab to it and press Enter) to see its evidence here."


def reader(main: str) -> str:
    """``main`` (texts rendered by :func:`highlight`, with any headings) next to the evidence
    panel, which follows the scroll (sticky beside the texts; at the bottom on narrow screens)."""
    return (
        f'<div class="reader"><div class="reader-main">{main}</div>'
        '<aside class="panel" id="panel" role="region" aria-labelledby="panel-title" tabindex="-1">'
        '<div class="panel-head"><h2 id="panel-title">Evidence</h2>'
        '<button type="button" class="panel-close" aria-label="Close the evidence panel" hidden>&#215;</button></div>'
        f'<div id="panel-body" aria-live="polite"><p>{_PANEL_HINT}</p></div>'
        '<p class="sr" id="panel-status" role="status"></p></aside></div>'
    )


_CLASS = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def label_css(colors: Mapping[str, tuple[str, str]]) -> str:
    """CSS for label classes: ``{css_class: (colour, background)}``.

    Example:
        >>> label_css({"l-ok": ("#1b7837", "#d9f0d3")}).splitlines()[0]
        '.l-ok{background:#d9f0d3;border-color:#1b7837}'
    """
    rows = []
    for cls, (fg, bg) in colors.items():
        if not _CLASS.match(cls) or not all(re.fullmatch(r"#[0-9A-Fa-f]{3,8}", c) for c in (fg, bg)):
            raise ValueError(f"not a CSS class and #colours: {cls!r}, {fg!r}, {bg!r}")
        rows.append(f".{cls}{{background:{bg};border-color:{fg}}}")
        rows.append(f".{cls} sup,.tag.{cls}{{color:{fg}}}")
    return "\n".join(rows)


CSS = """
body{font:16px/1.55 Georgia,serif;max-width:78rem;margin:2rem auto;padding:0 1rem;color:#222}
h1,h2,h3{font-family:system-ui,sans-serif}html{scroll-behavior:smooth}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.legend span,.claim{padding:.05em .2em;border-radius:3px}
.warning{background:#fff3cd;border-left:4px solid #b8860b;padding:.4em .8em}
.claim{cursor:pointer;border-bottom:2px solid}
.claim sup{font:bold 11px system-ui,sans-serif;margin-right:.15em}
.claim:target,.claim.focus,.claim.current{outline:3px solid #2166ac}
.claim:focus-visible{outline:3px dashed #2166ac}
.doc{white-space:pre-wrap}
.meta{font:13px system-ui,sans-serif;color:#555;margin-top:-.6em}
.article{border-top:1px solid #ccc;margin-top:1.5rem}
.reader{display:grid;grid-template-columns:minmax(0,1fr) 22rem;gap:1.5rem;align-items:start}
.panel{position:sticky;top:1rem;max-height:calc(100vh - 2rem);overflow:auto;box-sizing:border-box;
font:14px/1.45 system-ui,sans-serif;background:#f6f6f6;border:1px solid #bbb;border-left:4px solid #2166ac;
border-radius:4px;padding:.5rem .8rem;margin-top:1.5rem}
.panel:focus{outline:2px solid #2166ac}
.panel-head{display:flex;align-items:flex-start;gap:.5rem}.panel-head h2{flex:1;font-size:15px;margin:.2em 0}
.panel-head h2 .ev-title{font-size:15px;margin:0}
.panel-close{font:18px system-ui,sans-serif;border:1px solid #999;background:#fff;border-radius:3px;cursor:pointer}
.panel ul,.ev ul{padding-left:1.2em}.panel li{margin:.3em 0}
.tag,.rel{font:bold 12px system-ui,sans-serif;text-transform:uppercase;letter-spacing:.03em}
.ev{font:14px/1.4 system-ui,sans-serif;background:#f6f6f6;border-left:3px solid #999;margin:.3em 0;padding:.4em .6em}
.ev-title{font-size:14px;margin:.2em 0}
table.conf{border-collapse:collapse;width:100%;font:14px system-ui,sans-serif}
table.conf td,table.conf th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}
.note{font:13px system-ui,sans-serif;color:#555}
@media (max-width:60rem){.reader{display:block}
.panel{position:fixed;left:0;right:0;bottom:0;top:auto;max-height:45vh;margin:0;border-radius:0;z-index:10}
.panel:not(.open){display:none}body{padding-bottom:46vh}}
@media print{.panel{display:none}.reader{display:block}.ev-store{display:block}
.claim{border-bottom-style:dotted}body{padding-bottom:0}}
"""

JS = """
(function () {
  var panel = document.getElementById('panel');
  if (!panel) return;
  var title = document.getElementById('panel-title'), body = document.getElementById('panel-body');
  var status = document.getElementById('panel-status'), closer = panel.querySelector('.panel-close');
  var hint = body.innerHTML, current = null;
  function show(claim, focus) {
    var ev = document.getElementById(claim.dataset.ev);
    if (!ev) return;
    if (current) { current.setAttribute('aria-expanded', 'false'); current.classList.remove('current'); }
    current = claim;
    status.textContent = '';
    claim.setAttribute('aria-expanded', 'true'); claim.classList.add('current');
    title.textContent = '';
    body.textContent = '';
    Array.prototype.forEach.call(ev.children, function (child) {
      var copy = child.cloneNode(true);
      if (child.classList.contains('ev-title')) title.appendChild(copy); else body.appendChild(copy);
    });
    panel.dataset.claim = claim.id;
    panel.classList.add('open');
    closer.hidden = false;
    panel.scrollTop = 0;
    var pr = panel.getBoundingClientRect(), cr = claim.getBoundingClientRect();
    if (getComputedStyle(panel).position === 'fixed') {
      if (cr.bottom > pr.top - 8) window.scrollBy({top: cr.bottom - pr.top + 16, behavior: 'instant'});  // not under the panel
    } else if (pr.top > window.innerHeight - 96 || pr.bottom < 0) {  // the panel starts below the fold
      window.scrollBy({top: Math.min(pr.top, cr.top) - 16, behavior: 'instant'});
    }
    if (focus) panel.focus({preventScroll: true});
  }
  function hide() {
    if (!current) return;
    var claim = current;
    claim.setAttribute('aria-expanded', 'false'); claim.classList.remove('current');
    current = null;
    title.textContent = 'Evidence';
    body.innerHTML = hint;
    delete panel.dataset.claim;
    panel.classList.remove('open');
    closer.hidden = true;
    status.textContent = 'Evidence closed.';
    claim.focus({preventScroll: true});
  }
  function go(id) {
    var t = document.getElementById(id);
    if (!t) return false;
    t.scrollIntoView({block: 'center'});
    t.classList.add('focus');
    setTimeout(function () { t.classList.remove('focus'); }, 2000);
    history.replaceState(null, '', '#' + id);
    if (t.classList.contains('claim')) show(t, true);
    return true;
  }
  document.addEventListener('click', function (e) {
    var link = e.target.closest('a[data-target]');
    if (link) { if (go(link.dataset.target)) e.preventDefault(); return; }
    if (e.target.closest('.panel-close')) { hide(); return; }
    var claim = e.target.closest('.claim');
    if (claim) { if (claim === current) hide(); else show(claim, true); }
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && current) { e.preventDefault(); hide(); return; }
    var t = e.target;
    if ((e.key === 'Enter' || e.key === ' ') && t.classList && t.classList.contains('claim')) {
      e.preventDefault();
      if (t === current) hide(); else show(t, true);
    }
  });
  var start = location.hash && document.getElementById(location.hash.slice(1));
  if (start && start.classList.contains('claim')) show(start, false);
})();
"""


def page(title: str, body: str, *, css: str = "") -> str:
    """One self-contained document: ``body`` (already HTML) with :data:`CSS`, ``css`` and the
    panel's :data:`JS` inline; ``title`` is escaped."""
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{CSS}{css}</style></head><body>"
        f"{body}<script>{JS}</script></body></html>\n"
    )


# --- the cross-check report -------------------------------------------------------------

STYLES = {
    lab.value: LabelStyle(css_class=f"l-{lab.value}", marker=MARK[lab], name=lab.value) for lab in Label
}


def label_styles_css() -> str:
    """The CSS of the cross-check labels' classes."""
    return label_css({f"l-{lab.value}": (COLOR[lab], BG[lab]) for lab in Label})


def _one_line(text: str) -> str:
    return " ".join(text.split())


def source_title(source: Source) -> str:
    """What a source is called: its title when it has one, else its id."""
    return _one_line(source.title) if source.title and source.title.strip() else source.id


def _similarity(e: Evidence) -> str:
    return "" if "similarity" in e.reason else f"similarity {e.similarity:.2f}"


def _detail(c: LabelledClaim, e: Evidence, titles: Mapping[str, str]) -> str:
    """An evidence row's detail: the similarity, and who the other source credits its claim to."""
    return "; ".join(x for x in (_similarity(e), credited(c.attribution, e, titles.get(e.source))) if x)


def _mark(c: LabelledClaim, titles: Mapping[str, str], number: int) -> Mark:
    name = titles.get(c.source, c.source)
    rows = tuple(
        EvidenceRow(
            relation=e.relation.value,
            source=titles.get(e.source, e.source),
            text=_one_line(e.text),
            reason=e.reason,
            detail=_detail(c, e, titles),
            target=e.claim,
        )
        for e in c.evidence
    )
    if c.nearest is not None:
        n = c.nearest
        rows += (
            EvidenceRow(
                relation="nearest",
                source=titles.get(n.source, n.source),
                text=_one_line(n.text),
                reason=n.reason,
                detail=_detail(c, n, titles),
                target=n.claim,
            ),
        )
    return Mark(
        start=c.start,
        end=c.end,
        label=c.label.value,
        id=c.id,
        title=f"claim {number} of {name}: \u201c{_one_line(c.text)}\u201d",
        rows=rows,
        note=f"According to {c.attribution}." if c.attribution else "",
        empty="No other source states this claim." if c.label is Label.UNIQUE else "No evidence.",
        hint=f"{c.label.value}, {confidence_note(c.label.value, c.confidence)}: click or press Enter for the evidence",
    )


def _rebuild(claims: Sequence[LabelledClaim]) -> str:
    """An article's text as far as its claims carry it (batch reports hold no text): each claim
    at its offsets, short gaps as spaces, longer ones (text no claim covers) as an ellipsis."""
    if not claims:
        return ""
    chars = [" "] * max(c.end for c in claims)
    known = [False] * len(chars)
    for c in claims:
        if c.end - c.start == len(c.text):
            chars[c.start : c.end] = c.text
            known[c.start : c.end] = [True] * len(c.text)
    k = 0
    first = next((i for i, x in enumerate(known) if x), len(known))
    while k < len(known):
        if known[k]:
            k += 1
            continue
        j = k
        while j < len(known) and not known[j]:
            j += 1
        if j - k >= 4 and k > first and j < len(known):
            chars[k : k + 3] = " \u2026 "
        k = j
    return "".join(chars)


def _article(source: Source, text: str, claims: list[LabelledClaim], titles: Mapping[str, str]) -> str:
    name = source_title(source)
    meta = [] if name == source.id else [html.escape(source.id)]
    if source.copy_of:
        meta.append(_copy_note(source, titles).strip())
    if source.published:
        meta.append(source.published.isoformat())
    if source.url and re.match(r"https?://", source.url):
        meta.append(
            f'<a href="{html.escape(source.url)}" rel="noopener noreferrer">{html.escape(source.url)}</a>'
        )
    head = f"<h2>{html.escape(name)}</h2>" + (f'<p class="meta">{" · ".join(meta)}</p>' if meta else "")
    note = ""
    if not text:
        text = _rebuild(claims)
        if text:
            note = '<p class="note">The text as its claims carry it (\u2026 marks text between claims).</p>'
        else:
            note = '<p class="note">No text and no claims.</p>'
    ordered = sorted(claims, key=lambda x: (x.start, x.end, x.id))
    marks = [_mark(c, titles, k + 1) for k, c in enumerate(ordered)]
    body = highlight(text, marks, styles=STYLES) if text else ""
    return f'<section class="article" id="src-{claim_anchor(source.id)[2:]}">{head}{note}{body}</section>'


def _copy_note(source: Source, titles: Mapping[str, str]) -> str:
    """`` <span class="copy">(near copy of wire)</span>`` for a copy, else ``""``."""
    if not source.copy_of:
        return ""
    return f' <span class="copy">(near copy of {html.escape(titles.get(source.copy_of, source.copy_of))})</span>'


def _bar(counts: Mapping[str, int], width: int = 300) -> str:
    total = sum(counts.values()) or 1
    x = 0.0
    parts = []
    for lab in Label:
        w = width * counts[lab.value] / total
        if w:
            parts.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="18" fill="{COLOR[lab]}">'
                f"<title>{lab.value}: {counts[lab.value]}</title></rect>"
            )
        x += w
    return f'<svg width="{width}" height="18" role="img" aria-label="label counts">{"".join(parts)}</svg>'


def _said(text: str, attribution: str | None) -> str:
    return html.escape(text) + (f" <em>(per {html.escape(attribution)})</em>" if attribution else "")


def _link(claim_id: str, text: str) -> str:
    to = claim_anchor(claim_id)
    return f'<a href="#{to}" data-target="{to}">{html.escape(text)}</a>'


def to_html(report: Report, *, texts: Mapping[str, str]) -> str:
    """The report as one HTML page; ``texts`` maps source ids to the article texts (a source
    without one shows the text as far as its claims carry it)."""
    counts = report.counts()
    titles = {s.id: source_title(s) for s in report.sources}
    rows = "".join(
        f"<tr><td>{html.escape(titles[s.id])}{_copy_note(s, titles)}</td><td>{s.claims} {_bar(counts[s.id])}</td>"
        + "".join(f"<td>{counts[s.id][lab.value]}</td>" for lab in Label)
        + "</tr>"
        for s in report.sources
    )
    conflicts = "".join(
        f"<tr><td>{_link(c.id, titles.get(c.source, c.source))}: {_said(c.text, c.attribution)}</td>"
        f"<td>{_link(ev.claim, titles.get(ev.source, ev.source))}: {_said(ev.text, ev.attribution)}</td>"
        f"<td>{html.escape(ev.reason)}</td></tr>"
        for c, ev in report.pairs(Relation.CONFLICTS)
    )
    legend = " ".join(
        f'<span class="l-{lab.value}"><sup>{MARK[lab]}</sup>{lab.value}</span>' for lab in Label
    )
    articles = "".join(
        _article(s, texts.get(s.id, ""), list(report.for_source(s.id)), titles) for s in report.sources
    )
    title = f"factcheck report{': ' + report.id if report.id else ''}"
    notes = "".join(
        f'<p class="warning" role="alert"><strong>Warning</strong> [{html.escape(w.code)}]: {html.escape(w.message)}</p>'
        for w in report.warnings
    )
    body = (
        f"<h1>{html.escape(title)}</h1>{notes}"
        f'<p class="legend">Legend: {legend}. Click a claim, or Tab to it and press Enter, for its evidence.</p>'
        f'<h2>Summary</h2><table class="conf"><tr><th>source</th><th>claims</th>'
        + "".join(f"<th>{lab.value}</th>" for lab in Label)
        + f"</tr>{rows}</table>"
        f'<h2>Conflicts</h2><table class="conf" id="conflicts"><tr><th>claim</th><th>other source</th><th>reason</th></tr>'
        f"{conflicts or '<tr><td colspan=3>None.</td></tr>'}</table>" + (reader(articles) if articles else "")
    )
    return page(title, body, css=label_styles_css())
