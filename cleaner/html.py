"""HTML mode: a page -> its main text, with every other visible line reported.

Steps, in the order data flows:

1. decode (``html_decode``): BOM, the page's charset declaration, UTF-8, detector;
2. parse with lxml once (no network, no entity expansion) and render the
   visible text as lines, each with the category its DOM ancestors hint at
   (``html_render``); these lines, encoding-repaired, are ``Result.source``;
3. trafilatura finds the main content in the same tree (fast mode; its
   default mode with fallback extractors when the fast one finds little);
   its text is located
   in the rendered lines (whitespace-blind, in order, long pieces as anchors
   chained by a longest increasing subsequence), so each line is either kept
   by it or dropped; article-length prose it dropped between its first and
   last kept line, or above its first (a lead paragraph; a shorter standfirst
   right above it), is put back unless a DOM hint speaks against it;
4. dropped lines are removed with their DOM hint as category (navigation,
   footer, related, comments, caption, social_embed, share, advertisement;
   "non_main" when no hint says more); kept lines inside a <footer> or a box
   whose class names a notice (disclaimer, affiliate disclosure, newsletter,
   author bio, breadcrumb), kept lines that are mostly one link (teasers) and
   short headers above a list of links are removed too;
5. the remaining lines go through the text pipeline, exactly as ``clean``
   would see the kept text, so cleaning ``result.text`` again removes nothing.

Measured on webeval (990 pages, ``make eval``): F1 0.941 (P 0.944, R 0.939)
against trafilatura.extract's 0.921 (P 0.897, R 0.947) in the same run, at
1.02-1.06x its time per page (wall clock on a shared machine).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import trafilatura
from lxml import etree, html

from .classify import Decision, describe
from .encoding import Repaired
from .html_decode import decode_html
from .html_render import Rendered, render
from .result import Category, Result
from .segment import Block, split_blocks

if TYPE_CHECKING:
    from .pipeline import Cleaner

# When trafilatura's fast mode keeps less than this share of the visible
# text, and fewer characters than this, its default mode (with fallback
# extractors) is tried as well. The length cap: on webeval, no page whose
# fast text had 1000+ characters (an article was found) gained an article
# snippet from the fallback, 5 boilerplate snippets came in, and those big
# pages took a quarter of all fallback time (F1 0.9381 -> 0.9387).
SHORT_EXTRACTION_SHARE = 0.1
SHORT_EXTRACTION_MAX_CHARS = 1000
# A piece of extracted text at least this long (without spaces) is unique
# enough to anchor the alignment; shorter ones are only looked for between anchors.
ANCHOR_MIN_CHARS = 24
# Occurrences of one anchor considered (a headline may repeat in teasers).
ANCHOR_OCCURRENCES = 3
# A line counts as kept by the extractor when this share of its characters
# was found in the extractor's output.
KEPT_LINE_SHARE = 0.5
# A line the extractor kept is still removed when a strong hint says footer,
# advertisement, metadata or navigation: a <footer> tag, or a class word
# naming a box an editor puts into the article (disclaimer, affiliate
# disclosure, call to action, newsletter sign-up, author bio, breadcrumb; see
# html_render). Other hints do not override the extractor: measured on
# webeval, class words ("share-enabled", "related" wrappers) and even
# <figcaption> and embedded posts (blockquote.twitter-tweet) remove more
# annotated article text than boilerplate there; captions and embeds the
# extractor keeps are left to the text rules, which judge their wording.
HINTS_OVERRIDING_EXTRACTOR = frozenset(
    {Category.FOOTER, Category.ADVERTISEMENT, Category.METADATA, Category.NAVIGATION}
)
# A kept line whose text is mostly link text, and long enough to be a
# headline, is a teaser for another page ("Read more: ..." lists). Shorter
# ones are left alone: list items and headings in articles are often links.
LINK_LINE_SHARE = 0.5
LINK_LINE_MIN_WORDS = 6
# A short kept line (a few words, not itself a link) right above at least this
# many mostly-link lines is the header of a link list ("Weitere Informationen:",
# "Beiträge aus dem Forum", a table of contents): it goes, with the short link
# lines under it the teaser rule above spares. Measured on webeval (4 words,
# 2 links): 5 such headers and teasers removed, no article snippet
# (F1 0.9387 -> 0.9396; longer headers or more links: no better).
LINK_LIST_HEADER_MAX_WORDS = 4
LINK_LIST_MIN_LINES = 2
# A line the extractor dropped inside the article's span is put back when it
# has no DOM hint and is prose of at least this many words (webeval F1 with
# 30: 0.931, 20: 0.933, 15: 0.934, 12: 0.934 at lower precision).
READD_MIN_WORDS = 15
# ...or when its only hint is one of these: "related" and "share" wrappers
# often hold a whole article's paragraphs (a teaser layout reused for the
# article, a share bar's container). Measured on webeval, putting back such
# long prose inside the article's span recovers 10 article snippets for 2
# boilerplate ones; other hints (captions, footers, comments) do not pay.
READD_DESPITE_HINTS = frozenset({Category.RELATED, Category.SHARE})
READD_NO_HINTS: frozenset[Category] = frozenset()
# Above the first kept line, the walk up for dropped prose (the lead, an
# intro in its own box) steps over at most this many other lines (a caption,
# a date, a byline) before it stops. Measured on webeval: stopping at the
# first such line gets 0.927, stepping over 4 0.932, 10 0.933, any number
# 0.933, precision unchanged; below the last kept line the same walk loses
# (comments and teasers are prose too), so it only goes up.
LEAD_SKIP_LINES = 10
# Right above the first kept line (at most this many lines up) a shorter
# sentence is enough: a standfirst or subtitle ("This post originally appeared
# on ...", a review's one-line verdict) that the extractor left out. Measured
# on webeval: 3 article snippets back for 1 boilerplate one (F1 0.9396 -> 0.9400).
STANDFIRST_LINES = 2
STANDFIRST_MIN_WORDS = 6
# Attribute values are cut to this length before extraction: no class or id
# is longer, and trafilatura's patterns would take seconds on a 5 MB value.
MAX_ATTRIBUTE_CHARS = 2048
_LONG_ATTRIBUTES = etree.XPath(f"//@*[string-length(.) > {MAX_ATTRIBUTE_CHARS}]")
# libxml2 stops at 2048 levels of nesting (even with huge_tree); text below
# is lost. Such pages are re-read with their layout tags turned into line
# breaks, which keeps the text and its lines.
_DEPTH_ERROR = "Excessive depth"
_LAYOUT_TAG_RE = re.compile(
    rb"</?(?:div|span|font|section|article|center|blockquote|table|tbody|tr|td|ul|ol|li|p)"
    rb"(?:\s[^<>]{0,4096})?/?>",
    re.IGNORECASE,
)
# What the alignment ignores: whitespace and the invisible characters the
# renderer drops too.
_SQUEEZE_RE = re.compile("[\\s\u00ad\u200b\u2060\ufeff]+")
_TABLE_RULE_RE = re.compile(r"[-:]+")
_LIST_MARK_RE = re.compile(r"^(?:[-*•]\s)")
_TRAFILATURA_OPTIONS = {
    "output_format": "txt",
    "include_comments": False,
    "include_tables": True,
    "with_metadata": False,
}


def parse_html(text: str) -> html.HtmlElement:
    """Parse decoded HTML; raise ValueError when there is no document to read.

    The parser reads no network resource and expands no entity (libxml2's
    HTML parser has no DTD entities; an XML DOCTYPE's entity bomb stays text).
    """
    data = text.encode("utf-8", errors="replace")
    root, error_log = _parse(data)
    if any(_DEPTH_ERROR in error.message for error in error_log):
        root, error_log = _parse(_LAYOUT_TAG_RE.sub(b"<br>", data))
        if any(_DEPTH_ERROR in error.message for error in error_log):
            raise ValueError("cannot parse HTML: nested deeper than 2048 elements")
    for value in _LONG_ATTRIBUTES(root):
        value.getparent().set(value.attrname, value[:MAX_ATTRIBUTE_CHARS])
    return root


# lxml.html's own lookup picks form and input classes by tag in Python, once
# per element proxy; render and trafilatura create hundreds of thousands of
# proxies, so the C-level default lookup (every element an HtmlElement, the
# class trafilatura expects) cuts their time (about 4% of trafilatura's).
_ELEMENT_CLASSES = etree.ElementDefaultClassLookup(
    element=html.HtmlElement,
    comment=html.HtmlComment,
    pi=html.HtmlProcessingInstruction,
    entity=html.HtmlEntity,
)


def _parse(data: bytes) -> tuple[html.HtmlElement, etree._ListErrorLog]:
    # A parser per page: its error log is what tells a truncated parse.
    parser = html.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        collect_ids=False,
        huge_tree=True,  # pages may have text nodes over 10 MB
        default_doctype=False,
    )
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    try:
        root = html.document_fromstring(data, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise ValueError(f"cannot parse HTML: {error}") from None
    if root is None:
        raise ValueError("cannot parse HTML: no document element")
    return root, parser.error_log


def extract_main(root: etree._Element, url: str | None, visible_chars: int) -> str:
    """trafilatura's main text for a parsed page ("" when it finds none).

    The fast mode runs first; when its text is short and a small share of the
    page's visible text, trafilatura's default mode (which compares with its
    readability and jusText fallbacks) runs too and its text is used. On
    webeval this gets the default mode's F1 at about half its cost.
    """
    text = _trafilatura(root, url, fast=True)
    if len(text) < min(SHORT_EXTRACTION_MAX_CHARS, SHORT_EXTRACTION_SHARE * visible_chars):
        text = _trafilatura(root, url, fast=False) or text
    return text


def _trafilatura(root: etree._Element, url: str | None, *, fast: bool) -> str:
    try:
        return trafilatura.extract(root, url=url, fast=fast, **_TRAFILATURA_OPTIONS) or ""
    except (ValueError, TypeError, RecursionError, etree.LxmlError):
        return ""  # trafilatura gave up on this tree: nothing is main text


def clean_html_with(cleaner: Cleaner, page: str | bytes, url: str | None = None) -> Result:
    """Clean one HTML page with ``cleaner``'s settings (see the module doc)."""
    root = parse_html(decode_html(page))
    rendered = render(root)
    kept = readd_prose(rendered, align(rendered, extract_main(root, url, len(rendered.text))))
    repaired = cleaner._repair(rendered.text) if cleaner.settings.repair_encoding else None
    source, blocks = _repaired_blocks(rendered, repaired)
    decisions = _decide(cleaner, blocks, rendered, kept)
    kept_text = "\n".join(b.text for b, d in zip(blocks, decisions, strict=True) if d is None)
    from .pipeline import _removals  # the text mode's run-merging, shared

    return Result(
        text=kept_text,
        source=source,
        removed=_removals(source, blocks, decisions),
        language=cleaner._identify(kept_text or source),
        fixes=repaired.fixes if repaired is not None else [],
    )


def readd_prose(rendered: Rendered, kept: list[bool]) -> list[bool]:
    """Also keep long, sentence-like lines inside the article's span or just above it.

    Extractors drop a paragraph now and then (an odd wrapper, a quote box, the
    lead in its own box); between the first and last kept line, or above the
    first (stepping over at most ``LEAD_SKIP_LINES`` other lines), a line of
    article-length prose with no DOM hint against it (or only a weak one,
    ``READD_DESPITE_HINTS``) is article text; so is a shorter sentence with no
    hint just above the first kept line (a standfirst, ``STANDFIRST_LINES``).
    """
    indices = [i for i, k in enumerate(kept) if k]
    if not indices:
        return kept
    out = list(kept)
    for i in range(indices[0] + 1, indices[-1]):
        if not out[i] and _article_prose(rendered, i):
            out[i] = True
    # The lead paragraph above the first kept line is the one extractors drop
    # most (a standfirst or intro in its own wrapper): put back such prose upward.
    for i in range(max(0, indices[0] - STANDFIRST_LINES), indices[0]):
        if _article_prose(rendered, i, STANDFIRST_MIN_WORDS, READD_NO_HINTS):
            out[i] = True
    i, skipped = indices[0] - 1, 0
    while i >= 0 and skipped <= LEAD_SKIP_LINES:
        if _article_prose(rendered, i):
            out[i] = True
        else:
            skipped += 1
        i -= 1
    return out


def _article_prose(
    rendered: Rendered,
    i: int,
    min_words: int = READD_MIN_WORDS,
    despite_hints: frozenset[Category] = READD_DESPITE_HINTS,
) -> bool:
    """Whether line ``i`` reads as article prose and no DOM hint speaks against it."""
    hint = rendered.hints[i]
    if hint is not None and hint not in despite_hints:
        return False
    if rendered.link_share[i] >= LINK_LINE_SHARE:
        return False
    info = describe(rendered.blocks[i].text, None)
    return info.prose and info.words >= min_words


def _repaired_blocks(rendered: Rendered, repaired: Repaired | None) -> tuple[str, list[Block]]:
    """The source after encoding repair and its lines, one per rendered line."""
    if repaired is None or repaired.text == rendered.text:
        return rendered.text, rendered.blocks
    blocks = split_blocks(repaired.text)
    if len(blocks) == len(rendered.blocks):
        return repaired.text, blocks
    # Repair changed the line structure (rare): keep the unrepaired lines so
    # every line keeps its extractor verdict and DOM hint.
    return rendered.text, rendered.blocks


def _decide(
    cleaner: Cleaner, blocks: Sequence[Block], rendered: Rendered, kept: Sequence[bool]
) -> list[Decision | None]:
    categories = cleaner.settings.categories
    decisions: list[Decision | None] = [None] * len(blocks)
    survivors: list[int] = []
    for i, (hint, is_kept) in enumerate(zip(rendered.hints, kept, strict=True)):
        category = hint or Category.NON_MAIN
        if not is_kept:
            if category in categories:
                decisions[i] = _dropped(category, hint)
                continue
        elif rendered.strong[i] and hint in HINTS_OVERRIDING_EXTRACTOR and hint in categories:
            decisions[i] = Decision(hint, f"inside a {hint} element of the page", "dom-hint")
            continue
        elif (
            rendered.link_share[i] >= LINK_LINE_SHARE
            and len(blocks[i].text.split()) > LINK_LINE_MIN_WORDS
            and Category.RELATED in categories
        ):
            decisions[i] = Decision(Category.RELATED, "a line that is mostly a link", "link-line")
            continue
        survivors.append(i)
    if Category.RELATED in categories:
        survivors = _drop_link_lists(blocks, rendered, survivors, decisions)
    # The text pipeline sees the survivors exactly as clean() would see the kept text.
    text = "\n".join(blocks[i].text for i in survivors)
    verdicts = cleaner.decide(text, split_blocks(text))
    for i, verdict in zip(survivors, verdicts, strict=True):
        decisions[i] = verdict
    return decisions


def _drop_link_lists(
    blocks: Sequence[Block],
    rendered: Rendered,
    survivors: list[int],
    decisions: list[Decision | None],
) -> list[int]:
    """Decide the link-list headers among ``survivors`` (and their links); return the rest."""
    share = rendered.link_share
    alive = set(survivors)
    for i in survivors:
        end = i + 1 + LINK_LIST_MIN_LINES
        if (
            i not in alive
            or end > len(blocks)
            or share[i] >= LINK_LINE_SHARE
            or len(blocks[i].text.split()) > LINK_LIST_HEADER_MAX_WORDS
            or any(share[j] < LINK_LINE_SHARE for j in range(i + 1, end))
        ):
            continue
        alive.discard(i)
        decisions[i] = Decision(Category.RELATED, "a header above a list of links", "link-list")
        j = i + 1
        while j < len(blocks) and share[j] >= LINK_LINE_SHARE:
            if j in alive:
                alive.discard(j)
                decisions[j] = Decision(
                    Category.RELATED, "a link in a list under a header", "link-list"
                )
            j += 1
    return [i for i in survivors if i in alive]


def _dropped(category: Category, hint: Category | None) -> Decision:
    if hint is None:
        return Decision(category, "outside the main content found by trafilatura", "extractor")
    return Decision(
        category, f"outside the main content, inside a {hint} element of the page", "extractor"
    )


def _pieces(extracted: str) -> list[str]:
    """The extractor's text as whitespace-free pieces, in order.

    Table rows ("| a | b |") are split into cells, their rule lines dropped.

    >>> _pieces("- one item\\n| A | table row |\\n|---|---|\\n\\nText\\u00ad")
    ['oneitem', 'A', 'tablerow', 'Text']
    """
    out = []
    for line in extracted.splitlines():
        line = _LIST_MARK_RE.sub("", line.strip()).replace("\\|", "|")
        for cell in line.split("|") if "|" in line else (line,):
            piece = _SQUEEZE_RE.sub("", cell)
            if piece and not _TABLE_RULE_RE.fullmatch(piece):
                out.append(piece)
    return out


def align(rendered: Rendered, extracted: str) -> list[bool]:
    """Per rendered line, whether the extractor kept it.

    Matching ignores whitespace (the extractor and the renderer join inline
    text differently). Long pieces are found first, in order, as anchors;
    short pieces (titles, list items) are then looked for only between their
    neighbouring anchors, so "Home" in a menu does not steal a heading's match.
    Each search starts where the previous one ended, so the cost is linear in
    practice.

    >>> from lxml import html
    >>> page = html.document_fromstring(
    ...     "<body><p>Home</p><h1>Home</h1><p>A long paragraph of the article body.</p></body>")
    >>> align(render(page), "Home\\nA long paragraph of the article body.")
    [False, True, True]
    """
    blocks = rendered.blocks
    if not blocks or not extracted:
        return [False] * len(blocks)
    # The rendered text without whitespace, line by line.
    squeezed_parts = [_SQUEEZE_RE.sub("", block.text) for block in blocks]
    squeezed = "".join(squeezed_parts)
    pieces = _pieces(extracted)
    spans: list[tuple[int, int] | None] = [None] * len(pieces)
    # Pass 1: anchors. A long piece can occur more than once (a headline also
    # in a "related" list), so take its first few occurrences and keep the
    # longest chain of pieces whose positions increase with their order.
    candidates: list[tuple[int, int]] = []  # (position, piece index)
    for k, piece in enumerate(pieces):
        if len(piece) < ANCHOR_MIN_CHARS:
            continue
        found, occurrences = squeezed.find(piece), []
        while found >= 0 and len(occurrences) < ANCHOR_OCCURRENCES:
            occurrences.append((found, k))
            found = squeezed.find(piece, found + 1)
        candidates.extend(reversed(occurrences))  # one piece cannot chain with itself
    for position, k in _longest_increasing(candidates):
        spans[k] = (position, position + len(pieces[k]))
    # Pass 2: short pieces, between the anchors around them: forward from the
    # anchor before them, or, before the first anchor, backward from it (a
    # title sits just above the text, not at the top of the page).
    # With no anchor at all, everything is searched forward from the top.
    first_anchor = next((k for k, span in enumerate(spans) if span is not None), 0)
    anchor = spans[first_anchor] if pieces else None
    upper = anchor[0] if anchor is not None else len(squeezed)
    for k in range(first_anchor - 1, -1, -1):
        found = squeezed.rfind(pieces[k], 0, upper)
        if found >= 0:
            spans[k] = (found, found + len(pieces[k]))
            upper = found
    next_anchor = [len(squeezed)] * (len(pieces) + 1)
    for k in range(len(pieces) - 1, -1, -1):
        span = spans[k]
        next_anchor[k] = span[0] if span is not None else next_anchor[k + 1]
    lower = 0
    extra: list[tuple[int, int] | None] = []
    for k in range(first_anchor, len(pieces)):
        piece, span = pieces[k], spans[k]
        if span is not None:
            lower = span[1]
            continue
        upper = next_anchor[k + 1]
        if len(piece) < ANCHOR_MIN_CHARS:
            found = squeezed.find(piece, lower, upper)
            if found >= 0:
                spans[k] = (found, found + len(piece))
                lower = found + len(piece)
            continue
        # A long piece the extractor changed inside (dropped a link, merged
        # duplicates): find its chunks between the anchors around it.
        for chunk_start in range(0, len(piece), ANCHOR_MIN_CHARS):
            chunk = piece[chunk_start : chunk_start + ANCHOR_MIN_CHARS]
            found = squeezed.find(chunk, lower, upper)
            if found >= 0:
                extra.append((found, found + len(chunk)))
                lower = found + len(chunk)
    spans.extend(extra)
    return _kept_lines(squeezed_parts, [span for span in spans if span is not None])


def _longest_increasing(candidates: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence with strictly increasing first items (patience sorting).

    >>> _longest_increasing([(5, 0), (1, 1), (2, 2), (9, 3), (3, 4)])
    [(1, 1), (2, 2), (3, 4)]
    """
    tails: list[int] = []  # tails[n]: smallest last position of a chain of length n + 1
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(candidates)
    for i, (position, _) in enumerate(candidates):
        n = bisect.bisect_left(tails, position)
        if n == len(tails):
            tails.append(position)
            tail_index.append(i)
        else:
            tails[n] = position
            tail_index[n] = i
        previous[i] = tail_index[n - 1] if n else -1
    chain = []
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        chain.append(candidates[i])
        i = previous[i]
    return chain[::-1]


def _kept_lines(parts: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[bool]:
    """Per line (its whitespace-free text in ``parts``), whether spans cover enough of it."""
    starts = list(itertools.accumulate((len(p) for p in parts), initial=0))
    hit = [0] * len(parts)
    for start, end in spans:
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_right(starts, end - 1) - 1
        for i in range(first, last + 1):
            hit[i] += min(end, starts[i + 1]) - max(start, starts[i])
    return [bool(part) and hit[i] >= KEPT_LINE_SHARE * len(part) for i, part in enumerate(parts)]
