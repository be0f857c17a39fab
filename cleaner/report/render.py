"""Rendering the report: one self-contained HTML file.

Everything that comes from documents is untrusted. The static parts (totals,
chart, rejects) are built here with every string passed through
``html.escape``; the documents travel as one JSON blob in a
``<script type="application/json">`` element (with ``<``, ``>`` and ``&``
written as ``\\u`` escapes, so no document can close that element), and the
page's script puts them on screen with ``textContent`` only, never as markup.
A Content-Security-Policy that allows only the page's own inline style and
script (by hash) and no network access backs this up: even a string that
slipped through as markup could not run or load anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import orjson

from .load import Record, Span
from .palette import style_for
from .stats import MAX_REASONS_LISTED, CategoryStats, Totals

MAX_DOC_CHARS = 100_000  # source (and kept text) shown per document; longer ones are cut
MAX_META_FIELDS = 8  # passed-through scalar fields shown per document
MAX_META_CHARS = 200  # per passed-through value
MAX_TABLE_ROWS = 15  # languages / repair kinds tabled before "other"
MAX_SUMMARY_CHARS = 20_000  # summary.json shown verbatim up to this size

# Chart geometry (SVG user units).
CHART_LABEL_W = 130
CHART_BAR_W = 360
CHART_VALUE_W = 210  # at least; widened for long value labels
CHART_CHAR_W = 7.5  # average width of one label character at the chart's font size
CHART_ROW_H = 26
CHART_BAR_H = 16

# What JavaScript's String.prototype.trim removes (WhiteSpace and LineTerminator).
JS_TRIM = "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)

_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def esc(value: object) -> str:
    """HTML-escape any value for text or a quoted attribute.

    >>> esc('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return html.escape(str(value), quote=True)


def json_for_script(value: Any) -> str:
    """JSON that is inert inside ``<script type="application/json">``.

    >>> json_for_script({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    return orjson.dumps(value).decode("utf-8").translate(_JSON_ESCAPES)


def csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _num(n: int) -> str:
    return f"{n:,}"


def _plural(n: int, noun: str) -> str:
    """
    >>> _plural(1, "doc"), _plural(1200, "span")
    ('1 doc', '1,200 spans')
    """
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _pct(x: float) -> str:
    """A share as a percentage with one decimal.

    >>> _pct(0.1234), _pct(0)
    ('12.3%', '0.0%')
    """
    return f"{100 * x:.1f}%"


class Interner:
    """Numbers repeated strings (categories, reasons, rules) so the JSON stays small."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, value: str) -> int:
        return self.index.setdefault(value, len(self.index))

    @property
    def values(self) -> list[str]:
        return list(self.index)


@dataclass(frozen=True, slots=True)
class Layout:
    """Spans of one document placed on its source: the pieces and what could not be placed."""

    pieces: list[list[Any]]
    cut_spans: int  # spans past MAX_DOC_CHARS
    bad_spans: int  # out of range or overlapping an earlier span
    mismatched: int  # source slice differs from the span's recorded text


def layout(source: str, spans: Sequence[Span], intern: Interner, limit: int) -> Layout:
    """Cut ``source[:limit]`` into kept pieces ``[text]`` and removed ones
    ``[text, category, reason, rule, start, end]`` (the last four interned/offsets).

    >>> lay = layout("ab cd", [Span("caption", 3, 5, "r", "why", "cd")], Interner(), 100)
    >>> lay.pieces
    [['ab '], ['cd', 0, 1, 2, 3, 5]]
    """
    pieces: list[list[Any]] = []
    pos = cut = bad = mismatched = 0
    shown = source[:limit]
    for span in sorted(spans, key=_span_order):
        if span.start == span.end:
            continue  # nothing to show
        if span.end > len(source) or span.start < pos:
            bad += 1
            continue
        if span.start >= len(shown):
            cut += 1
            continue
        end = min(span.end, len(shown))
        if span.text and source[span.start : span.end] != span.text:
            mismatched += 1
        if span.start > pos:
            pieces.append([shown[pos : span.start]])
        pieces.append(
            [
                shown[span.start : end],
                intern(span.category),
                intern(span.reason),
                intern(span.rule),
                span.start,
                span.end,
            ]
        )
        pos = end
    if pos < len(shown):
        pieces.append([shown[pos:]])
    return Layout(pieces, cut, bad, mismatched)


def kept_from_pieces(pieces: list[list[Any]]) -> str:
    """The kept text as the page's script rebuilds it from the pieces: kept pieces joined,
    lines trimmed, blank lines dropped (JavaScript's ``keptFromSegs``, in the same steps).

    >>> kept_from_pieces([["Title\\n"], ["Menu", 0, 1, 2, 5, 9], ["\\n  Body. \\n"]])
    'Title\\nBody.'
    """
    joined = "".join(p[0] for p in pieces if len(p) == 1)
    lines = (line.strip(JS_TRIM) for line in joined.split("\n"))
    return "\n".join(line for line in lines if line)


def document_data(record: Record, intern: Interner) -> dict[str, Any]:
    """One sampled document as the page's script expects it."""
    notes: list[str] = []
    doc: dict[str, Any] = {
        "id": record.id,
        "lang": record.language,
        "share": round(record.share_removed, 4),
        "kept": len(record.text),
        "removed": record.removed_chars,
        "cats": sorted({intern(s.category) for s in record.removed}),
        "fixes": list(record.fixes),
        "meta": _meta(record.extra),
        "text": record.text[:MAX_DOC_CHARS],
        "segs": None,
        "rm": None,
    }
    if len(record.text) > MAX_DOC_CHARS:
        notes.append(f"kept text cut at {_num(MAX_DOC_CHARS)} of {_num(len(record.text))} chars")
    if record.source is not None:
        lay = layout(record.source, record.removed, intern, MAX_DOC_CHARS)
        doc["segs"] = lay.pieces
        if doc["text"] == kept_from_pieces(lay.pieces):
            doc["text"] = None  # the script rebuilds it: the page carries each text once
        if len(record.source) > MAX_DOC_CHARS:
            notes.append(
                f"source cut at {_num(MAX_DOC_CHARS)} of {_num(len(record.source))} chars; "
                f"{lay.cut_spans} later removal(s) not shown"
            )
        if lay.bad_spans:
            notes.append(f"{lay.bad_spans} removal(s) outside the source or overlapping: skipped")
        if lay.mismatched:
            notes.append(f"{lay.mismatched} removal(s) whose text differs from the source slice")
    else:
        notes.append("this record has no 'source' field: showing kept text and the removals")
        doc["rm"] = [_removal_row(s, intern) for s in sorted(record.removed, key=_span_order)]
    if record.malformed_spans:
        notes.append(f"{record.malformed_spans} malformed 'removed' entries ignored")
    doc["notes"] = notes
    return doc


def _span_order(span: Span) -> tuple[int, int]:
    return (span.start, span.end)


def _removal_row(span: Span, intern: Interner) -> list[Any]:
    """A removal listed on its own (no source): ``[text, category, reason, rule, start, end]``."""
    category, reason, rule = intern(span.category), intern(span.reason), intern(span.rule)
    return [span.text[:MAX_DOC_CHARS], category, reason, rule, span.start, span.end]


def _meta(extra: dict[str, Any]) -> list[list[str]]:
    out = []
    for key, value in extra.items():
        if isinstance(value, str | int | float | bool) and len(out) < MAX_META_FIELDS:
            out.append([str(key)[:MAX_META_CHARS], str(value)[:MAX_META_CHARS]])
    return out


@dataclass(frozen=True, slots=True)
class Page:
    """Everything the page shows, gathered before rendering."""

    title: str
    totals: Totals
    sample: list[Record]
    sample_size: int
    problems: list[str]
    problem_count: int
    summary: dict[str, Any] | None


def render(page: Page) -> str:
    """The whole report as one HTML string."""
    intern = Interner()
    for name, _ in _category_rows(page.totals):
        intern(name)  # chart order first, so category indexes are stable and readable
    docs = [document_data(r, intern) for r in sorted(page.sample, key=_doc_order)]
    data = {"strings": intern.values, "docs": docs}
    style = _asset("report.css") + _category_css(intern, page.totals, docs)
    script = _asset("report.js")
    csp = f"default-src 'none'; style-src {csp_hash(style)}; script-src {csp_hash(script)}"
    body = "\n".join(
        [
            _header(page),
            "<main>",
            _totals_section(page, intern),
            _documents_section(page, docs, intern),
            _rejects_section(page.totals),
            _run_section(page),
            "</main>",
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>cleaner report: {esc(page.title)}</title>\n"
        f"<style>{style}</style>\n</head>\n<body>\n{body}\n"
        f'<script type="application/json" id="report-data">{json_for_script(data)}</script>\n'
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


def _doc_order(record: Record) -> tuple[float, str]:
    return (-record.share_removed, record.id)


def _category_rows(totals: Totals) -> list[tuple[str, Any]]:
    return sorted(totals.categories.items(), key=lambda kv: (-kv[1].chars, kv[0]))


def _category_indexes(intern: Interner, totals: Totals, docs: list[dict[str, Any]]) -> set[int]:
    present = {intern.index[name] for name in totals.categories}
    for doc in docs:
        present.update(doc["cats"])
    return present


def _category_css(intern: Interner, totals: Totals, docs: list[dict[str, Any]]) -> str:
    """One class per category index (names are untrusted, so they never become CSS)."""
    rules = []
    for i in sorted(_category_indexes(intern, totals, docs)):
        s = style_for(intern.values[i])
        rules.append(
            f".c{i}{{--cat:{s.colour};--tint:{s.tint};--pattern:{s.border}}}"
            f".chip.c{i}::before,.swatch.c{i}{{background:{s.colour}}}"
        )
    return "\n" + "\n".join(rules) + "\n"


def _header(page: Page) -> str:
    return (
        "<header>\n"
        f"<h1>What cleaner removed <small>{esc(page.title)}</small></h1>\n"
        '<nav><a href="#totals">Totals</a> <a href="#documents">Documents</a> '
        '<a href="#rejects">Rejects</a> <a href="#run">Run</a></nav>\n'
        "</header>"
    )


def _totals_section(page: Page, intern: Interner) -> str:
    t = page.totals
    cards = [
        ("documents in", _num(t.docs_in)),
        ("cleaned", _num(t.cleaned)),
        ("rejected", _num(t.rejected)),
        ("chars kept", _num(t.chars_kept)),
        ("chars removed", _num(t.chars_removed)),
        ("share removed", _pct(t.share_removed)),
    ]
    dl = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in cards)
    parts = [
        '<section id="totals">',
        "<h2>Totals</h2>",
        f'<dl class="cards">{dl}</dl>',
        '<div class="grid">',
        '<figure class="chart-box"><figcaption>Removed per category '
        "(bar: characters; label: characters, spans, documents; "
        "click a bar to list its documents)</figcaption>",
        category_chart(t),
        "</figure>",
        '<div class="side-tables">',
        _count_table("Languages", "language", "documents", t.languages.most_common(), "lang-table"),
        _count_table(
            "Encoding repairs",
            "repair (ftfy action:parameter)",
            "documents",
            t.fixes.most_common(),
            "fix-table",
            empty="no encoding repairs",
        ),
        "</div></div>",
        _category_table(t, intern),
        _problems(page),
        "</section>",
    ]
    return "\n".join(parts)


def category_chart(totals: Totals) -> str:
    """Horizontal SVG bars, one per category, named and numbered (not colour alone)."""
    rows = _category_rows(totals)
    if not rows:
        return '<p class="empty">Nothing was removed.</p>'
    biggest = max(stats.chars for _, stats in rows) or 1
    values = {name: _chart_value(stats) for name, stats in rows}
    longest = max(len(v) for v in values.values())
    width = CHART_LABEL_W + CHART_BAR_W + max(CHART_VALUE_W, round(longest * CHART_CHAR_W) + 10)
    height = CHART_ROW_H * len(rows) + 4
    out = [
        f'<svg id="category-chart" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="chart-title">',
        '<title id="chart-title">Characters removed per category</title>',
    ]
    for row, (name, stats) in enumerate(rows):
        y = row * CHART_ROW_H + 2
        bar = max(1, round(CHART_BAR_W * stats.chars / biggest)) if stats.chars else 0
        style = style_for(name)
        mid = y + CHART_ROW_H / 2
        value = values[name]
        out.append(
            f'<g class="bar" data-category="{esc(name)}">'
            f"<title>{esc(name)}: {esc(value)}</title>"
            f'<text x="{CHART_LABEL_W - 8}" y="{mid}" text-anchor="end" '
            f'dominant-baseline="middle">{esc(name)}</text>'
            f'<rect x="{CHART_LABEL_W}" y="{y + (CHART_ROW_H - CHART_BAR_H) / 2}" '
            f'width="{bar}" height="{CHART_BAR_H}" fill="{style.colour}" rx="2"></rect>'
            f'<text x="{CHART_LABEL_W + bar + 6}" y="{mid}" dominant-baseline="middle" '
            f'class="value">{esc(value)}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _chart_value(stats: CategoryStats) -> str:
    return (
        f"{_plural(stats.chars, 'char')} · {_plural(stats.spans, 'span')} · "
        f"{_plural(stats.docs, 'doc')}"
    )


def _category_table(t: Totals, intern: Interner) -> str:
    rows = _category_rows(t)
    if not rows:
        return ""
    body = "".join(
        f'<tr><td><span class="chip c{intern.index[name]}">{esc(name)}</span></td>'
        f"<td>{_num(s.spans)}</td><td>{_num(s.chars)}</td><td>{_num(s.docs)}</td>"
        f"<td>{_pct(s.chars / t.chars_removed if t.chars_removed else 0)}</td></tr>"
        for name, s in rows
    )
    return (
        '<details class="category-table"><summary>Per-category numbers</summary>'
        "<table><thead><tr><th>category</th><th>spans</th><th>chars</th><th>documents</th>"
        f"<th>share of removed chars</th></tr></thead><tbody>{body}</tbody></table></details>"
    )


def _count_table(
    title: str,
    key_head: str,
    value_head: str,
    rows: Iterable[tuple[str, int]],
    css_id: str,
    empty: str = "none",
) -> str:
    rows = list(rows)
    shown, rest = rows[:MAX_TABLE_ROWS], rows[MAX_TABLE_ROWS:]
    body = "".join(f"<tr><td>{esc(k)}</td><td>{_num(v)}</td></tr>" for k, v in shown)
    if rest:
        body += f"<tr><td>{len(rest)} other(s)</td><td>{_num(sum(v for _, v in rest))}</td></tr>"
    if not rows:
        body = f'<tr><td colspan="2" class="empty">{esc(empty)}</td></tr>'
    return (
        f'<table id="{css_id}"><caption>{esc(title)}</caption><thead><tr><th>{esc(key_head)}</th>'
        f"<th>{esc(value_head)}</th></tr></thead><tbody>{body}</tbody></table>"
    )


def _problems(page: Page) -> str:
    t = page.totals
    items = []
    if page.problem_count:
        shown = "".join(f"<li>{esc(p)}</li>" for p in page.problems)
        items.append(f"<li>{_num(page.problem_count)} unreadable line(s)<ul>{shown}</ul></li>")
    if t.malformed_spans:
        items.append(f"<li>{_num(t.malformed_spans)} malformed removal entries ignored</li>")
    if t.cleaned and t.with_source < t.cleaned:
        items.append(
            f"<li>{_num(t.cleaned - t.with_source)} record(s) carry no <code>source</code> "
            "field: their documents show kept text and the list of removals only</li>"
        )
    if not items:
        return ""
    return f'<div class="problems"><h3>Notes on the input</h3><ul>{"".join(items)}</ul></div>'


def _documents_section(page: Page, docs: list[dict[str, Any]], intern: Interner) -> str:
    t = page.totals
    cat_counts: Counter[int] = Counter(c for d in docs for c in d["cats"])
    lang_counts: Counter[str] = Counter(d["lang"] for d in docs)
    cat_options = "".join(
        f'<option value="{i}">{esc(intern.values[i])} ({cat_counts[i]})</option>'
        for i in sorted(cat_counts, key=lambda i: intern.values[i])
    )
    lang_options = "".join(
        f'<option value="{esc(lang)}">{esc(lang)} ({n})</option>'
        for lang, n in sorted(lang_counts.items())
    )
    if len(docs) < t.cleaned:
        scope = (
            f"A deterministic sample of {_num(len(docs))} of {_num(t.cleaned)} cleaned documents "
            f"(<code>--sample {page.sample_size}</code>, chosen by a hash of the id, with a few "
            "per category)"
        )
    else:
        scope = f"All {_num(len(docs))} cleaned documents"
    return f"""<section id="documents">
<h2>Documents</h2>
<p>{scope}, sorted by share removed. Hover a highlight for its reason.</p>
<form class="filters" role="search" autocomplete="off">
<label>Search <input type="search" id="f-search" placeholder="id or text"></label>
<label>Category <select id="f-cat"><option value="">all categories</option>
{cat_options}</select></label>
<label>Language <select id="f-lang"><option value="">all languages</option>
{lang_options}</select></label>
<output id="f-count" aria-live="polite"></output>
</form>
<noscript><p class="problems">The document list needs JavaScript;
totals and rejects above and below do not.</p></noscript>
<div class="docs">
<ol id="doc-list" aria-label="documents"></ol>
<article id="viewer" aria-live="polite"><p class="empty">No document selected.</p></article>
</div>
</section>"""


def _rejects_section(t: Totals) -> str:
    if not t.rejected:
        return '<section id="rejects"><h2>Rejects</h2><p class="empty">No rejects.</p></section>'
    reasons = t.reject_reasons.most_common()
    shown, rest = reasons[:MAX_REASONS_LISTED], reasons[MAX_REASONS_LISTED:]
    reason_rows = "".join(f"<tr><td>{esc(r)}</td><td>{_num(n)}</td></tr>" for r, n in shown)
    if rest:
        reason_rows += (
            f"<tr><td>{len(rest)} other reason(s)</td><td>{_num(sum(n for _, n in rest))}</td></tr>"
        )
    listed = "".join(f"<tr><td>{esc(r.id)}</td><td>{esc(r.reason)}</td></tr>" for r in t.rejects)
    more = (
        f"<p>First {_num(len(t.rejects))} of {_num(t.rejected)} listed; all are in "
        "<code>rejects.jsonl</code>.</p>"
        if len(t.rejects) < t.rejected
        else ""
    )
    return f"""<section id="rejects">
<h2>Rejects <small>{_num(t.rejected)}</small></h2>
<table id="reject-reasons"><caption>By reason</caption>
<thead><tr><th>reason</th><th>documents</th></tr></thead>
<tbody>{reason_rows}</tbody></table>
<details><summary>Every reject</summary>{more}
<table id="reject-list"><thead><tr><th>document</th><th>reason</th></tr></thead>
<tbody>{listed}</tbody></table></details>
</section>"""


def _run_section(page: Page) -> str:
    if page.summary is None:
        body = '<p class="empty">No readable summary.json in this run.</p>'
    else:
        text = orjson.dumps(page.summary, option=orjson.OPT_INDENT_2).decode("utf-8")
        if len(text) > MAX_SUMMARY_CHARS:
            text = text[:MAX_SUMMARY_CHARS] + "\n…"
        body = f"<details><summary>summary.json</summary><pre>{esc(text)}</pre></details>"
    return f'<section id="run"><h2>Run</h2>{body}</section>'
